// List items rendered for one request are reused by later ones only while
// their data is unchanged: after any write a list shows what a detail shows.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openDb } from '../../src/db/connection.ts';
import { keptGeneration } from '../../src/db/listing.ts';
import { ItemCache, itemCache, sameData } from '../../src/api/items.ts';
import { JsonText } from '../../src/http/json.ts';
import { get, readFixture, type ReadFixture } from './read-helpers.ts';

const test = suite<{ f: ReadFixture }>('read: list items reused while unchanged');
test.before(async (ctx) => {
  ctx.f = await readFixture();
});
test.after(async (ctx) => ctx.f.server.close());

let n = 0;
/** A list as rendered now: the ignored parameter keeps it out of the response cache. */
async function list(f: ReadFixture, path: string): Promise<any[]> {
  const got = await get(f, `${path}${path.includes('?') ? '&' : '?'}fresh=${n++}`, true);
  assert.is(got.status, 200, path);
  return got.body;
}

/** Every list item holds the values its detail shows (details are never reused). */
async function assertListFresh(f: ReadFixture, listPath: string, detailPath: (id: number) => string): Promise<void> {
  for (const item of await list(f, listPath)) {
    const detail = await get(f, detailPath(item.id), true);
    for (const key of Object.keys(item)) assert.equal(item[key], detail.body[key], `${listPath}: ${key} of ${item.id}`);
  }
}

const patchFresh = (f: ReadFixture, version = '1.4') => assertListFresh(f, `/api/${version}/patches/?per_page=250`, (id) => `/api/${version}/patches/${id}/`);
const patchItem = async (f: ReadFixture, id: number) => (await list(f, '/api/patches/?per_page=250')).find((p) => p.id === id);

test('a patch whose state changes is listed with its new state', async ({ f }) => {
  const id = f.data.patches[1];
  await patchFresh(f);
  f.db.prepare('UPDATE patches SET state_id = 3 WHERE id = ?').run(id);
  assert.is((await patchItem(f, id)).state, 'accepted');
  f.db.prepare('UPDATE patches SET state_id = 4 WHERE id = ?').run(id);
  assert.is((await patchItem(f, id)).state, 'rejected');
  await patchFresh(f);
});

test('a commit by another connection shows in the list at once', async ({ f }) => {
  const id = f.data.patches[2];
  await list(f, '/api/patches/?per_page=250');
  const other = openDb(f.path);
  other.prepare("UPDATE patches SET archived = 1, commit_ref = 'feed' WHERE id = ?").run(id);
  other.close();
  const item = await patchItem(f, id);
  assert.is(item.archived, true);
  assert.is(item.commit_ref, 'feed');
});

test('changes to what an item embeds show: project, submitter, delegate, series, checks', async ({ f }) => {
  const id = f.data.patches[0];
  const before = await patchItem(f, id);
  f.db.prepare("UPDATE projects SET name = 'Alpha renamed' WHERE id = ?").run(before.project.id);
  f.db.prepare("UPDATE people SET name = 'Someone Else' WHERE id = ?").run(before.submitter.id);
  f.db.prepare("UPDATE users SET first_name = 'Maeve' WHERE id = ?").run(before.delegate.id);
  f.db.prepare("UPDATE series SET name = 'renamed series' WHERE id = ?").run(before.series[0].id);
  f.db
    .prepare("INSERT INTO checks (patch_id, user_id, date, state, target_url, description, context) VALUES (?, ?, '2030-01-01T00:00:00.000000', 3, NULL, NULL, 'late')")
    .run(id, f.data.users[1].id);
  const after = await patchItem(f, id);
  assert.is(after.project.name, 'Alpha renamed');
  assert.is(after.submitter.name, 'Someone Else');
  assert.is(after.delegate.first_name, 'Maeve');
  assert.is(after.series[0].name, 'renamed series');
  assert.is(after.check, 'fail');
  await patchFresh(f);
});

