// Pagination and the Link header (docs/api.md §2.1), and the fixed number of SQL
// statements a list page costs whatever its size.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { pageQuery, quotePlus } from '../../src/api/pagination.ts';
import { get, ids, readFixture, type ReadFixture } from './read-helpers.ts';

const test = suite<{ f: ReadFixture }>('read: pagination');
test.before(async (ctx) => {
  ctx.f = await readFixture(120);
});
test.after(async (ctx) => ctx.f.server.close());

const links = (header: string | null) =>
  (header ?? '').split(', ').map((part) => {
    const m = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    assert.ok(m, `link entry ${part}`);
    return [m![2], m![1]];
  });

test('quote_plus and sorted re-serialisation of the query', () => {
  const cases: [string, string][] = [
    ['a b', 'a+b'],
    ['x,y', 'x%2Cy'],
    ['*', '%2A'],
    ['a:b', 'a%3Ab'],
    ['~_.-', '~_.-'],
    ["!'()", '%21%27%28%29'],
    ['ø', '%C3%B8'],
  ];
  for (const [input, out] of cases) assert.is(quotePlus(input), out, input);
  const q = new URLSearchParams('state=new&per_page=10&page=2&archived=false&state=rfc');
  assert.is(pageQuery(q, 3), 'archived=false&page=3&per_page=10&state=new&state=rfc');
  assert.is(pageQuery(q, null), 'archived=false&per_page=10&state=new&state=rfc');
});

test('first page: next, first, last', async ({ f }) => {
  const total = (f.db.prepare('SELECT count(*) AS n FROM patches WHERE state_id = 1').get() as { n: number }).n;
  assert.ok(total > 5);
  const r = await get(f, '/api/1.2/patches/?state=new&per_page=5');
  const base = `${f.server.url}/api/1.2/patches/`;
  assert.equal(links(r.link), [
    ['next', `${base}?page=2&per_page=5&state=new`],
    ['first', `${base}?page=1&per_page=5&state=new`],
    ['last', `${base}?page=${Math.ceil(total / 5)}&per_page=5&state=new`],
  ]);
});

test('middle page: next, prev (page 1 without page=), first, last', async ({ f }) => {
  const r = await get(f, '/api/patches/?per_page=10&page=2&order=-id');
  const base = `${f.server.url}/api/patches/`;
  const total = (f.db.prepare('SELECT count(*) AS n FROM patches').get() as { n: number }).n;
  const last = Math.ceil(total / 10);
  assert.ok(last >= 4);
  assert.equal(links(r.link), [
    ['next', `${base}?order=-id&page=3&per_page=10`],
    ['prev', `${base}?order=-id&per_page=10`],
    ['first', `${base}?order=-id&page=1&per_page=10`],
    ['last', `${base}?order=-id&page=${last}&per_page=10`],
  ]);
  const third = await get(f, '/api/patches/?per_page=10&page=3&order=-id');
  assert.equal(links(third.link)[1], ['prev', `${base}?order=-id&page=2&per_page=10`]);
  assert.is(r.body.length, 10);
  assert.ok(ids(r.body)[0] > ids(third.body)[0]);
});

test('last page and page=last: prev, first, last; out of range is a 404', async ({ f }) => {
  const total = (f.db.prepare('SELECT count(*) AS n FROM patches').get() as { n: number }).n;
  const last = Math.ceil(total / 10);
  const r = await get(f, `/api/patches/?per_page=10&page=${last}`);
  assert.equal(
    links(r.link).map(([rel]) => rel),
    ['prev', 'first', 'last'],
  );
  assert.is(r.body.length, total - (last - 1) * 10);
  const named = await get(f, '/api/patches/?per_page=10&page=last');
  assert.equal(ids(named.body), ids(r.body));
  for (const page of [String(last + 1), '0', '-1', 'abc']) {
    const out = await get(f, `/api/patches/?per_page=10&page=${page}`);
    assert.is(out.status, 404, page);
    assert.equal(out.body, { detail: 'Invalid page.' });
  }
});

test('empty result: one page, first and last both page=1', async ({ f }) => {
  const r = await get(f, '/api/patches/?project=nope');
  assert.equal(r.body, []);
  const base = `${f.server.url}/api/patches/`;
  assert.equal(links(r.link), [
    ['first', `${base}?page=1&project=nope`],
    ['last', `${base}?page=1&project=nope`],
  ]);
});

