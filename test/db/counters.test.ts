// The counter tables of sql/0002 stay equal to counting the rows, through
// inserts, state, archive and project changes and deletes; deep pages found
// from their block sums and `q` through the trigram indexes answer exactly
// what OFFSET and LIKE over the rows say.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDb } from '../helpers/db.ts';
import { seed } from '../helpers/seed.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { Db } from '../../src/db/connection.ts';

const test = suite<{ db: Db; server: TestServer }>('counters, deep pages and q');

test.before(async (ctx) => {
  try {
    ctx.db = tempDb().db;
    seed(ctx.db, { series: 5000 });
    ctx.server = await startTestServer(ctx.db);
  } catch (err) {
    console.error(err);
    throw err;
  }
});
test.after(async (ctx) => ctx.server?.close());

function assertCounters(db: Db, when: string): void {
  const rows = (sql: string) => db.prepare(sql).all();
  assert.equal(
    rows('SELECT project_id, state_id, archived, block, n FROM patch_counts WHERE n > 0 ORDER BY 1, 2, 3, 4'),
    rows('SELECT project_id, state_id, archived, id >> 10 AS block, count(*) AS n FROM patches GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4'),
    `patch_counts ${when}`,
  );
  assert.equal(
    rows('SELECT project_id, category, n FROM event_counts WHERE n > 0 ORDER BY 1, 2'),
    rows('SELECT project_id, category, count(*) AS n FROM events GROUP BY 1, 2 ORDER BY 1, 2'),
    `event_counts ${when}`,
  );
  assert.equal(
    rows('SELECT project_id, n FROM series_counts WHERE n > 0 ORDER BY 1'),
    rows('SELECT project_id, count(*) AS n FROM series GROUP BY 1 ORDER BY 1'),
    `series_counts ${when}`,
  );
  assert.equal(
    rows('SELECT project_id, n FROM cover_counts WHERE n > 0 ORDER BY 1'),
    rows('SELECT project_id, count(*) AS n FROM covers GROUP BY 1 ORDER BY 1'),
    `cover_counts ${when}`,
  );
  assert.equal(
    rows('SELECT id, last_check_id FROM patches WHERE last_check_id IS NOT NULL ORDER BY id'),
    rows('SELECT patch_id AS id, max(id) AS last_check_id FROM checks GROUP BY patch_id ORDER BY patch_id'),
    `last_check_id ${when}`,
  );
}

test('counters follow inserts, changes and deletes', ({ db }) => {
  assertCounters(db, 'after seeding');
  db.exec(`UPDATE patches SET state_id = 3 WHERE id % 7 = 0;
           UPDATE patches SET archived = 1 WHERE id % 5 = 0;
           UPDATE patches SET project_id = 3 - project_id WHERE id % 11 = 0;
           DELETE FROM checks WHERE id % 2 = 0;
           DELETE FROM patches WHERE id % 13 = 0;
           DELETE FROM series WHERE id % 17 = 0;
           DELETE FROM covers WHERE id % 3 = 0;`);
  assertCounters(db, 'after changes and deletes');
});

async function ids(server: TestServer, path: string): Promise<{ ids: number[]; link: string | null }> {
  const res = await fetch(server.url + path);
  assert.is(res.status, 200, path);
  return { ids: ((await res.json()) as { id: number }[]).map((r) => r.id), link: res.headers.get('link') };
}

test('deep pages from block sums are the pages OFFSET gives', async ({ db, server }) => {
  const sql = (where: string, desc: boolean, offset: number) =>
    (db.prepare(`SELECT id FROM patches ${where} ORDER BY id ${desc ? 'DESC' : ''} LIMIT 7 OFFSET ?`).all(offset) as { id: number }[]).map(
      (r) => r.id,
    );
  const total = (db.prepare('SELECT count(*) AS n FROM patches').get() as { n: number }).n;
  const alpha = (db.prepare('SELECT count(*) AS n FROM patches WHERE project_id = 1 AND archived = 0').get() as { n: number }).n;
  assert.ok(alpha > 2048 + 7 * 10, `alpha has ${alpha} unarchived patches`);
  for (const page of [300, 301, 400, Math.ceil(total / 7)]) {
    assert.equal((await ids(server, `/api/patches/?per_page=7&page=${page}`)).ids, sql('', false, (page - 1) * 7), `page ${page}`);
    assert.equal(
      (await ids(server, `/api/patches/?per_page=7&page=${page}&order=-id`)).ids,
      sql('', true, (page - 1) * 7),
      `page ${page}, -id`,
    );
  }
  for (const page of [293, 294, Math.ceil(alpha / 7)]) {
    const r = await ids(server, `/api/patches/?project=alpha&archived=false&per_page=7&page=${page}`);
    assert.equal(r.ids, sql('WHERE project_id = 1 AND archived = 0', false, (page - 1) * 7), `alpha page ${page}`);
    assert.ok(r.link?.endsWith(`page=${Math.ceil(alpha / 7)}&per_page=7&project=alpha>; rel="last"`), String(r.link));
  }
});

