// Every list filter and ordering the API offers, through the real server:
// each statement a list request runs is checked with EXPLAIN QUERY PLAN. A
// filtered list must not scan a big table, a count must not scan it at all,
// and no page may sort the table's rows (docs/PERFORMANCE.md), except where
// the filter itself bounds the rows (one series', one patch's, one hash's).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type Database from 'better-sqlite3';
import { tempDb } from '../helpers/db.ts';
import { seed, type Seeded } from '../helpers/seed.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { Db } from '../../src/db/connection.ts';
import { todoCounts } from '../../src/db/pages.ts';
import { insertPatchRow } from '../web/seed.ts';

const BIG = ['patches', 'events', 'series', 'covers', 'patch_comments', 'cover_comments', 'checks'];

interface Ran {
  sql: string;
  params: unknown[];
}

/** Records every statement prepared on the connection and the parameters it runs with. */
function record(db: Db, ran: Ran[]): void {
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const s = prepare(sql) as Database.Statement;
    for (const method of ['all', 'get', 'iterate'] as const) {
      const original = s[method].bind(s) as (...p: unknown[]) => unknown;
      (s as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        ran.push({ sql, params });
        return original(...params);
      };
    }
    return s;
  }) as typeof db.prepare;
}

interface Ctx {
  db: Db;
  seeded: Seeded;
  server: TestServer;
  ran: Ran[];
}

const test = suite<Ctx>('query plans of every list filter and ordering');

test.before(async (ctx) => {
  try {
    const { db } = tempDb();
    ctx.db = db;
    ctx.seeded = seed(db, { series: 6000 });
    db.pragma('analysis_limit = 1000');
    db.exec('ANALYZE');
    ctx.ran = [];
    record(db, ctx.ran);
    ctx.server = await startTestServer(db);
  } catch (err) {
    // uvu does not report errors thrown in hooks.
    console.error(err);
    throw err;
  }
});
test.after(async (ctx) => ctx.server?.close());

/** Plans of the list statements (count and page) one request ran. */
async function plans(ctx: Ctx, path: string): Promise<{ sql: string; plan: string[] }[]> {
  ctx.ran.length = 0;
  const res = await fetch(ctx.server.url + path);
  assert.is(res.status, 200, `${path}: ${await res.text()}`);
  const lists = ctx.ran.filter(
    (r) => !r.sql.startsWith('EXPLAIN') && /\bFROM (\w+)/.test(r.sql) && BIG.some((t) => new RegExp(`\\b${t}\\b`).test(r.sql)),
  );
  return lists.map((r) => ({
    sql: r.sql,
    plan: (ctx.db.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.params) as { detail: string }[]).map((p) => p.detail),
  }));
}

// A page whose order is pinned (ORDER BY +x) sorts at most a thousand
// matches; one whose filters are pinned (+x = ?) walks the order's index,
// which the count of matches says is shorter than reading them all
// (docs/PERFORMANCE.md).
function check(path: string, found: { sql: string; plan: string[] }[], sortAllowed: boolean): void {
  for (const { sql, plan } of found) {
    const filtered = / WHERE /.test(sql);
    const counting = /count\(\*\)/.test(sql);
    const walk = /(WHERE|AND) \+\w+/.test(sql);
    const fewSorted = /ORDER BY \+/.test(sql);
    for (const line of plan) {
      const scan = /^SCAN (\w+)( USING INDEX)?/.exec(line);
      if (scan && BIG.includes(scan[1]) && (filtered || counting) && !(walk && scan[2])) assert.unreachable(`${path}: ${line}\n  ${sql}`);
      if (/USE TEMP B-TREE FOR (ORDER BY|RIGHT PART OF ORDER BY)/.test(line) && !sortAllowed && !fewSorted) {
        assert.unreachable(`${path}: ${line}\n  ${sql}\n  ${plan.join(' | ')}`);
      }
    }
  }
}

async function expectIndexed(ctx: Ctx, paths: string[], sortAllowed = false): Promise<void> {
  for (const path of paths) {
    const found = await plans(ctx, path);
    assert.ok(found.length > 0, `${path}: no list statement seen`);
    check(path, found, sortAllowed);
  }
}

const PATCH_ORDERS = ['id', 'name', 'project', 'date', 'state', 'archived', 'submitter', 'check'];

