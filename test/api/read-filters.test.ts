// Every filter and value form (docs/api.md §2.4, §4.x; docs/compatibility.md 6), checked
// against what plain SQL over the seeded rows says the answer is.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { get, ids, readFixture, type ReadFixture } from './read-helpers.ts';

const test = suite<{ f: ReadFixture }>('read: filters');
test.before(async (ctx) => {
  ctx.f = await readFixture();
});
test.after(async (ctx) => ctx.f.server.close());

const sql = (f: ReadFixture, query: string, ...params: unknown[]) =>
  (f.db.prepare(query).all(...params) as { id: number }[]).map((r) => r.id);

async function listIds(f: ReadFixture, path: string, auth = false): Promise<number[]> {
  const r = await get(f, path + (path.includes('?') ? '&' : '?') + 'per_page=250', auth);
  assert.is(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
  return ids(r.body);
}

/** [query, expected ids (SQL, ordered by id)] pairs for one list endpoint. */
async function table(f: ReadFixture, base: string, cases: [string, number[]][], auth = false) {
  for (const [q, expected] of cases) {
    assert.equal(await listIds(f, `${base}?${q}`, auth), expected, `${base}?${q}`);
  }
}

test('patches: project by id, linkname (any case), repeated values, unknown, empty', async ({ f }) => {
  const all = sql(f, 'SELECT id FROM patches ORDER BY id');
  const alpha = sql(f, 'SELECT id FROM patches WHERE project_id = 1 ORDER BY id');
  const beta = sql(f, 'SELECT id FROM patches WHERE project_id = 2 ORDER BY id');
  assert.ok(alpha.length > 0 && beta.length > 0);
  await table(f, '/api/patches/', [
    ['project=1', alpha],
    ['project=alpha', alpha],
    ['project=BETA', beta],
    ['project=alpha&project=beta', all],
    ['project=alpha&project=nope', []],
    ['project=nope', []],
    ['project=99', []],
    ['project=', all],
  ]);
});

test('patches: submitter by id or email (case-insensitive); delegate by id or username', async ({ f }) => {
  const jo = sql(f, 'SELECT id FROM patches WHERE submitter_id = 2 ORDER BY id');
  const delegated = sql(f, 'SELECT id FROM patches WHERE delegate_id = 1 ORDER BY id');
  assert.ok(jo.length > 0 && delegated.length > 0);
  await table(f, '/api/patches/', [
    ['submitter=2', jo],
    ['submitter=jo.contributor%40EXAMPLE.net', jo],
    ['submitter=2&submitter=dev%40example.com', sql(f, 'SELECT id FROM patches WHERE submitter_id IN (1, 2) ORDER BY id')],
    ['submitter=nobody%40example.com', []],
    ['delegate=1', delegated],
    ['delegate=MAINT', delegated],
    ['delegate=ghost', []],
  ]);
});

test('patches: state by slug, id or name; repeated OR; unknown empties', async ({ f }) => {
  const review = sql(f, 'SELECT id FROM patches WHERE state_id = 2 ORDER BY id');
  const reviewOrNew = sql(f, 'SELECT id FROM patches WHERE state_id IN (1, 2) ORDER BY id');
  assert.ok(review.length > 0);
  await table(f, '/api/patches/', [
    ['state=under-review', review],
    ['state=2', review],
    ['state=Under%20Review', review],
    ['state=new&state=under-review', reviewOrNew],
    ['state=new&state=bogus', []],
  ]);
});

test('patches: archived true/false/1/0 in any case; other values ignore the filter', async ({ f }) => {
  const archived = sql(f, 'SELECT id FROM patches WHERE archived = 1 ORDER BY id');
  const active = sql(f, 'SELECT id FROM patches WHERE archived = 0 ORDER BY id');
  assert.ok(archived.length > 0);
  await table(f, '/api/patches/', [
    ['archived=true', archived],
    ['archived=True', archived],
    ['archived=1', archived],
    ['archived=false', active],
    ['archived=0', active],
    ['archived=maybe', sql(f, 'SELECT id FROM patches ORDER BY id')],
    ['archived=true&archived=false', active],
  ]);
});

test('patches: hash (case-insensitive) and msgid (with or without brackets) from 1.2', async ({ f }) => {
  const [p] = f.db.prepare('SELECT id, hash, msgid FROM patches WHERE id = 5').all() as { id: number; hash: string; msgid: string }[];
  const all = sql(f, 'SELECT id FROM patches ORDER BY id');
  const bare = p.msgid.slice(1, -1);
  await table(f, '/api/1.2/patches/', [
    [`hash=${p.hash.toUpperCase()}`, [5]],
    [`hash=${'0'.repeat(40)}`, []],
    [`msgid=${encodeURIComponent(bare)}`, [5]],
    [`msgid=${encodeURIComponent(p.msgid)}`, [5]],
    ['msgid=missing%40example.net', []],
    ['hash=', all],
  ]);
  await table(f, '/api/1.1/patches/', [
    [`hash=${p.hash}`, all],
    ['msgid=missing%40example.net', all],
  ]);
});

test('patches: series; since inclusive, before exclusive, Z and naive forms; bad date empties', async ({ f }) => {
  const inSeries = sql(f, 'SELECT id FROM patches WHERE series_id = 3 ORDER BY id');
  const [{ date }] = f.db.prepare('SELECT date FROM patches WHERE id = 10').all() as { date: string }[];
  const naive = date.slice(0, 19);
  await table(f, '/api/patches/', [
    ['series=3', inSeries],
    ['series=3&series=999', []],
    ['series=abc', []],
    [`since=${naive}`, sql(f, 'SELECT id FROM patches WHERE date >= ? ORDER BY id', date)],
    [`since=${naive}Z`, sql(f, 'SELECT id FROM patches WHERE date >= ? ORDER BY id', date)],
    [`before=${naive}`, sql(f, 'SELECT id FROM patches WHERE date < ? ORDER BY id', date)],
    [`since=${naive.replace('T', '%20')}&before=${naive}.000001`, [10]],
    [`since=${naive.slice(0, 16)}%2B01:00`, sql(f, 'SELECT id FROM patches WHERE date >= ? ORDER BY id', `${String(Number(date.slice(11, 13)) - 1).padStart(2, '0')}`.replace(/^/, date.slice(0, 11)) + date.slice(13))],
    ['since=yesterday', []],
  ]);
});

test('patches: q matches every term in the name; quoted phrases stay whole', async ({ f }) => {
  await table(f, '/api/patches/', [
    ['q=thing%2011', sql(f, "SELECT id FROM patches WHERE name LIKE '%thing%' AND name LIKE '%11%' ORDER BY id")],
    ['q=%22thing%201%22', sql(f, "SELECT id FROM patches WHERE name LIKE '%thing 1%' ORDER BY id")],
    ['q=REWORK', sql(f, 'SELECT id FROM patches ORDER BY id')],
    ['q=nothing-like-this', []],
  ]);
});

test('patches: order by name, -date, state; unknown names fall back to id', async ({ f }) => {
  assert.equal(await listIds(f, '/api/patches/?order=-id'), sql(f, 'SELECT id FROM patches ORDER BY id DESC'));
  assert.equal(await listIds(f, '/api/patches/?order=-date'), sql(f, 'SELECT id FROM patches ORDER BY date DESC, id DESC'));
  assert.equal(await listIds(f, '/api/patches/?order=name'), sql(f, 'SELECT id FROM patches ORDER BY name, id'));
  assert.equal(
    await listIds(f, '/api/patches/?order=state,-id'),
    sql(f, 'SELECT patches.id FROM patches JOIN states ON states.id = state_id ORDER BY states.ordering, patches.id DESC'),
  );
  assert.equal(await listIds(f, '/api/patches/?order=bogus'), sql(f, 'SELECT id FROM patches ORDER BY id'));
  assert.equal(await listIds(f, '/api/patches/?order=name&order=-id'), sql(f, 'SELECT id FROM patches ORDER BY id DESC'), 'last order wins');
});

test('covers: project, submitter, series, msgid (every version), dates, q', async ({ f }) => {
  const [c] = f.db.prepare('SELECT id, msgid, date FROM covers WHERE id = 2').all() as { id: number; msgid: string; date: string }[];
  const [{ id: seriesId }] = f.db.prepare('SELECT id FROM series WHERE cover_id = 2').all() as { id: number }[];
  await table(f, '/api/1.0/covers/', [
    ['project=beta', sql(f, 'SELECT id FROM covers WHERE project_id = 2 ORDER BY id')],
    ['submitter=1', sql(f, 'SELECT id FROM covers WHERE submitter_id = 1 ORDER BY id')],
    [`series=${seriesId}`, [2]],
    ['series=1', []],
    [`msgid=${encodeURIComponent(c.msgid.slice(1, -1))}`, [2]],
    [`since=${c.date.slice(0, 19)}`, sql(f, 'SELECT id FROM covers WHERE date >= ? ORDER BY id', c.date)],
    [`before=${c.date.slice(0, 19)}`, sql(f, 'SELECT id FROM covers WHERE date < ? ORDER BY id', c.date)],
    ['q=%5B0%2F4%5D', sql(f, "SELECT id FROM covers WHERE name LIKE '[0/4]%' ORDER BY id")],
  ]);
});

test('series: project, submitter, dates, q', async ({ f }) => {
  await table(f, '/api/series/', [
    ['project=2', sql(f, 'SELECT id FROM series WHERE project_id = 2 ORDER BY id')],
    ['submitter=anon%40example.net', sql(f, 'SELECT id FROM series WHERE submitter_id = 3 ORDER BY id')],
    ['since=2024-01-01T09:10:00', sql(f, "SELECT id FROM series WHERE date >= '2024-01-01T09:10:00' ORDER BY id")],
    ['before=2024-01-01T09:10:00', sql(f, "SELECT id FROM series WHERE date < '2024-01-01T09:10:00' ORDER BY id")],
    ['q=thing%2010', [11]],
  ]);
});

test('bundles: project, owner by id or username, public', async ({ f }) => {
  await table(f, '/api/bundles/', [['owner=maint', [1]], ['owner=3', [2]], ['public=false', [2]], ['public=true', [1]], ['project=beta', []], ['q=private', [2]]], true);
  assert.equal(await listIds(f, '/api/bundles/?owner=dev'), [], 'private bundles stay hidden anonymously');
});

test('checks: user, state (label or number), context, dates; the detail is filtered too', async ({ f }) => {
  const all = sql(f, 'SELECT id FROM checks WHERE patch_id = 1 ORDER BY id');
  assert.is(all.length, 2);
  await table(f, '/api/patches/1/checks/', [
    ['user=ci-bot', all],
    ['user=2', all],
    ['user=maint', []],
    ['state=warning', sql(f, 'SELECT id FROM checks WHERE patch_id = 1 AND state = 2')],
    ['state=2', sql(f, 'SELECT id FROM checks WHERE patch_id = 1 AND state = 2')],
    ['state=success&state=warning', all],
    ['state=broken', []],
    ['context=build', sql(f, "SELECT id FROM checks WHERE patch_id = 1 AND context = 'build'")],
  ]);
  assert.is((await get(f, `/api/patches/1/checks/${all[0]}/?user=maint`)).status, 404);
  assert.is((await get(f, `/api/patches/1/checks/${all[0]}/?user=ci-bot`)).status, 200);
  assert.is((await get(f, `/api/patches/2/checks/${all[0]}/`)).status, 404, 'check of another patch');
});

test('events: project, category, series, patch, cover, actor (id only, from 1.2), dates', async ({ f }) => {
  const byDate = 'ORDER BY date DESC, id DESC';
  await table(f, '/api/events/', [
    ['category=patch-created', sql(f, `SELECT id FROM events WHERE category = 'patch-created' ${byDate}`)],
    ['category=bogus', []],
    ['project=beta', sql(f, `SELECT id FROM events WHERE project_id = 2 ${byDate}`)],
    ['patch=1', sql(f, `SELECT id FROM events WHERE patch_id = 1 ${byDate}`)],
    ['series=1&series=2', sql(f, `SELECT id FROM events WHERE series_id IN (1, 2) ${byDate}`)],
    ['cover=1', sql(f, `SELECT id FROM events WHERE cover_id = 1 ${byDate}`)],
    ['actor=1', sql(f, `SELECT id FROM events WHERE actor_id = 1 ${byDate}`)],
    ['actor=maint', []],
    ['since=2024-01-02T09:00:50', sql(f, `SELECT id FROM events WHERE date >= '2024-01-02T09:00:50' ${byDate}`)],
    ['order=date', sql(f, 'SELECT id FROM events ORDER BY date, id')],
  ]);
  const old = await listIds(f, '/api/1.1/events/?actor=maint');
  assert.equal(old, sql(f, `SELECT id FROM events WHERE category NOT LIKE '%comment%' ${byDate}`), 'actor ignored before 1.2');
});

test('comments: q searches the Subject header, order=subject sorts by it', async ({ f }) => {
  const extra = Number(
    f.db.prepare(
      "INSERT INTO patch_comments (patch_id, msgid, date, submitter_id, headers, content) VALUES (1, '<aard@x>', '2030-01-01T00:00:00.000000', 3, 'From: a\nSubject: Aardvark\n\tfolded words\nX-Other: rework', 'body rework')",
    ).run().lastInsertRowid,
  );
  const all = sql(f, 'SELECT id FROM patch_comments WHERE patch_id = 1 ORDER BY id');
  assert.is(all.length, 2);
  await table(f, '/api/patches/1/comments/', [
    ['q=rework', all.filter((id) => id !== extra)],
    ['q=aardvark', [extra]],
    ['q=folded', [extra]],
    ['q=nothing-here', []],
    ['order=subject', [extra, ...all.filter((id) => id !== extra)]],
    ['order=-subject', [...all.filter((id) => id !== extra), extra]],
  ]);
  const c = (await get(f, `/api/1.3/patches/1/comments/${extra}/`)).body;
  assert.is(c.subject, 'Aardvark\n\tfolded words');
  f.db.prepare('DELETE FROM patch_comments WHERE id = ?').run(extra);
});

test('users and people: q over names and emails, order', async ({ f }) => {
  await table(f, '/api/users/', [['q=mae', [1]], ['q=example.com', [1, 2, 3]], ['order=-username', [1, 3, 2]]], true);
  await table(f, '/api/people/', [['q=j%C3%B8', [2]], ['q=example.net', [2, 3]]], true);
});

test.run();
