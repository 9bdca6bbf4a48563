// Field presence per version, links, computed fields, errors and access rules.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { get, ids, readFixture, type ReadFixture } from './read-helpers.ts';

const test = suite<{ f: ReadFixture }>('read: fields and access');
test.before(async (ctx) => {
  ctx.f = await readFixture();
});
test.after(async (ctx) => ctx.f.server.close());

test('index lists the eight collections with versioned links', async ({ f }) => {
  const r = await get(f, '/api/1.3/');
  assert.equal(Object.keys(r.body), ['projects', 'users', 'people', 'patches', 'covers', 'series', 'events', 'bundles']);
  assert.is(r.body.patches, `${f.server.url}/api/1.3/patches/`);
  assert.is(r.link, null);
});

test('patch fields per version; comments/checks links always unversioned', async ({ f }) => {
  const v10 = (await get(f, '/api/1.0/patches/1/')).body;
  const v11 = (await get(f, '/api/1.1/patches/1/')).body;
  const v12 = (await get(f, '/api/1.2/patches/1/')).body;
  for (const k of ['web_url', 'comments', 'list_archive_url', 'related']) assert.not.ok(k in v10, `1.0 has no ${k}`);
  assert.ok('mbox' in v10 && 'checks' in v10);
  assert.ok('web_url' in v11 && 'comments' in v11 && !('related' in v11));
  assert.ok('related' in v12 && 'list_archive_url' in v12);
  assert.is(v12.url, `${f.server.url}/api/1.2/patches/1/`);
  assert.is(v12.comments, `${f.server.url}/api/patches/1/comments/`);
  assert.is(v12.checks, `${f.server.url}/api/patches/1/checks/`);
  assert.is(v12.project.url, `${f.server.url}/api/1.2/projects/1/`);
});

test('patch computed fields: mbox/web_url, list_archive_url, state, series, tags, related, date', async ({ f }) => {
  const p = (await get(f, '/api/patches/1/')).body;
  assert.is(p.web_url, `${f.server.url}/project/alpha/patch/patch.0.1%252Fx@example.net/`);
  assert.is(p.mbox, `${f.server.url}/project/alpha/patch/patch.0.1%252Fx@example.net/mbox/`);
  assert.is(p.list_archive_url, 'https://lore.example.org/alpha/patch.0.1/x@example.net/');
  assert.is(p.date, '2024-01-01T09:01:00Z');
  assert.is(p.state, 'under-review');
  assert.equal(p.tags, {});
  assert.equal(ids(p.series), [1]);
  assert.equal(ids(p.related), [f.data.patches[3]]);
  assert.equal(p.prefixes, ['v1']);
  assert.is(p.headers['X-Mailer'], 'git-send-email');
  assert.ok(p.diff.startsWith('diff --git'));
  const list = (await get(f, '/api/patches/?per_page=1')).body[0];
  for (const k of ['headers', 'content', 'diff', 'prefixes']) assert.not.ok(k in list, `list has no ${k}`);
  const other = (await get(f, `/api/patches/${f.data.patches[3]}/`)).body;
  assert.equal(ids(other.related), [1]);
});

test('aggregate check: newest per (user, context), fail > warning > pending > success', async ({ f }) => {
  // Seeded patch 1 (series 0, n 1): build state (0+1)%4 = success, test state 2 = warning.
  assert.is((await get(f, '/api/patches/1/')).body.check, 'warning');
  // Series 1 has no checks.
  assert.is((await get(f, '/api/patches/2/')).body.check, 'pending');
  f.db.prepare("INSERT INTO checks (patch_id, user_id, date, state, context) VALUES (1, 2, '2030-01-01T00:00:00.000000', 1, 'test')").run();
  assert.is((await get(f, '/api/patches/1/')).body.check, 'success');
  // Another user's check on the same context counts on its own, however old.
  f.db.prepare("INSERT INTO checks (patch_id, user_id, date, state, context) VALUES (1, 3, '2020-01-01T00:00:00.000000', 3, 'test')").run();
  assert.is((await get(f, '/api/patches/1/')).body.check, 'fail');
  // On equal dates the later check (higher id) is the newest.
  f.db.prepare("INSERT INTO checks (patch_id, user_id, date, state, context) VALUES (1, 3, '2020-01-01T00:00:00.000000', 1, 'test')").run();
  assert.is((await get(f, '/api/patches/1/')).body.check, 'success');
  f.db.prepare("DELETE FROM checks WHERE patch_id = 1 AND (user_id = 3 OR date LIKE '2030%')").run();
});