test('per_page: default 30, capped at 250 (kept verbatim in links), bad values → default', async ({ f }) => {
  assert.is((await get(f, '/api/patches/')).body.length, 30);
  const big = await get(f, '/api/patches/?per_page=1000');
  assert.is(big.body.length, 250);
  assert.match(big.link!, /per_page=1000/);
  for (const bad of ['0', '-5', 'x']) assert.is((await get(f, `/api/patches/?per_page=${bad}`)).body.length, 30, bad);
  assert.is((await get(f, '/api/patches/?page=')).status, 200);
});

test('b4 counts with per_page=1 and the last link', async ({ f }) => {
  const total = (f.db.prepare('SELECT count(*) AS n FROM patches WHERE archived = 0').get() as { n: number }).n;
  const r = await get(f, '/api/1.2/patches?archived=false&per_page=1');
  const last = links(r.link).find(([rel]) => rel === 'last')![1];
  assert.is(new URL(last).searchParams.get('page'), String(total));
});

test('counts follow writes from this connection and from other processes', async ({ f }) => {
  const lastPage = async () => {
    const r = await get(f, '/api/patches/?per_page=1&project=beta');
    return Number(new URL(links(r.link).find(([rel]) => rel === 'last')![1]).searchParams.get('page'));
  };
  const before = await lastPage();
  assert.is(await lastPage(), before);
  const insert = (db: typeof f.db, msgid: string) =>
    db
      .prepare(
        `INSERT INTO patches (project_id, msgid, name, date, submitter_id, state_id) VALUES (2, ?, 'extra', '2025-01-01T00:00:00.000000', 1, 1)`,
      )
      .run(msgid);
  insert(f.db, '<extra.1@example.net>');
  assert.is(await lastPage(), before + 1);
  const { openDb } = await import('../../src/db/connection.ts');
  const other = openDb(f.path);
  insert(other, '<extra.2@example.net>');
  other.close();
  assert.is(await lastPage(), before + 2);
});

/** Counts statement executions on every connection while fn runs. */
async function countStatements(fn: () => Promise<unknown>): Promise<number> {
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  const methods = ['all', 'get', 'run', 'iterate'];
  const saved = methods.map((m) => proto[m]);
  let n = 0;
  methods.forEach((m, i) => {
    proto[m] = function (this: unknown, ...args: unknown[]) {
      n++;
      return saved[i].apply(this, args);
    };
  });
  try {
    await fn();
  } finally {
    methods.forEach((m, i) => (proto[m] = saved[i]));
  }
  return n;
}

test('a list page costs a bounded number of SQL statements, at per_page=1 and 250 alike', async ({ f }) => {
  for (const path of [
    '/api/patches/?order=-date',
    '/api/patches/?project=alpha&state=new&state=accepted&submitter=dev%40example.com&q=rework',
    '/api/series/',
    '/api/covers/',
    '/api/events/',
    '/api/bundles/',
    '/api/projects/',
    '/api/patches/1/checks/',
    '/api/patches/1/comments/',
  ]) {
    const sep = path.includes('?') ? '&' : '?';
    let small: any;
    let large: any;
    // A write before each request empties the count cache: both run cold.
    const touch = () => f.db.prepare('UPDATE projects SET name = name WHERE id = 1').run();
    touch();
    const one = await countStatements(async () => (small = await get(f, `${path}${sep}per_page=1`)));
    touch();
    const many = await countStatements(async () => (large = await get(f, `${path}${sep}per_page=250`)));
    assert.is(small.status, 200, path);
    assert.ok(small.body.length === 1, `${path} has a row`);
    assert.ok(
      large.body.length > 1 ||
        path.includes('checks') ||
        path.includes('comments') ||
        path.includes('bundles') ||
        path.includes('projects'),
      `${path} lists many rows`,
    );
    // A lookup of related rows none of the page has (no delegate, no
    // cover) is skipped, so the smaller page may cost fewer, never more.
    assert.ok(one <= many, `${path}: ${one} statements at per_page=1, ${many} at per_page=250`);
    // 19: one more than before for `q`, the probe that decides between the trigram index and a scan.
    assert.ok(many <= 19, `${path}: ${many} statements at per_page=250`);
  }
});

test.run();