test('patches: every filter alone, every ordering alone and within a project, deep pages', async (ctx) => {
  const p = ctx.db.prepare('SELECT * FROM patches ORDER BY id LIMIT 1 OFFSET 100').get() as Record<string, string | number>;
  const user = ctx.seeded.users[0];
  const orders = PATCH_ORDERS.flatMap((o) => [o, `-${o}`]);
  // Deep enough that the page starts from the counters' block sums.
  const beta = (
    ctx.db.prepare("SELECT count(*) AS n FROM patches WHERE project_id = (SELECT id FROM projects WHERE linkname = 'beta')").get() as {
      n: number;
    }
  ).n;
  const deep = Math.floor(beta / 5);
  assert.ok(deep * 5 > 2048, `beta has ${beta} patches`);
  await expectIndexed(ctx, [
    '/api/patches/?project=alpha',
    `/api/patches/?submitter=${p.submitter_id}`,
    `/api/patches/?delegate=${user.id}`,
    '/api/patches/?state=new',
    '/api/patches/?state=accepted',
    '/api/patches/?archived=true',
    '/api/patches/?archived=false',
    '/api/patches/?project=alpha&state=new&archived=false',
    '/api/patches/?project=alpha&archived=false&order=-date',
    `/api/patches/?since=2024-01-02T00:00:00&order=date`,
    `/api/patches/?before=2024-01-02T00:00:00&order=-date`,
    `/api/patches/?page=${deep}&per_page=5`,
    `/api/patches/?project=beta&page=${deep}&per_page=5`,
    `/api/patches/?project=beta&order=-id&page=${deep}&per_page=5`,
    ...orders.map((o) => `/api/patches/?order=${o}`),
    ...orders.map((o) => `/api/patches/?project=beta&order=${o}`),
  ]);
  // One series', hash's or message's patches, and substring matches of a
  // rare term: the filter bounds the rows sorted. (A term most rows hold is
  // found by a scan, cheaper than the index then: docs/PERFORMANCE.md.)
  await expectIndexed(
    ctx,
    [
      `/api/patches/?series=${p.series_id}`,
      `/api/patches/?hash=${p.hash}`,
      `/api/patches/?msgid=${encodeURIComponent(String(p.msgid))}`,
      '/api/patches/?q=4321',
      '/api/patches/?project=alpha&q=rework%204321',
    ],
    true,
  );
});

test('q: only a trigram of the rarest term goes through the trigram index; in id order its candidates are read in order', async (ctx) => {
  // URLs the suite has not asked for yet: the response cache would answer those.
  for (const [path, drives] of [
    ['/api/patches/?q=4321&per_page=29', true],
    ['/api/patches/?project=alpha&q=rework%204321&per_page=29', true],
    ['/api/patches/?q=4321%20rework', true],
    // Backwards the candidates are all read, then walked in order.
    ['/api/patches/?q=4321&order=-id&per_page=29', false],
  ] as const) {
    const found = await plans(ctx, path);
    // The statements that list, not the probes of how common each trigram is.
    const matched = ctx.ran.filter(
      (r) => /patches_fts MATCH \?/.test(r.sql) && !r.sql.startsWith('EXPLAIN') && !r.sql.includes('SELECT 1 FROM patches_fts'),
    );
    assert.ok(matched.length > 0, `${path}: no statement used the trigram index`);
    // One of 4321's trigrams: rework's are in every name.
    for (const r of matched) {
      const phrases = r.params.filter((p) => typeof p === 'string' && p.startsWith('"'));
      assert.equal(phrases.length, 1, `${path}: ${JSON.stringify(r.params)}`);
      assert.ok(['"432"', '"321"'].includes(phrases[0] as string), `${path}: ${JSON.stringify(r.params)}`);
    }
    const page = found.find((f) => /ORDER BY (id|trigram_hits\.hit_id)( DESC)? LIMIT/.test(f.sql));
    assert.ok(page, `${path}: no page in id order`);
    assert.not.ok(
      page.plan.some((l) => l.startsWith('USE TEMP B-TREE')),
      `${path}: ${page.plan.join(' | ')}`,
    );
    // Driven by the index, the page stops at its end rather than reading every candidate first.
    assert.is(page.plan[0].startsWith('SCAN patches_fts'), drives, `${path}: ${page.plan.join(' | ')}`);
  }
});