test('related patches, checks and states stay fresh in lists: joined, left, renamed, added below, changed, removed', async ({ f }) => {
  const [a, b, c] = f.data.patches;
  const relation = Number(f.db.prepare('INSERT INTO patch_relations DEFAULT VALUES').run().lastInsertRowid);
  f.db.prepare('UPDATE patches SET related_id = ? WHERE id IN (?, ?)').run(relation, a, b);
  await patchFresh(f);
  f.db.prepare("UPDATE patches SET name = 'related, renamed' WHERE id = ?").run(b);
  assert.equal((await patchItem(f, a)).related.map((r: any) => r.name), ['related, renamed']);
  f.db.prepare('UPDATE patches SET related_id = ? WHERE id = ?').run(relation, c);
  assert.is((await patchItem(f, a)).related.length, 2, 'a third patch joins');
  f.db.prepare('UPDATE patches SET related_id = NULL WHERE id = ?').run(b);
  assert.equal((await patchItem(f, a)).related.map((r: any) => r.id), [c], 'one leaves');
  await patchFresh(f);

  // A check with an id below the newest (as a mirror keeps the remote's ids)
  // leaves the patch's row as it was.
  const unchecked = (f.db.prepare('SELECT id FROM patches WHERE last_check_id IS NULL LIMIT 1').get() as { id: number }).id;
  const user = f.data.users[1].id;
  const check = f.db.prepare("INSERT INTO checks (id, patch_id, user_id, date, state, context) VALUES (?, ?, ?, '2031-01-01T00:00:00.000000', ?, ?)");
  check.run(900002, unchecked, user, 1, 'ci');
  assert.is((await patchItem(f, unchecked)).check, 'success');
  check.run(900001, unchecked, user, 3, 'lint');
  assert.is((await patchItem(f, unchecked)).check, 'fail', 'added below the newest');
  f.db.prepare('UPDATE checks SET state = 2 WHERE id = 900001').run();
  assert.is((await patchItem(f, unchecked)).check, 'warning', 'changed');
  f.db.prepare('DELETE FROM checks WHERE id = 900001').run();
  assert.is((await patchItem(f, unchecked)).check, 'success', 'removed');

  const state = (await patchItem(f, a)).state;
  f.db.prepare("UPDATE states SET slug = 'renamed-state' WHERE slug = ?").run(state);
  assert.is((await patchItem(f, a)).state, 'renamed-state');
  f.db.prepare("UPDATE states SET slug = ? WHERE slug = 'renamed-state'").run(state);
  await patchFresh(f);
});

test('series and event lists stay fresh: patches join and leave series, covers, checks and dependencies change', async ({ f }) => {
  const seriesFresh = () => assertListFresh(f, '/api/1.4/series/?per_page=250', (id) => `/api/1.4/series/${id}/`);
  const events = () => list(f, '/api/1.4/events/?per_page=250');
  await seriesFresh();
  await events();
  const [s0, s1] = f.data.series;
  const moved = (f.db.prepare('SELECT id FROM patches WHERE series_id = ? LIMIT 1').get(s0) as { id: number }).id;
  f.db.prepare('UPDATE patches SET series_id = ?, number = 98 WHERE id = ?').run(s1, moved);
  await seriesFresh();
  f.db
    .prepare(
      `INSERT INTO patches (project_id, msgid, name, date, submitter_id, state_id, series_id, number)
       SELECT project_id, '<late@example.org>', 'late arrival', date, submitter_id, 1, id, 99 FROM series WHERE id = ?`,
    )
    .run(s1);
  await seriesFresh();
  f.db.prepare('INSERT INTO series_dependencies (series_id, depends_on_id, position) VALUES (?, ?, 5)').run(s1, s0);
  await seriesFresh();

  const cover = f.data.covers[0];
  f.db.prepare("UPDATE covers SET name = 'cover renamed' WHERE id = ?").run(cover);
  await seriesFresh();
  const coverEvents = (await events()).filter((e) => e.payload.cover?.id === cover);
  assert.ok(coverEvents.length > 0, 'events name the cover');
  assert.ok(coverEvents.every((e) => e.payload.cover.name === 'cover renamed'), 'events show the renamed cover');

  const checked = (await events()).find((e) => e.category === 'check-created');
  assert.ok(checked, 'a check-created event');
  f.db.prepare("UPDATE checks SET context = 'renamed-context', state = 2 WHERE id = ?").run(checked.payload.check.id);
  const after = (await events()).find((e) => e.id === checked.id);
  assert.is(after.payload.check.context, 'renamed-context');
  assert.is(after.payload.check.state, 'warning');
});

