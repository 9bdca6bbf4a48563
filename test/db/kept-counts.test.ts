// Page counts a read connection keeps across writes (sql/0007,
// docs/PERFORMANCE.md) stay exact while another connection inserts,
// changes, deletes and renumbers rows; the counter tables follow moves
// between projects and categories, mirror upserts included; deep pages read
// from the end are the pages OFFSET gives.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDb } from '../helpers/db.ts';
import { seed } from '../helpers/seed.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { openDb, type Db } from '../../src/db/connection.ts';
import { upsertEvent, type EventCopy } from '../../src/db/mirror.ts';

interface Ctx {
  db: Db;
  reader: Db;
  server: TestServer;
}

const test = suite<Ctx>('kept page counts');

test.before(async (ctx) => {
  try {
    const { db, path } = tempDb();
    ctx.db = db;
    seed(db, { series: 2000 });
    ctx.reader = openDb(path, { migrate: false });
    ctx.server = await startTestServer(ctx.reader);
  } catch (err) {
    console.error(err);
    throw err;
  }
});
test.after(async (ctx) => {
  await ctx.server?.close();
  ctx.reader?.close();
});

/** The number of matches the API's Link header gives (per_page=1: the last page). */
async function total(server: TestServer, path: string): Promise<number> {
  const res = await fetch(`${server.url}${path}${path.includes('?') ? '&' : '?'}per_page=1`);
  assert.is(res.status, 200, path);
  const rows = (await res.json()) as unknown[];
  const last = /[?&]page=(\d+)[^>]*>; rel="last"/.exec(res.headers.get('link') ?? '');
  if (last && last[1] !== '1') return Number(last[1]);
  const next = /rel="next"/.test(res.headers.get('link') ?? '');
  assert.not.ok(next, `${path}: a next page without a last one`);
  const prev = /[?&]page=(\d+)[^>]*>; rel="prev"/.exec(res.headers.get('link') ?? '');
  return prev ? Number(prev[1]) + rows.length : rows.length;
}

// Requests whose counts no counter table answers, with the count they mean.
const CASES: [string, string][] = [
  ['/api/patches/?submitter=1', 'SELECT count(*) AS n FROM patches WHERE submitter_id = 1'],
  ['/api/patches/?submitter=1&submitter=2', 'SELECT count(*) AS n FROM patches WHERE submitter_id IN (1, 2)'],
  [
    '/api/patches/?project=alpha&submitter=2&state=new',
    'SELECT count(*) AS n FROM patches WHERE project_id = 1 AND submitter_id = 2 AND state_id = 1',
  ],
  ['/api/patches/?q=rework', "SELECT count(*) AS n FROM patches WHERE name LIKE '%rework%'"],
  ['/api/patches/?q=thing%2012', "SELECT count(*) AS n FROM patches WHERE name LIKE '%thing%' AND name LIKE '%12%'"],
  ['/api/patches/?since=2024-01-01T12:00:00', "SELECT count(*) AS n FROM patches WHERE date >= '2024-01-01T12:00:00'"],
  ['/api/patches/?delegate=1&archived=false', 'SELECT count(*) AS n FROM patches WHERE delegate_id = 1 AND archived = 0'],
  ['/api/series/?submitter=1', 'SELECT count(*) AS n FROM series WHERE submitter_id = 1'],
  ['/api/series/?q=rework', "SELECT count(*) AS n FROM series WHERE name LIKE '%rework%'"],
  ['/api/covers/?q=rework', "SELECT count(*) AS n FROM covers WHERE name LIKE '%rework%'"],
  ['/api/events/?series=3', 'SELECT count(*) AS n FROM events WHERE series_id = 3'],
  ['/api/events/?since=2024-01-01T12:00:00', "SELECT count(*) AS n FROM events WHERE date >= '2024-01-01T12:00:00'"],
];

async function assertCounts(ctx: Ctx, when: string): Promise<void> {
  for (const [path, sql] of CASES) {
    const expected = (ctx.db.prepare(sql).get() as { n: number }).n;
    assert.is(await total(ctx.server, path), expected, `${path} ${when}`);
  }
}

