// The response cache never serves data older than the database.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openDb } from '../../src/db/connection.ts';
import { ResponseCache } from '../../src/api/cache.ts';
import { responseCache } from '../../src/api/read.ts';
import { tempDb } from '../helpers/db.ts';
import { get, readFixture, type ReadFixture } from './read-helpers.ts';

const test = suite<{ f: ReadFixture }>('read: response cache');
test.before(async (ctx) => {
  ctx.f = await readFixture();
});
test.after(async (ctx) => ctx.f.server.close());

const state = async (f: ReadFixture) => (await get(f, '/api/patches/2/')).body.state;

test('repeated reads answer the same bytes', async ({ f }) => {
  const a = await fetch(`${f.server.url}/api/patches/?per_page=5`);
  const b = await fetch(`${f.server.url}/api/patches/?per_page=5`);
  assert.is(await a.text(), await b.text());
  assert.is(a.headers.get('link'), b.headers.get('link'));
});

test('a write on the server connection shows at once', async ({ f }) => {
  f.db.prepare('UPDATE patches SET state_id = 3 WHERE id = 2').run();
  assert.is(await state(f), 'accepted');
  f.db.prepare('UPDATE patches SET state_id = 4 WHERE id = 2').run();
  assert.is(await state(f), 'rejected');
});

test('a commit by another process shows at once', async ({ f }) => {
  assert.is(await state(f), 'rejected');
  const other = openDb(f.path);
  other.prepare('UPDATE patches SET state_id = 5 WHERE id = 2').run();
  other.close();
  assert.is(await state(f), 'rfc');
});

test('who asks is part of the key', async ({ f }) => {
  assert.is((await get(f, '/api/bundles/')).body.length, 1);
  assert.is((await get(f, '/api/bundles/', true)).body.length, 2);
  assert.is((await get(f, '/api/bundles/')).body.length, 1);
});

test('the cache stays within its byte budget, oldest entries out first', () => {
  const { db } = tempDb();
  const cache = new ResponseCache(8000);
  const entry = () => ({ body: Buffer.alloc(1700), headers: {} });
  const version = cache.version(db);
  for (let i = 0; i < 6; i++) cache.set(db, `k${i}`, version, entry());
  assert.not.ok(cache.get(db, 'k0'), 'k0 evicted');
  assert.not.ok(cache.get(db, 'k1'), 'k1 evicted');
  assert.ok(cache.get(db, 'k5'));
  cache.set(db, 'big', version, { body: Buffer.alloc(2000), headers: {} });
  assert.not.ok(cache.get(db, 'big'), 'bodies over a quarter of the budget are not kept');
  db.prepare('UPDATE states SET name = name WHERE id = 1').run();
  assert.not.ok(cache.get(db, 'k5'), 'a write empties it');
});

test('keys and headers count against the budget, not bodies alone', () => {
  const { db } = tempDb();
  const cache = new ResponseCache(1024 * 1024);
  const version = cache.version(db);
  const long = 'x'.repeat(8000);
  for (let i = 0; i < 4000; i++) cache.set(db, `/api/patches/?${long}=${i}`, version, { body: Buffer.from('[]'), headers: { Link: long } });
  const size = cache.size(db);
  assert.ok(size.bytes <= 1024 * 1024, `${size.bytes} bytes`);
  assert.ok(size.entries < 40, `${size.entries} entries of 32 kB each`);
});

test('unknown query parameters are answered but not cached; parameter order does not make new entries', async ({ f }) => {
  const before = responseCache.size(f.db).entries;
  for (let i = 0; i < 50; i++) assert.is((await fetch(`${f.server.url}/api/patches/?junk${i}=${'y'.repeat(1000)}`)).status, 200);
  assert.is(responseCache.size(f.db).entries, before);
  await fetch(`${f.server.url}/api/patches/?per_page=3&order=name`);
  await fetch(`${f.server.url}/api/patches/?order=name&per_page=3`);
  assert.is(responseCache.size(f.db).entries, before + 1);
});

test('a response rendered while the database changed is not kept', () => {
  const { db } = tempDb();
  const cache = new ResponseCache();
  const version = cache.version(db);
  db.prepare('UPDATE states SET name = name WHERE id = 1').run();
  cache.set(db, 'k', version, { body: Buffer.from('[]'), headers: {} });
  assert.not.ok(cache.get(db, 'k'));
});

test.run();