test('writes that change nothing an item embeds leave kept items in use', async ({ f }) => {
  const generation = () => keptGeneration(f.db, 'patch_items');
  const before = generation();
  const person = f.db.prepare('SELECT * FROM people LIMIT 1').get() as { id: number; name: string; email: string };
  f.db.prepare('INSERT INTO people (email, name) VALUES (?, ?)').run('new.arrival@example.org', 'New Arrival');
  f.db.prepare('UPDATE people SET name = ?, email = ? WHERE id = ?').run(person.name, person.email, person.id);
  f.db.prepare("UPDATE users SET items_per_page = 50 WHERE id = ?").run(f.data.users[0].id);
  f.db.prepare('UPDATE patches SET state_id = 3 WHERE id = ?').run(f.data.patches[3]);
  f.db.prepare('UPDATE series SET total = total WHERE id = (SELECT max(id) FROM series)').run();
  assert.is(generation(), before);
  f.db.prepare("UPDATE people SET name = 'Changed' WHERE id = ?").run(person.id);
  assert.is(generation(), before! + 1);
  f.db.transaction(() => assert.is(keptGeneration(f.db, 'patch_items'), null, 'not inside a write transaction'))();
});

test('every version and every list stays fresh after writes', async ({ f }) => {
  for (const version of ['1.0', '1.1', '1.2', '1.3', '1.4']) await patchFresh(f, version);
  f.db.prepare("UPDATE patches SET name = 'renamed patch' WHERE id = ?").run(f.data.patches[0]);
  f.db.prepare("UPDATE covers SET name = 'renamed cover' WHERE id = ?").run(f.data.covers[0]);
  f.db.prepare("UPDATE projects SET list_archive_url_format = 'https://elsewhere.example.org/{}' WHERE id = ?").run(f.data.projects[0].id);
  for (const version of ['1.0', '1.1', '1.2', '1.3', '1.4']) {
    await patchFresh(f, version);
    const patches = await list(f, `/api/${version}/patches/`);
    assert.ok(patches.every((p) => p.url.includes(`/api/${version}/patches/`)), `links of ${version}`);
    await assertListFresh(f, `/api/${version}/series/`, (id) => `/api/${version}/series/${id}/`);
    await assertListFresh(f, `/api/${version}/covers/`, (id) => `/api/${version}/covers/${id}/`);
    await assertListFresh(f, `/api/${version}/projects/`, (id) => `/api/${version}/projects/${id}/`);
    await assertListFresh(f, `/api/${version}/people/`, (id) => `/api/${version}/people/${id}/`);
  }
  const events = await list(f, '/api/events/?per_page=250');
  const named = events.filter((e) => e.payload.patch?.id === f.data.patches[0]);
  assert.ok(named.length > 0);
  assert.ok(named.every((e) => e.payload.patch.name === 'renamed patch'), 'events embed the renamed patch');
});

test('unversioned and versioned requests do not share items', async ({ f }) => {
  const unversioned = await list(f, '/api/patches/');
  const versioned = await list(f, '/api/1.4/patches/');
  assert.ok(unversioned.every((p) => !p.url.includes('/api/1.')));
  assert.ok(versioned.every((p) => p.url.includes('/api/1.4/')));
});

