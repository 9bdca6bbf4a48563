// Password checks a hostile client cannot turn against the server: off the
// event loop, as costly for unknown names as for known ones, throttled per
// client and per account with DRF's 429; and the token header split as DRF
// splits it. Also: an account registered before its owner's first mail owns
// the patches of that mail.
import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { insertUser, setTokenHash } from '../../src/db/users.ts';
import { hashPassword, verifyPassword } from '../../src/auth/password.ts';
import { checkLogin } from '../../src/auth/login.ts';
import { clientNetwork, FailureBuckets, LoginThrottle } from '../../src/auth/throttle.ts';
import { generateToken, hashToken } from '../../src/auth/token.ts';
import { ingestMail } from '../../src/ingest/ingest.ts';
import { tempDb } from '../helpers/db.ts';
import { loadMigrations, migrate } from '../../src/db/migrate.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let db: Db;
let server: TestServer;
let token: string;
const HASH = hashPassword('right one');

test.before(async () => {
  try {
    db = tempDb().db;
    insertProject(db, { linkname: 'demo', name: 'Demo', listid: 'demo.example.org', listemail: 'demo@example.org' });
    for (const name of ['alice', 'bob', 'carol']) insertUser(db, { username: name, email: `${name}@example.org`, password_hash: HASH });
    token = generateToken();
    setTokenHash(db, 1, hashToken(token));
    // Client: 3 failures then one per 60 s; account: 5 then one per 60 s.
    server = await startTestServer(db, undefined, {
      logins: new LoginThrottle({ burst: 3, refillSeconds: 60 }, { burst: 5, refillSeconds: 60 }),
    });
  } catch (e) {
    console.error(e);
    throw e;
  }
});
test.after(() => server?.close());

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

/** GET from a chosen loopback source address (127.0.0.0/8 is all local). */
function get(path: string, authorization: string, from = '127.0.0.1'): Promise<{ status: number; body: any; retryAfter?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers: { authorization }, localAddress: from }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, body: JSON.parse(text), retryAfter: res.headers['retry-after'] as string | undefined }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('a password check does not hold the event loop', async () => {
  let turned = false;
  setImmediate(() => (turned = true));
  assert.is(await verifyPassword('wrong', HASH), false);
  assert.ok(turned, 'the loop ran other work while scrypt ran');
});

test('an unknown username is checked against a dummy hash, off the loop like a known one', async () => {
  let turned = false;
  setImmediate(() => (turned = true));
  const result = await checkLogin(db, new LoginThrottle(), { username: 'nobody', password: 'x', client: '10.0.0.1' });
  assert.equal(result, { ok: false, reason: 'invalid' });
  assert.ok(turned, 'the unknown name cost a real scrypt on the pool');
  assert.is(await verifyPassword('x', null), false);
});

test('Authorization: Token<TAB>key is accepted, as DRF splits on any whitespace', async () => {
  const r = await get('/api/users/', `Token\t${token}`);
  assert.is(r.status, 200);
  assert.is(r.body[0].username, 'alice');
});

test('failed passwords from one client: 403 each, then 429 with Retry-After for every account', async () => {
  for (let i = 0; i < 3; i++) assert.is((await get('/api/', basic('alice', `guess ${i}`), '127.0.0.2')).status, 403);
  const refused = await get('/api/', basic('bob', 'right one'), '127.0.0.2');
  assert.is(refused.status, 429);
  // The bucket refills while the three scrypt checks run: on a busy machine
  // they take seconds, so the wait is up to 60 s, never exactly known.
  const wait = Number(refused.retryAfter);
  assert.ok(wait > 50 && wait <= 60, `Retry-After ${refused.retryAfter}`);
  assert.equal(refused.body, { detail: `Request was throttled. Expected available in ${wait} seconds.` });
  // Other clients are not affected.
  assert.is((await get('/api/', basic('bob', 'right one'), '127.0.0.3')).status, 200);
});

test('failed passwords for one account from many clients: that account answers 429, others do not', async () => {
  for (let i = 0; i < 5; i++) assert.is((await get('/api/', basic('carol', 'guess'), `127.0.1.${i + 1}`)).status, 403);
  const refused = await get('/api/', basic('carol', 'right one'), '127.0.1.9');
  assert.is(refused.status, 429);
  assert.ok(Number(refused.retryAfter) > 0);
  assert.is((await get('/api/', basic('bob', 'right one'), '127.0.1.9')).status, 200);
});

test('a throttled client fetching a private download counts as anonymous', async () => {
  const r = await new Promise<number>((resolve, reject) => {
    const req = request(
      `${server.url}/bundle/alice/none/mbox/`,
      { headers: { authorization: basic('alice', 'right one') }, localAddress: '127.0.0.2' },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.is(r, 404);
});

test('buckets refill with time and stay bounded in number', () => {
  const buckets = new FailureBuckets({ burst: 2, refillSeconds: 10 }, 100);
  buckets.failed('a', 0);
  buckets.failed('a', 0);
  assert.is(buckets.wait('a', 0), 10);
  assert.is(buckets.wait('a', 5_000), 5);
  assert.is(buckets.wait('a', 10_000), 0);
  for (let i = 0; i < 5_000; i++) buckets.failed(`k${i}`, 0);
  assert.is(buckets.size, 100);
});

const NETWORKS: [string | undefined, string][] = [
  ['192.0.2.7', '192.0.2.7'],
  ['::ffff:192.0.2.7', '192.0.2.7'],
  ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
  ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
  ['2001:0db8::1', '2001:db8:0:0::/64'],
  ['::1', '0:0:0:0::/64'],
  [undefined, ''],
];
for (const [address, network] of NETWORKS) {
  test(`client network of ${address}`, () => assert.is(clientNetwork(address), network));
}

test('an account registered before its first mail owns the patch that mail creates', async () => {
  const userId = insertUser(db, { username: 'dora', email: 'Dora@Example.org', password_hash: null });
  const doraToken = generateToken();
  setTokenHash(db, userId, hashToken(doraToken));
  const outcome = ingestMail(
    db,
    Buffer.from(
      'From: Dora <dora@example.org>\nSubject: [PATCH] fix\nMessage-Id: <dora1@x>\nList-Id: <demo.example.org>\n' +
        'Date: Mon, 2 Mar 2026 10:00:00 +0000\n\nfix\n---\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n',
    ),
  );
  assert.is(outcome.kind, 'patch');
  const id = (outcome as { id: number }).id;
  const res = await fetch(`${server.url}/api/patches/${id}/`, {
    method: 'PATCH',
    headers: { authorization: `Token ${doraToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ archived: true }),
  });
  assert.is(res.status, 200);
  assert.is((await res.json()).archived, true);
});

test('migration 0005 links people already stored to earlier accounts with their email', () => {
  const { db: old } = tempDb();
  const userId = insertUser(old, { username: 'erin', email: 'erin@example.org', password_hash: null });
  old.prepare("INSERT INTO people (email, name) VALUES ('ERIN@example.org', 'Erin'), ('zed@example.org', 'Zed')").run();
  old.pragma('user_version = 4');
  // Only up to 0005: the later migrations are already in this database.
  assert.ok(
    migrate(
      old,
      loadMigrations().filter((m) => m.version <= 5),
    ).includes('0005_people_linked_to_earlier_users.sql'),
  );
  assert.equal(old.prepare('SELECT email, user_id FROM people ORDER BY id').all(), [
    { email: 'ERIN@example.org', user_id: userId },
    { email: 'zed@example.org', user_id: null },
  ]);
  old.close();
});

test.run();
