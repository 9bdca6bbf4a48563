// Query strings built to hurt: too many search or order terms get a 400
// field error (never a 500 with a stack in the log), and however many
// shapes of SQL the requests ask for, the statement cache stays bounded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { STATEMENTS_MAX, statementCacheSize } from '../../src/db/statements.ts';
import { get, readFixture, type ReadFixture } from './read-helpers.ts';

let f: ReadFixture;
test.before(async () => {
  try {
    f = await readFixture(3);
  } catch (e) {
    console.error(e);
    throw e;
  }
});
test.after(() => f?.server.close());

async function quietly<T>(fn: () => Promise<T>): Promise<{ result: T; logged: unknown[][] }> {
  const logged: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args);
  try {
    return { result: await fn(), logged };
  } finally {
    console.error = original;
  }
}

test('q of 1,000 terms: 400 with a field error, nothing logged', async () => {
  const q = Array.from({ length: 1000 }, (_, i) => `t${i}`).join(' ');
  const { result, logged } = await quietly(() => get(f, `/api/patches/?q=${encodeURIComponent(q)}`));
  assert.equal(result.body, { q: ['Ensure this field has no more than 32 terms.'] });
  assert.is(result.status, 400);
  assert.equal(logged, []);
});

test('order of 2,001 terms: 400 with a field error, nothing logged', async () => {
  const order = Array.from({ length: 2001 }, (_, i) => (i % 2 ? '-date' : 'name')).join(',');
  const { result, logged } = await quietly(() => get(f, `/api/patches/?order=${order}`));
  assert.equal(result.body, { order: ['Ensure this field has no more than 64 terms.'] });
  assert.is(result.status, 400);
  assert.equal(logged, []);
});

test('repeated order names and names after id change nothing', async () => {
  const plain = await get(f, '/api/patches/?order=-name');
  const repeated = await get(f, '/api/patches/?order=-name,-name,name,id,date,-id');
  assert.is(repeated.status, 200);
  assert.equal(repeated.body.map((p: { id: number }) => p.id), plain.body.map((p: { id: number }) => p.id));
});

test('1,000 distinct order lists leave at most STATEMENTS_MAX prepared statements', async () => {
  const names = ['id', 'name', 'date', 'submitter', 'delegate', 'state', 'archived', 'series'].flatMap((n) => [n, `-${n}`]);
  let seed = 7;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 16) % n;
  const seen = new Set<string>();
  while (seen.size < 1000) {
    const order = Array.from({ length: 2 + random(5) }, () => names[random(names.length)]).join(',');
    if (seen.has(order)) continue;
    seen.add(order);
    const q = Array.from({ length: 1 + random(32) }, (_, i) => `t${i}`).join('+');
    assert.is((await get(f, `/api/patches/?order=${order}&q=${q}`)).status, 200);
  }
  assert.ok(statementCacheSize(f.db).statements <= STATEMENTS_MAX, `${statementCacheSize(f.db).statements} statements`);
});

test.run();