test('the item cache stays within its byte budget, unused entries out first', () => {
  const cache = new ItemCache(64 * 1024);
  const render = (v: { id: number; name: string }) => new JsonText(JSON.stringify(v));
  for (let i = 0; i < 1000; i++) cache.text(cache.key('patch - http://x ', i), { id: i, name: 'x'.repeat(200) }, render);
  const size = cache.size();
  assert.ok(size.bytes <= 64 * 1024, `${size.bytes} bytes`);
  assert.ok(size.entries > 10 && size.entries < 1000, `${size.entries} entries`);
  let renders = 0;
  const counted = (v: { id: number; name: string }) => {
    renders++;
    return render(v);
  };
  cache.text(cache.key('patch - http://x ', 999), { id: 999, name: 'x'.repeat(200) }, counted);
  assert.is(renders, 0, 'same values: reused');
  assert.is(cache.text(cache.key('patch - http://x ', 999), { id: 999, name: 'y' }, counted).text, '{"id":999,"name":"y"}');
  assert.is(renders, 1, 'changed values: rendered again');
  // An entry used since it was stored outlives unused older ones.
  const oldest = cache.size().entries;
  const first = 1000 - oldest + 1;
  cache.text(cache.key('patch - http://x ', first), { id: first, name: 'x'.repeat(200) }, counted);
  for (let i = 1000; i < 1010; i++) cache.text(cache.key('patch - http://x ', i), { id: i, name: 'x'.repeat(200) }, render);
  cache.text(cache.key('patch - http://x ', first), { id: first, name: 'x'.repeat(200) }, counted);
  assert.is(renders, 1, 'the used entry is still there');
  cache.text(cache.key('patch - http://x ', first + 1), { id: first + 1, name: 'x'.repeat(200) }, counted);
  assert.is(renders, 2, 'an unused older one is gone');
  assert.ok(itemCache.size().bytes <= 16 * 1024 * 1024);
});

test('item keys: one per prefix and id, none for an id too large to share one', () => {
  const cache = new ItemCache(64 * 1024);
  const a = cache.key('patch 1.4 http://x ', 7);
  assert.is(cache.key('patch 1.4 http://x ', 7), a);
  assert.is.not(cache.key('patch 1.3 http://x ', 7), a);
  assert.is.not(cache.key('patch 1.4 http://x ', 8), a);
  assert.is(cache.key('patch 1.4 http://x ', 2 ** 32), null);
  const render = (v: { id: number }) => new JsonText(JSON.stringify(v));
  assert.is(cache.text(null, { id: 2 ** 32 }, render).text, `{"id":${2 ** 32}}`);
  assert.is(cache.size().entries, 0, 'an item without a key is rendered, not kept');
  // Many hosts: the prefix table starts again, and old numbers are not reused.
  const seen = new Set<number | null>([a]);
  for (let i = 0; i < 3000; i++) seen.add(cache.key(`patch 1.4 http://host${i} `, 7));
  assert.is(seen.size, 3001);
});

test('sameData compares values, not identity', () => {
  assert.ok(sameData({ a: 1, b: [{ c: 'x' }], d: null }, { a: 1, b: [{ c: 'x' }], d: null }));
  assert.not.ok(sameData({ a: 1 }, { a: 1, b: 2 }));
  assert.not.ok(sameData({ a: 1, b: 2 }, { a: 1 }));
  assert.not.ok(sameData({ a: null }, { a: 0 }));
  assert.not.ok(sameData([1, 2], [1, 2, 3]));
  assert.not.ok(sameData([], {}));
  assert.not.ok(sameData({ a: [1] }, { a: [2] }));
});

test('sameData compares an object shared by a page once, and only what was found the same', () => {
  const keptProject = { id: 1, name: 'Alpha' };
  const project = { id: 1, name: 'Alpha' };
  const proven = new Map<object, object>();
  assert.ok(sameData({ id: 1, project: keptProject }, { id: 1, project }, proven));
  assert.is(proven.get(keptProject), project);
  const renamed = { id: 1, name: 'Beta' };
  assert.not.ok(sameData({ id: 2, project: keptProject }, { id: 2, project: renamed }, proven), 'another object read now is compared');
  assert.not.ok(proven.has(renamed));
  assert.not.ok(sameData({ id: 3, project: keptProject }, { id: 4, project }, proven), 'the item itself still differs');
});

test.run();