function assertCounters(db: Db, when: string): void {
  const rows = (sql: string) => db.prepare(sql).all();
  const pairs: [string, string][] = [
    ['patch_counts', 'SELECT project_id, state_id, archived, id >> 10 AS block, count(*) AS n FROM patches GROUP BY 1, 2, 3, 4'],
    ['event_counts', 'SELECT project_id, category, count(*) AS n FROM events GROUP BY 1, 2'],
    ['series_counts', 'SELECT project_id, count(*) AS n FROM series GROUP BY 1'],
    ['cover_counts', 'SELECT project_id, count(*) AS n FROM covers GROUP BY 1'],
  ];
  for (const [table, sql] of pairs) {
    const keys = table === 'patch_counts' ? '1, 2, 3, 4' : table === 'event_counts' ? '1, 2' : '1';
    assert.equal(rows(`SELECT * FROM ${table} WHERE n > 0 ORDER BY ${keys}`), rows(`${sql} ORDER BY ${keys}`), `${table} ${when}`);
  }
  assert.equal(
    rows('SELECT id, last_check_id FROM patches WHERE last_check_id IS NOT NULL ORDER BY id'),
    rows('SELECT patch_id AS id, max(id) AS last_check_id FROM checks GROUP BY patch_id ORDER BY patch_id'),
    `last_check_id ${when}`,
  );
}

test('counts stay exact across another connection’s inserts, updates and deletes', async (ctx) => {
  const { db } = ctx;
  await assertCounts(ctx, 'at first');
  await assertCounts(ctx, 'asked again');
  const steps: [string, string][] = [
    [
      'new patches, series, covers and events',
      `INSERT INTO patches (project_id, msgid, name, date, submitter_id, delegate_id, state_id, archived)
         SELECT project_id, msgid || '.copy', name, date, submitter_id, delegate_id, state_id, archived FROM patches WHERE id % 9 = 0;
       INSERT INTO series (project_id, name, date, submitter_id, version, total)
         SELECT project_id, name, date, submitter_id, version, total FROM series WHERE id % 7 = 0;
       INSERT INTO covers (project_id, msgid, name, date, submitter_id)
         SELECT project_id, msgid || '.copy', name, date, submitter_id FROM covers WHERE id % 5 = 0;
       INSERT INTO events (project_id, category, date, series_id) SELECT project_id, 'series-created', date, 3 FROM events WHERE id % 11 = 0;`,
    ],
    ['state changes', 'UPDATE patches SET state_id = 1 + state_id % 10 WHERE id % 4 = 0'],
    ['renamed patches and series', "UPDATE patches SET name = 'other' WHERE id % 6 = 0; UPDATE series SET name = 'other' WHERE id % 6 = 0"],
    [
      'new submitters and dates',
      "UPDATE patches SET submitter_id = 2 WHERE id % 5 = 1; UPDATE events SET date = '2025-01-01T00:00:00' WHERE id % 8 = 0",
    ],
    ['delegation and archiving', 'UPDATE patches SET delegate_id = 1, archived = 1 - archived WHERE id % 7 = 2'],
    ['events moved to another series', 'UPDATE events SET series_id = 3 WHERE id % 13 = 0'],
    ['deletes', 'DELETE FROM patches WHERE id % 10 = 3; DELETE FROM events WHERE id % 10 = 3; DELETE FROM series WHERE id % 10 = 3'],
    [
      'a row inserted below the highest id',
      "INSERT INTO patches (id, project_id, msgid, name, date, submitter_id, state_id) VALUES (3, 1, '<back@x>', 'rework back', '2024-02-01T00:00:00', 1, 1)",
    ],
    ['renumbered', "UPDATE patches SET id = id + 100000 WHERE msgid LIKE '%.copy' AND id % 5 = 1"],
    [
      'more new patches',
      "INSERT INTO patches (project_id, msgid, name, date, submitter_id, state_id) VALUES (1, '<new@x>', 'rework 12', '2024-03-01T00:00:00', 1, 1)",
    ],
  ];
  for (const [what, sql] of steps) {
    db.exec(sql);
    await assertCounts(ctx, `after ${what}`);
  }
  assertCounters(db, 'after all writes');
});

test('pages in the last half, read from the end, are the pages OFFSET gives', async (ctx) => {
  const ids = async (path: string) => ((await (await fetch(ctx.server.url + path)).json()) as { id: number }[]).map((r) => r.id);
  const sql = (q: string, offset: number) => (ctx.db.prepare(`${q} LIMIT 7 OFFSET ?`).all(offset) as { id: number }[]).map((r) => r.id);
  const n = (ctx.db.prepare('SELECT count(*) AS n FROM patches').get() as { n: number }).n;
  const last = Math.ceil(n / 7);
  for (const page of [Math.ceil(last / 2) + 1, last - 3, last]) {
    const offset = (page - 1) * 7;
    assert.equal(
      await ids(`/api/patches/?per_page=7&page=${page}&order=name`),
      sql('SELECT id FROM patches ORDER BY name, id', offset),
      `name ${page}`,
    );
    assert.equal(
      await ids(`/api/patches/?per_page=7&page=${page}&order=-date`),
      sql('SELECT id FROM patches ORDER BY date DESC, id DESC', offset),
      `-date ${page}`,
    );
    assert.equal(
      await ids(`/api/patches/?per_page=7&page=${page}&order=state`),
      sql('SELECT patches.id FROM patches JOIN states ON states.id = state_id ORDER BY states.ordering, patches.id', offset),
      `state ${page}`,
    );
  }
  const events = (ctx.db.prepare('SELECT count(*) AS n FROM events WHERE project_id = 1').get() as { n: number }).n;
  const page = Math.ceil(events / 7) - 1;
  assert.equal(
    await ids(`/api/events/?project=alpha&per_page=7&page=${page}`),
    sql('SELECT id FROM events WHERE project_id = 1 ORDER BY date DESC, id DESC', (page - 1) * 7),
  );
});