test('few matches: walked in id order when one index covers every filter, sorted when not', async (ctx) => {
  // A submitter with a dozen patches among the project's thousands.
  const alpha = (ctx.db.prepare("SELECT id FROM projects WHERE linkname = 'alpha'").get() as { id: number }).id;
  const few = Number(ctx.db.prepare("INSERT INTO people (email) VALUES ('few@example.org')").run().lastInsertRowid);
  for (let i = 0; i < 12; i++) {
    const msgid = `<few.${i}@example.org>`;
    insertPatchRow(ctx.db, {
      projectId: alpha,
      submitterId: few,
      msgid,
      name: `few ${i}`,
      date: '2024-02-01T00:00:00',
      content: 'c',
      diff: null,
    });
  }
  const page = async (path: string) => {
    const found = (await plans(ctx, path)).find((f) => /ORDER BY \+?id LIMIT/.test(f.sql));
    assert.ok(found, `${path}: no page in id order`);
    return found;
  };
  for (const path of [`/api/patches/?submitter=${few}&per_page=5`, `/api/patches/?project=alpha&submitter=${few}&per_page=5`]) {
    const walked = await page(path);
    assert.match(walked.sql, /ORDER BY id LIMIT/, path);
    assert.not.ok(
      walked.plan.some((l) => l.startsWith('USE TEMP B-TREE')),
      `${path}: ${walked.plan.join(' | ')}`,
    );
  }
  // The submitter's index does not test the state: its matches are sorted.
  const path = `/api/patches/?submitter=${few}&state=new&per_page=5`;
  const sorted = await page(path);
  assert.match(sorted.sql, /ORDER BY \+id LIMIT/, `${path}: ${sorted.plan.join(' | ')}`);
});

test('events, series and covers: every filter and ordering', async (ctx) => {
  const e = ctx.db.prepare("SELECT * FROM events WHERE category = 'patch-created' ORDER BY id LIMIT 1 OFFSET 50").get() as Record<
    string,
    number
  >;
  const s = ctx.db.prepare('SELECT * FROM series ORDER BY id LIMIT 1 OFFSET 50').get() as Record<string, number>;
  await expectIndexed(ctx, [
    '/api/events/',
    '/api/events/?project=alpha',
    '/api/1.2/events/?project=alpha',
    '/api/events/?category=patch-created',
    '/api/events/?project=beta&category=patch-created',
    `/api/events/?actor=${ctx.seeded.users[0].id}`,
    '/api/events/?since=2024-01-02T00:00:00',
    '/api/events/?before=2024-01-02T00:00:00',
    '/api/series/',
    '/api/series/?project=alpha',
    `/api/series/?submitter=${s.submitter_id}`,
    '/api/series/?since=2024-01-02T00:00:00&order=date',
    '/api/covers/?project=alpha',
    ...['id', 'name', 'date', '-date'].map((o) => `/api/series/?order=${o}`),
    ...['id', 'name', 'date', '-date'].map((o) => `/api/series/?project=alpha&order=${o}`),
    ...['id', 'name', 'date', 'submitter'].map((o) => `/api/covers/?order=${o}`),
    ...['id', 'name', 'date', 'submitter'].map((o) => `/api/covers/?project=alpha&order=${o}`),
  ]);
  await expectIndexed(
    ctx,
    [`/api/events/?series=${s.id}`, `/api/events/?patch=${e.patch_id}`, '/api/series/?q=4321', '/api/covers/?q=4321'],
    true,
  );
});

test('web to-do counts: an index range per state, not a walk of the unarchived patches', (ctx) => {
  ctx.ran.length = 0;
  assert.ok(todoCounts(ctx.db, ctx.seeded.users[0].id).length > 0);
  const found = ctx.ran.map((r) => ({
    sql: r.sql,
    plan: (ctx.db.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.params) as { detail: string }[]).map((p) => p.detail),
  }));
  assert.is(found.length, 1);
  check('todo counts', found, false);
  assert.ok(
    found[0].plan.some((l) =>
      /SEARCH patches USING COVERING INDEX patches_delegate_todo \(delegate_id=\? AND archived=\? AND state_id=\?\)/.test(l),
    ),
    found[0].plan.join(' | '),
  );
});

test.run();