test('cover mbox from 1.1; comment endpoints from 1.1; comment detail and addressed from 1.3', async ({ f }) => {
  assert.not.ok('mbox' in (await get(f, '/api/1.0/covers/1/')).body);
  assert.ok('mbox' in (await get(f, '/api/1.1/covers/1/')).body);
  assert.is((await get(f, '/api/1.0/patches/1/comments/')).status, 404);
  const c11 = await get(f, '/api/1.1/patches/1/comments/');
  assert.is(c11.status, 200);
  assert.not.ok('addressed' in c11.body[0] || 'url' in c11.body[0]);
  assert.is((await get(f, '/api/1.2/patches/1/comments/1/')).status, 404);
  const c13 = await get(f, '/api/1.3/patches/1/comments/1/');
  assert.is(c13.status, 200);
  assert.is(c13.body.addressed, false);
  assert.is(c13.body.url, `${f.server.url}/api/1.3/patches/1/comments/1/`);
  assert.is(c13.body.web_url, `${f.server.url}/comment/1/`);
  assert.ok(c13.body.subject.startsWith('Re: '));
  assert.is((await get(f, '/api/1.3/patches/2/comments/1/')).status, 404, 'comment under another patch');
  assert.is((await get(f, '/api/covers/999/comments/')).status, 404);
});

test('series dependencies only in 1.4 and only for projects that show them', async ({ f }) => {
  const s3 = (await get(f, '/api/1.4/series/3/')).body;
  assert.equal(s3.dependencies, [`${f.server.url}/api/1.4/series/1/`, `${f.server.url}/api/1.4/series/2/`]);
  assert.equal(s3.dependents, []);
  assert.not.ok('dependencies' in (await get(f, '/api/1.3/series/3/')).body);
  const beta = (await get(f, '/api/1.4/series/?project=beta')).body;
  assert.ok(beta.length > 0);
  for (const s of beta) assert.not.ok('dependencies' in s || 'dependents' in s);
});

test('series counts, cover letter and patches by date', async ({ f }) => {
  const s4 = (await get(f, '/api/series/4/')).body; // total 4, one missing
  assert.is(s4.total, 4);
  assert.is(s4.received_total, 3);
  assert.is(s4.received_all, false);
  assert.is(s4.cover_letter.name, '[0/4] net: rework thing 3');
  const dates = s4.patches.map((p: { date: string }) => p.date);
  assert.equal(dates, [...dates].sort());
  assert.is(s4.mbox, `${f.server.url}/series/4/mbox/`);
  assert.is((await get(f, '/api/series/1/')).body.cover_letter, null);
});

test('events: comment events hidden below 1.3, actor in every version, payload keys per category', async ({ f }) => {
  const all = (await get(f, '/api/1.3/events/?per_page=250')).body;
  const old = (await get(f, '/api/1.2/events/?per_page=250')).body;
  assert.ok(all.some((e: any) => e.category === 'patch-comment-created'));
  assert.not.ok(old.some((e: any) => /comment/.test(e.category)));
  assert.is(old.length, all.length - 2);
  const v10 = (await get(f, '/api/1.0/events/?category=patch-state-changed')).body[0];
  assert.is(v10.actor.username, 'maint');
  assert.equal(Object.keys(v10.payload), ['patch', 'previous_state', 'current_state']);
  assert.equal([v10.payload.previous_state, v10.payload.current_state], ['new', 'accepted']);
  const check = (await get(f, '/api/events/?category=check-created')).body[0];
  assert.equal(Object.keys(check.payload.check), ['id', 'url', 'date', 'state', 'target_url', 'context']);
  const comment = (await get(f, '/api/events/?category=patch-comment-created')).body[0];
  assert.equal(Object.keys(comment.payload), ['patch', 'comment']);
  assert.is(comment.payload.comment.url, `${f.server.url}/api/patches/${comment.payload.patch.id}/comments/${comment.payload.comment.id}/`);
  const relation = (await get(f, '/api/events/?category=patch-relation-changed')).body[0];
  assert.equal(relation.payload.previous_relation, null);
  const dates = all.map((e: any) => e.date);
  assert.equal(dates, [...dates].sort().reverse(), 'newest first');
});

test('people and users need credentials: 404 without, 403 with bad ones', async ({ f }) => {
  assert.is((await get(f, '/api/people/')).status, 404);
  assert.is((await get(f, '/api/users/1/')).status, 404);
  const bad = await fetch(`${f.server.url}/api/people/`, { headers: { Authorization: 'Token ' + 'b'.repeat(40) } });
  assert.is(bad.status, 403);
  assert.equal(await bad.json(), { detail: 'Invalid token.' });
  const people = await get(f, '/api/people/', true);
  assert.is(people.status, 200);
  assert.is(people.body[0].user.username, 'dev');
});