test('deep pages from kept positions are the pages OFFSET gives, across writes', async (ctx) => {
  const { db } = ctx;
  const ids = async (path: string) => ((await (await fetch(ctx.server.url + path)).json()) as { id: number }[]).map((r) => r.id);
  const sql = (q: string, offset: number) => (db.prepare(`${q} LIMIT 7 OFFSET ?`).all(offset) as { id: number }[]).map((r) => r.id);
  const cases: [string, string][] = [
    ['/api/patches/?order=name', 'SELECT id FROM patches ORDER BY name, id'],
    ['/api/patches/?order=-date', 'SELECT id FROM patches ORDER BY date DESC, id DESC'],
    ['/api/patches/?project=alpha&order=name', 'SELECT id FROM patches WHERE project_id = 1 ORDER BY name, id'],
    ['/api/events/?project=alpha', 'SELECT id FROM events WHERE project_id = 1 ORDER BY date DESC, id DESC'],
  ];
  const check = async (when: string) => {
    for (const [path, q] of cases) {
      const n = (db.prepare(q.replace(/^SELECT id/, 'SELECT count(*) AS n').replace(/ ORDER BY .*/, '')).get() as { n: number }).n;
      assert.ok(n / 2 > 1100, `${path}: ${n} rows`);
      for (const offset of [1050, 1057, 1100, Math.floor(n / 2) - 7]) {
        const page = offset / 7 + 1;
        if (!Number.isInteger(page)) continue;
        assert.equal(await ids(`${path}&per_page=7&page=${page}`), sql(q, offset), `${path} page ${page} ${when}`);
      }
    }
  };
  await check('at first');
  await check('asked again');
  const steps: [string, string][] = [
    [
      'new rows before and after the anchors',
      `INSERT INTO patches (project_id, msgid, name, date, submitter_id, state_id)
         SELECT project_id, msgid || '.early', 'AAA ' || name, '2030-01-01T00:00:00', submitter_id, state_id FROM patches WHERE id % 40 = 0;
       INSERT INTO patches (project_id, msgid, name, date, submitter_id, state_id)
         SELECT project_id, msgid || '.late', 'zzz ' || name, '2000-01-01T00:00:00', submitter_id, state_id FROM patches WHERE id % 41 = 0;
       INSERT INTO events (project_id, category, date, patch_id) SELECT project_id, 'patch-created', '2030-01-01T00:00:00', id FROM patches WHERE id % 43 = 0;`,
    ],
    ['state changes', 'UPDATE patches SET state_id = 1 + state_id % 10 WHERE id % 3 = 0'],
    ['renames', "UPDATE patches SET name = 'b' || name WHERE id % 17 = 0"],
    ['deletes', 'DELETE FROM patches WHERE id % 19 = 0'],
  ];
  for (const [what, statements] of steps) {
    db.exec(statements);
    await check(`after ${what}`);
  }
});

test('counters follow moves between projects and categories, and mirror upserts', ({ db }) => {
  db.exec(`UPDATE events SET project_id = 3 - project_id WHERE id % 3 = 0;
           UPDATE events SET category = 'patch-delegated' WHERE id % 5 = 0;
           UPDATE series SET project_id = 3 - project_id WHERE id % 4 = 0;
           UPDATE covers SET project_id = 3 - project_id WHERE id % 4 = 1;
           UPDATE checks SET patch_id = patch_id + 1 WHERE id % 3 = 0 AND patch_id + 1 IN (SELECT id FROM patches);`);
  assertCounters(db, 'after moves');
  const e = db.prepare('SELECT * FROM events ORDER BY id LIMIT 1 OFFSET 10').get() as EventCopy;
  upsertEvent(db, { ...e, project_id: 3 - e.project_id, category: 'check-created' });
  upsertEvent(db, { ...e, project_id: 3 - e.project_id, category: 'check-created' });
  upsertEvent(db, { ...e, id: e.id + 1_000_000 });
  assertCounters(db, 'after mirror upserts of events');
});

test.run();