test('two orderings that each join a small table: the second is sorted as the first would be', async ({ db, server }) => {
  const expected = (order: string) =>
    (
      db
        .prepare(
          `SELECT p.id FROM patches p JOIN projects pr ON pr.id = p.project_id JOIN states s ON s.id = p.state_id ORDER BY ${order} LIMIT 20`,
        )
        .all() as { id: number }[]
    ).map((r) => r.id);
  const cases: [string, string][] = [
    ['-project,state', 'pr.linkname DESC, s.ordering, p.id'],
    ['state,-project', 's.ordering, pr.linkname DESC, p.id DESC'],
    ['-state,project,-id', 's.ordering DESC, pr.linkname, p.id DESC'],
  ];
  for (const [order, sql] of cases) {
    assert.equal((await ids(server, `/api/patches/?per_page=20&order=${order}`)).ids, expected(sql), `order=${order}`);
  }
});

test('q: trigram candidates, LIKE decides; short terms and quotes stay correct', async ({ db, server }) => {
  db.exec(`UPDATE patches SET name = 'x"y ÉCOLE Fix_50% ab' WHERE id = 5;
           UPDATE patches SET name = 'école fix ab' WHERE id = 6;`);
  const like = (...terms: string[]) =>
    (
      db
        .prepare(`SELECT id FROM patches WHERE ${terms.map(() => "name LIKE ? ESCAPE '\\'").join(' AND ')} ORDER BY id`)
        .all(...terms.map((t) => '%' + t.replace(/[\\%_]/g, (c) => '\\' + c) + '%')) as { id: number }[]
    ).map((r) => r.id);
  const cases: [string, string[]][] = [
    ['école', ['école']],
    ['ÉCOLE', ['ÉCOLE']],
    ['FIX', ['FIX']],
    ['fix_50%25', ['fix_50%']],
    ['x"y', ['x', 'y']],
    ['"x""y"', ['x', 'y']],
    ['ab', ['ab']],
    ['ab fix', ['ab', 'fix']],
    ['zzqqx', ['zzqqx']],
    // A NUL ends an FTS5 query string: such a term is left to LIKE alone.
    ['fix\0abc', ['fix\0abc']],
  ];
  for (const [q, terms] of cases) {
    const expected = like(...terms);
    const got = await ids(server, `/api/patches/?per_page=250&q=${encodeURIComponent(q).replace(/%2525/g, '%25')}`);
    assert.equal(got.ids, expected.slice(0, 250), `q=${q}`);
  }
  assert.ok(like('fix').length > 0);
});

test('q: every page of a rare term, read from the trigram index in id order or walked back, is the page LIKE gives', async ({
  db,
  server,
}) => {
  const alpha = (db.prepare("SELECT id FROM projects WHERE linkname = 'alpha'").get() as { id: number }).id;
  // Each word of q is a substring of the name.
  const like = (q: string, project: number | null, desc: boolean) => {
    const words = q.split(' ');
    const where = [...words.map(() => 'name LIKE ?'), ...(project ? ['project_id = ?'] : [])].join(' AND ');
    const params = [...words.map((w) => `%${w}%`), ...(project ? [project] : [])];
    return (db.prepare(`SELECT id FROM patches WHERE ${where} ORDER BY id ${desc ? 'DESC' : ''}`).all(...params) as { id: number }[]).map(
      (r) => r.id,
    );
  };
  // A rare word alone, and beside two that every name holds.
  for (const term of ['234', 'rework 234 thing']) {
    for (const project of [null, alpha]) {
      for (const desc of [false, true]) {
        const expected = like(term, project, desc);
        assert.ok(expected.length > 14, `${term}: ${expected.length} matches`);
        const filters = `q=${encodeURIComponent(term)}${project ? '&project=alpha' : ''}${desc ? '&order=-id' : ''}`;
        for (let page = 1; (page - 1) * 7 < expected.length; page++) {
          const got = await ids(server, `/api/patches/?${filters}&per_page=7&page=${page}`);
          assert.equal(got.ids, expected.slice((page - 1) * 7, page * 7), `${filters} page ${page}`);
        }
      }
    }
  }
});

test.run();
