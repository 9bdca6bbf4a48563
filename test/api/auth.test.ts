// Authentication as upstream does it (docs/api.md §2.7, docs/compatibility.md 12), against the real server.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runCli } from '../helpers/cli.ts';
import { tempDbPath } from '../helpers/db.ts';
import { openDb, type Db } from '../../src/db/connection.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let path: string;
let db: Db;
let server: TestServer;
let token: string;

test.before(async () => {
  path = tempDbPath();
  for (const args of [
    ['project', 'add', 'linux', '--name', 'Linux', '--list-id', 'linux.kernel.org', '--list-email', 'linux@kernel.org'],
    ['user', 'add', 'alice', '--email', 'alice@example.org', '--password-stdin'],
    ['maintainer', 'add', 'linux', 'alice'],
    ['user', 'add', 'retired', '--email', 'retired@example.org', '--password-stdin'],
  ]) {
    const r = await runCli(['--db', path, ...args], 'sekrit pass\n');
    assert.is(r.code, 0, r.stderr);
  }
  token = (await runCli(['--db', path, 'token', 'create', 'alice'])).stdout.trim();
  await runCli(['--db', path, 'user', 'edit', 'retired', '--inactive']);
  db = openDb(path);
  server = await startTestServer(db);
});

test.after(async () => {
  await server.close();
  db.close();
});

async function get(url: string, authorization?: string) {
  const res = await fetch(server.url + url, { headers: authorization ? { authorization } : {} });
  return { status: res.status, body: await res.json(), type: res.headers.get('content-type') };
}

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

test('the index answers anonymously, with a token and with a password', async () => {
  for (const auth of [undefined, `Token ${token}`, `token ${token}`, basic('alice', 'sekrit pass')]) {
    const r = await get('/api/1.4/', auth);
    assert.is(r.status, 200, String(auth));
    assert.is(r.type, 'application/json');
    assert.is(r.body.patches, `${server.url}/api/1.4/patches/`);
  }
});

test('bad credentials answer 403 with upstream bodies, even on public reads', async () => {
  assert.equal(await get('/api/1.4/', 'Token 0123456789abcdef0123456789abcdef01234567'), {
    status: 403,
    body: { detail: 'Invalid token.' },
    type: 'application/json',
  });
  assert.equal((await get('/api/', basic('alice', 'wrong'))).body, { detail: 'Invalid username/password.' });
  assert.equal((await get('/api/', basic('nobody', 'x'))).body, { detail: 'Invalid username/password.' });
  assert.equal((await get('/api/', basic('retired', 'sekrit pass'))).body, { detail: 'User inactive or deleted.' });
  assert.equal((await get('/api/', 'Token')).body, { detail: 'Invalid token header. No credentials provided.' });
  assert.equal((await get('/api/', 'Token a b')).body, { detail: 'Invalid token header. Token string should not contain spaces.' });
  assert.is((await get('/api/', 'Token a b')).status, 403);
  assert.equal(await get('/api/', 'Basic'), {
    status: 403,
    body: { detail: 'Invalid basic header. No credentials provided.' },
    type: 'application/json',
  });
  assert.equal((await get('/api/', 'Basic a b')).body, { detail: 'Invalid basic header. Credentials string should not contain spaces.' });
});

test('refusals are 403 without a WWW-Authenticate challenge, never 401', async () => {
  for (const [url, authorization] of [
    ['/api/1.4/', 'Token 0123456789abcdef0123456789abcdef01234567'],
    ['/api/1.4/', basic('alice', 'wrong')],
    ['/api/1.4/users/', basic('retired', 'sekrit pass')],
  ]) {
    const res = await fetch(server.url + url, { headers: { authorization } });
    assert.is(res.status, 403, url);
    assert.is(res.headers.get('www-authenticate'), null, url);
  }
  const anonymousWrite = await fetch(server.url + '/api/1.4/projects/1/', { method: 'PATCH' });
  assert.is(anonymousWrite.status, 403);
  assert.is(anonymousWrite.headers.get('www-authenticate'), null);
});

test('a revoked token stops working', async () => {
  const fresh = (await runCli(['--db', path, 'token', 'create', 'retired'])).stdout.trim();
  await runCli(['--db', path, 'token', 'revoke', 'retired']);
  assert.is((await get('/api/', `Token ${fresh}`)).status, 403);
});

test('the database holds no token or password in clear', () => {
  const dump = JSON.stringify(db.prepare('SELECT * FROM users').all()) + JSON.stringify(db.prepare('SELECT * FROM api_tokens').all());
  assert.not.ok(dump.includes(token));
  assert.not.ok(dump.includes('sekrit pass'));
});

test('unknown routes and versions answer 404 JSON', async () => {
  assert.equal(await get('/api/1.4/nothing/'), { status: 404, body: { detail: 'Not found.' }, type: 'application/json' });
  assert.is((await get('/api/2.0/')).status, 404);
});

test.run();