test('user settings only for oneself, from 1.2', async ({ f }) => {
  const self = (await get(f, '/api/1.2/users/3/', true)).body;
  assert.equal(self.settings, { send_email: false, items_per_page: 100, show_ids: false });
  assert.not.ok('settings' in (await get(f, '/api/1.1/users/3/', true)).body);
  assert.not.ok('settings' in (await get(f, '/api/1.2/users/1/', true)).body);
  assert.not.ok('settings' in (await get(f, '/api/1.2/users/', true)).body[2]);
});

test('bundles: public for everyone, private only for the owner', async ({ f }) => {
  assert.equal(ids((await get(f, '/api/bundles/')).body), [1]);
  assert.equal(ids((await get(f, '/api/bundles/', true)).body), [1, 2]);
  const hidden = await get(f, '/api/bundles/2/');
  assert.is(hidden.status, 404);
  assert.equal(hidden.body, { detail: 'No Bundle matches the given query.' });
  const own = (await get(f, '/api/bundles/2/', true)).body;
  assert.is(own.web_url, `${f.server.url}/bundle/dev/my%20private%2Fstuff/`);
  const dates = own.patches.map((p: { date: string }) => p.date);
  assert.equal(dates, [...dates].sort(), 'patches by date, not bundle order');
});

test('unknown ids and routes answer 404 with upstream bodies', async ({ f }) => {
  assert.equal((await get(f, '/api/patches/999999/')).body, { detail: 'No Patch matches the given query.' });
  assert.is((await get(f, '/api/patches/abc/')).status, 404);
  assert.is((await get(f, '/api/covers/999/')).status, 404);
  assert.is((await get(f, '/api/series/999/')).status, 404);
  assert.is((await get(f, '/api/projects/nope/')).status, 404);
  assert.is((await get(f, '/api/patches/999/checks/')).status, 404);
  assert.is((await get(f, '/api/patches/1/checks/999/')).status, 404);
  assert.is((await get(f, '/api/2.0/patches/')).status, 404);
  assert.is((await get(f, '/api/1.2/nothing/')).status, 404);
  assert.is((await get(f, '/api/patches/007/')).body.id, 7);
});

test('a path that cannot be percent-decoded is a JSON 404, API and downloads alike', async ({ f }) => {
  for (const path of ['/api/patches/%E0%A4%A/', '/api/1.4/projects/%/', '/project/alpha/patch/%ZZ/mbox/', '/bundle/dev/%E0/mbox/']) {
    assert.equal(await get(f, path), { status: 404, link: null, body: { detail: 'Not found.' } }, path);
  }
});

test('project detail: numeric key is an id first, then any key an exact linkname', async ({ f }) => {
  f.db.prepare("INSERT INTO projects (linkname, name, listid, listemail) VALUES ('12345', 'Numeric', 'n.example.org', 'n@example.org')").run();
  f.db.prepare("INSERT INTO projects (linkname, name, listid, listemail) VALUES ('1', 'One', 'one.example.org', 'one@example.org')").run();
  assert.is((await get(f, '/api/projects/12345/')).body.name, 'Numeric');
  assert.is((await get(f, '/api/projects/1/')).body.name, 'Project alpha', 'id 1 wins over linkname 1');
  assert.is((await get(f, '/api/projects/ALPHA/')).status, 404, 'linkname is case-sensitive here');
  const r = await get(f, '/api/1.0/projects/beta/');
  assert.is(r.body.url, `${f.server.url}/api/1.0/projects/2/`, 'url uses the numeric id');
  f.db.prepare("DELETE FROM projects WHERE linkname IN ('12345', '1')").run();
});

test('missing trailing slash is served (b4 asks for /api/1.2/patches?…)', async ({ f }) => {
  const r = await get(f, '/api/1.2/patches?project=alpha&per_page=2');
  assert.is(r.status, 200);
  assert.is(r.body.length, 2);
  assert.match(r.link!, /\/api\/1\.2\/patches\/\?page=2&per_page=2&project=alpha>; rel="next"/);
});

test('base URL configured for a reverse proxy builds every link', async ({ f }) => {
  const { startTestServer } = await import('../helpers/server.ts');
  const s = await startTestServer(f.db, 'https://patches.example.org/');
  try {
    const r = await fetch(`${s.url}/api/1.1/patches/1/`);
    const body = await r.json();
    assert.is(body.url, 'https://patches.example.org/api/1.1/patches/1/');
    assert.ok(body.mbox.startsWith('https://patches.example.org/project/alpha/patch/'));
  } finally {
    await s.close();
  }
});

test.run();
