// The web UI over HTTP without a browser: each page answers, each filter
// narrows the list, each form does what it says through the API's rules and
// nothing when its CSRF token or permission is missing (docs/web.md).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { patchPath, bundlePath } from '../../src/http/urls.ts';
import { insertPatchRow, OWNER_TOKEN, seed, type Seeded } from './seed.ts';
import { addLogins, csrfOf, Visitor } from './session.ts';
import type { Db } from '../../src/db/connection.ts';

let server: TestServer;
let db: Db;
let s: Seeded;
const extra: number[] = [];

test.before(async () => {
  try {
    db = tempDb().db;
    s = seed(db);
    addLogins(db, s.projectId);
    for (let n = 1; n <= 10; n++) {
      extra.push(
        insertPatchRow(db, {
          projectId: s.projectId,
          submitterId: 2,
          msgid: `<bulk${n}@example.org>`,
          name: `bulk: change ${n}`,
          date: `2026-11-06T10:00:${String(n).padStart(2, '0')}.000000`,
          content: 'x\n',
          diff: '+x\n',
        }),
      );
    }
    db.prepare('INSERT INTO patch_tags (patch_id, tag_id, count) VALUES (?, 2, 3)').run(s.patchIds[1]);
    db.prepare(
      "INSERT INTO checks (patch_id, user_id, date, state, target_url, description, context) VALUES (?, 1, '2026-11-07T00:00:00.000000', 3, 'https://ci.example.org/1', 'build failed', 'build')",
    ).run(s.patchIds[0]);
    db.prepare("UPDATE patches SET name = '<script>alert(1)</script> odd' WHERE id = ?").run(s.slashPatchId);
    server = await startTestServer(db);
  } catch (err) {
    // uvu does not report errors thrown in hooks.
    console.error(err);
    throw err;
  }
});
test.after(() => server.close());

const api = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(`${server.url}/api/1.2/${path}`, init);
  return { status: res.status, body: await res.json() };
};
const patchState = async (id: number) => (await api(`patches/${id}/`)).body.state as string;
const listNames = (html: string) => [...html.matchAll(/<td class="name"><a href="[^"]+">([^<]*)<\/a>/g)].map((m) => m[1]);
const anonymous = () => new Visitor(server.url);
async function loggedIn(name: string): Promise<Visitor> {
  const v = new Visitor(server.url);
  const res = await v.login(name);
  assert.is(res.status, 303, `log in as ${name}`);
  return v;
}

test('front page and project page', async () => {
  const home = await anonymous().get('/');
  assert.is(home.status, 200);
  assert.match(home.html, '<a href="/project/demo/list/">Demo</a>');
  const project = await anonymous().get('/project/demo/');
  assert.match(project.html, 'demo@lists.example.org');
  assert.match(project.html, 'alice');
  assert.is((await anonymous().get('/project/nope/')).status, 404);
});

test('list: action-required, unarchived patches by default, newest first', async () => {
  db.prepare('UPDATE patches SET state_id = 3 WHERE id = ?').run(extra[9]);
  db.prepare('UPDATE patches SET archived = 1 WHERE id = ?').run(extra[8]);
  const { html } = await anonymous().get('/project/demo/list/');
  const names = listNames(html);
  assert.not.ok(names.includes('bulk: change 10'), 'accepted patch hidden');
  assert.not.ok(names.includes('bulk: change 9'), 'archived patch hidden');
  assert.is(names[0], 'bulk: change 8');
  assert.ok(names.includes('[PATCH 1/3] widget: step 1'));
  assert.not.match(html, 'name="patch"', 'no checkboxes for a visitor');
  const any = listNames((await anonymous().get('/project/demo/list/?state=*&archive=both')).html);
  assert.ok(any.includes('bulk: change 10') && any.includes('bulk: change 9'));
  assert.equal(listNames((await anonymous().get('/project/demo/list/?state=accepted')).html), ['bulk: change 10']);
  assert.equal(listNames((await anonymous().get('/project/demo/list/?archive=true&state=*')).html), ['bulk: change 9']);
  db.prepare('UPDATE patches SET state_id = 1, archived = 0 WHERE id IN (?, ?)').run(extra[8], extra[9]);
});

test('list: search, submitter, delegate and series filters', async () => {
  const get = async (q: string) => listNames((await anonymous().get(`/project/demo/list/?${q}`)).html);
  assert.equal(await get('q=widget+step+2'), ['[PATCH 2/3] widget: step 2']);
  assert.is((await get('submitter=rev@example.org')).length, 10);
  assert.is((await get('submitter=2')).length, 10);
  assert.equal(await get('submitter=nobody@example.org'), []);
  assert.equal(await get('delegate=alice'), ['[PATCH 3/3] widget: step 3']);
  assert.is((await get('delegate=nobody')).length, 14);
  assert.equal(await get(`series=${s.seriesId}`), [
    '[PATCH 1/3] widget: step 1',
    '[PATCH 2/3] widget: step 2',
    '[PATCH 3/3] widget: step 3',
  ]);
  const series = await anonymous().get(`/project/demo/list/?series=${s.seriesId}`);
  assert.match(series.html, '<h1>Add the widget</h1>');
  assert.match(series.html, 'href="/project/demo/cover/cover@example.org/"');
  assert.match(series.html, `href="/series/${s.seriesId}/mbox/"`);
  assert.is((await anonymous().get('/project/demo/list/?series=999')).status, 404);
});

test('list: columns sort both ways and show tags, checks and escaped names', async () => {
  const asc = await anonymous().get('/project/demo/list/?order=name');
  const names = listNames(asc.html);
  const folded = (t: string) => t.toLowerCase();
  assert.equal(
    names,
    [...names].sort((a, b) => (folded(a) < folded(b) ? -1 : folded(a) > folded(b) ? 1 : 0)),
  );
  const desc = listNames((await anonymous().get('/project/demo/list/?order=-name')).html);
  assert.equal(desc, [...names].reverse());
  const byReviews = listNames((await anonymous().get('/project/demo/list/?order=-R')).html);
  assert.is(byReviews[0], '[PATCH 2/3] widget: step 2');
  const byChecks = listNames((await anonymous().get('/project/demo/list/?order=-checks')).html);
  assert.is(byChecks[0], '[PATCH 1/3] widget: step 1');
  assert.match(asc.html, '&lt;script&gt;alert(1)&lt;/script&gt; odd');
  assert.not.match(asc.html, '<script>alert(1)');
  assert.match(asc.html, 'title="0 success, 0 warning, 1 fail"');
});

test("list: pages of the user's size", async () => {
  const alice = await loggedIn('alice');
  db.prepare("UPDATE users SET items_per_page = 4 WHERE username = 'alice'").run();
  const first = await alice.get('/project/demo/list/');
  assert.is(listNames(first.html).length, 4);
  assert.match(first.html, 'aria-current="page">1<');
  const last = await alice.get('/project/demo/list/?page=4');
  assert.equal(listNames(last.html), ['[PATCH 3/3] widget: step 3', '[PATCH 2/3] widget: step 2', '[PATCH 1/3] widget: step 1']);
  // A page past the end shows the last one.
  assert.equal(listNames((await alice.get('/project/demo/list/?page=99')).html), listNames(last.html));
  db.prepare("UPDATE users SET items_per_page = 100 WHERE username = 'alice'").run();
});

test('patch and cover pages: headers, message, coloured diff, checks, series, downloads', async () => {
  const { html } = await anonymous().get(patchPath('demo', '<p1@example.org>'));
  assert.match(html, '<summary>Headers</summary>');
  assert.match(html, 'Message-Id: &lt;p1@example.org&gt;');
  assert.match(html, 'Step 1 of the widget.');
  assert.match(html, '<span class="add">+new 1</span>');
  assert.match(html, '<span class="del">-old 1</span>');
  assert.match(html, '<a href="https://ci.example.org/1" rel="nofollow noopener">build failed</a>');
  assert.match(html, '<strong>[PATCH 1/3] widget: step 1</strong>');
  assert.match(html, 'href="/project/demo/patch/p2@example.org/"');
  assert.match(html, `href="/series/${s.seriesId}/mbox/"`);
  assert.match(html, 'href="/project/demo/patch/p1@example.org/raw/"');
  const cover = await anonymous().get('/project/demo/cover/cover@example.org/');
  assert.match(cover.html, 'This adds the widget.');
  assert.match(cover.html, 'href="/project/demo/cover/cover@example.org/mbox/"');
});

test('a visitor and a non-maintainer see no action controls; a maintainer does', async () => {
  const path = patchPath('demo', '<p1@example.org>');
  for (const v of [anonymous(), await loggedIn('bob')]) {
    const page = await v.get(path);
    assert.not.match(page.html, 'Change this patch');
    const list = await v.get('/project/demo/list/');
    assert.not.match(list.html, 'value="update"');
  }
  const alice = await loggedIn('alice');
  assert.match((await alice.get(path)).html, 'Change this patch');
  assert.match((await alice.get('/project/demo/list/')).html, 'value="update"');
});

test('log in: wrong password refused, session cookie HttpOnly and SameSite=Lax, log out ends it', async () => {
  const v = anonymous();
  const page = await v.get('/user/login/');
  assert.match(page.html, '<label for="username">Username</label><input id="username"');
  assert.match(page.html, '<label for="password">Password</label><input id="password" type="password"');
  assert.match(page.html, 'Log in</button>');
  const wrong = await v.post('/user/login/', { csrf: csrfOf(page.html), username: 'alice', password: 'nope' });
  assert.is(wrong.status, 403);
  assert.match(await wrong.text(), 'Wrong username or password.');
  assert.not.ok(v.cookies.has('pwlite_session'));
  const ok = await v.post('/user/login/?next=/project/demo/list/', {
    csrf: csrfOf(page.html),
    username: 'alice',
    password: 'alice-secret',
  });
  assert.is(ok.status, 303);
  assert.is(ok.headers.get('location'), '/project/demo/list/');
  const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('pwlite_session='))!;
  assert.match(cookie, 'HttpOnly');
  assert.match(cookie, 'SameSite=Lax');
  assert.not.match(cookie, 'Secure');
  assert.match((await v.get('/user/')).html, '<h1>alice</h1>');
  const stolen = v.cookies.get('pwlite_session')!;
  const out = await v.post('/user/logout/', { csrf: await v.csrf() });
  assert.is(out.status, 303);
  const replay = new Visitor(server.url);
  replay.cookies.set('pwlite_session', stolen);
  const after = await replay.get('/user/');
  assert.is(after.status, 302, 'the old session no longer logs in');
  assert.match(after.res.headers.get('location')!, '/user/login/');
});

test('log-in attempts are throttled: after ten failures for a name, even the form answers 429', async () => {
  const v = anonymous();
  const csrf = csrfOf((await v.get('/user/login/')).html);
  for (let i = 0; i < 10; i++) {
    assert.is((await v.post('/user/login/', { csrf, username: 'mallory', password: `guess${i}` })).status, 403);
  }
  const refused = await v.post('/user/login/', { csrf, username: 'mallory', password: 'guess10' });
  assert.is(refused.status, 429);
  assert.ok(Number(refused.headers.get('retry-after')) > 0);
  assert.match(await refused.text(), 'Too many failed log-ins');
});

test("log-in without the form's token changes nothing", async () => {
  const v = anonymous();
  await v.get('/user/login/');
  const res = await v.post('/user/login/', { username: 'alice', password: 'alice-secret' });
  assert.is(res.status, 403);
  assert.not.ok(v.cookies.has('pwlite_session'));
});

test('patch form: a maintainer changes state, delegate, archived and commit ref; events name them', async () => {
  const alice = await loggedIn('alice');
  const path = patchPath('demo', '<p1@example.org>');
  const res = await alice.post(path, [
    ['csrf', await alice.csrf(path)],
    ['state', 'under-review'],
    ['delegate', '1'],
    ['archived', 'false'],
    ['archived', 'true'],
    ['commit_ref', 'abc123'],
    ['action', 'update'],
  ]);
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), path);
  const patch = (await api(`patches/${s.patchIds[0]}/`)).body;
  assert.is(patch.state, 'under-review');
  assert.is(patch.delegate.username, 'alice');
  assert.is(patch.archived, true);
  assert.is(patch.commit_ref, 'abc123');
  const events = (await api(`events/?patch=${s.patchIds[0]}`)).body as { category: string; actor: { username: string } | null }[];
  assert.ok(events.some((e) => e.category === 'patch-state-changed' && e.actor?.username === 'alice'));
  assert.ok(events.some((e) => e.category === 'patch-delegated' && e.actor?.username === 'alice'));
  assert.match((await alice.get(path)).html, 'Patch updated.');
  // A delegate that is not a maintainer is the API's validation error, shown as a notice.
  const bad = await alice.post(path, { csrf: await alice.csrf(path), delegate: '2', action: 'update' });
  assert.is(bad.status, 303);
  assert.match((await alice.get(path)).html, 'User &#39;bob&#39; is not a maintainer for project &#39;Demo&#39;');
  assert.is((await api(`patches/${s.patchIds[0]}/`)).body.delegate.username, 'alice');
  db.prepare('UPDATE patches SET archived = 0, delegate_id = NULL WHERE id = ?').run(s.patchIds[0]);
});

test('patch form: a delegate who is no maintainer stays when only the state changes, with no delegation event', async () => {
  db.prepare('UPDATE patches SET delegate_id = 2 WHERE id = ?').run(s.lonePatchId);
  const alice = await loggedIn('alice');
  const path = patchPath('demo', '<lone@example.org>');
  const page = await alice.get(path);
  assert.match(page.html, '<option value="2" selected>bob</option>');
  const res = await alice.post(path, {
    csrf: csrfOf(page.html),
    state: 'changes-requested',
    delegate: '2',
    archived: 'false',
    commit_ref: '',
    action: 'update',
  });
  assert.is(res.status, 303);
  const patch = (await api(`patches/${s.lonePatchId}/`)).body;
  assert.is(patch.state, 'changes-requested');
  assert.is(patch.delegate.username, 'bob');
  assert.is((await api(`events/?patch=${s.lonePatchId}&category=patch-delegated`)).body.length, 0);
  db.prepare('UPDATE patches SET delegate_id = NULL, state_id = 1 WHERE id = ?').run(s.lonePatchId);
});

test('bulk: one submit changes every selected patch, one event each, in one transaction', async () => {
  const alice = await loggedIn('alice');
  const ids = extra.slice(0, 5);
  const before = (await api('events/?category=patch-state-changed')).body.length;
  const res = await alice.post('/project/demo/list/', [
    ['csrf', await alice.csrf('/project/demo/list/')],
    ['return', '/project/demo/list/?state=*'],
    ...ids.map((id): [string, string] => ['patch', String(id)]),
    ['state', 'accepted'],
    ['delegate', ''],
    ['archived', 'true'],
    ['action', 'update'],
  ]);
  assert.is(res.status, 303);
  assert.is(res.headers.get('location'), '/project/demo/list/?state=*');
  for (const id of ids) {
    const p = (await api(`patches/${id}/`)).body;
    assert.is(p.state, 'accepted');
    assert.is(p.archived, true);
  }
  assert.is((await api('events/?category=patch-state-changed')).body.length, before + 5);
  assert.match((await alice.get('/project/demo/list/')).html, 'Updated 5 patches.');
});

test('bulk: a refusal for one patch leaves every patch unchanged', async () => {
  // bob may change a patch he is delegated, but not the others.
  db.prepare('UPDATE patches SET delegate_id = 2 WHERE id = ?').run(extra[5]);
  const bob = await loggedIn('bob');
  const res = await bob.post('/project/demo/list/', [
    ['csrf', await bob.csrf('/project/demo/list/')],
    ['patch', String(extra[5])],
    ['patch', String(extra[6])],
    ['state', 'rejected'],
    ['action', 'update'],
  ]);
  assert.is(res.status, 303);
  assert.is(await patchState(extra[5]), 'new');
  assert.is(await patchState(extra[6]), 'new');
  assert.match((await bob.get('/project/demo/list/')).html, 'class="flash error"');
  db.prepare('UPDATE patches SET delegate_id = NULL WHERE id = ?').run(extra[5]);
});

test('forged posts change nothing: no token, or a token from another session', async () => {
  const alice = await loggedIn('alice');
  const bob = await loggedIn('bob');
  const path = patchPath('demo', '<p2@example.org>');
  const aliceToken = await alice.csrf(path);
  const noToken = await alice.post(path, { state: 'rejected', action: 'update' });
  assert.is(noToken.status, 403);
  // bob's session with alice's token: still refused, even though alice could do it.
  const crossed = new Visitor(server.url);
  crossed.cookies.set('pwlite_session', alice.cookies.get('pwlite_session')!);
  const bobToken = await bob.csrf(path);
  const forged = await crossed.post(path, { csrf: bobToken, state: 'rejected', action: 'update' });
  assert.is(forged.status, 403);
  assert.is(await patchState(s.patchIds[1]), 'new');
  assert.ok(aliceToken !== bobToken);
  // Anonymous posts with a made-up token are refused as well.
  const anon = await anonymous().post(path, { csrf: 'x'.repeat(43), state: 'rejected', action: 'update' });
  assert.is(anon.status, 403);
  assert.is(await patchState(s.patchIds[1]), 'new');
});

test('a read-only mirror refuses the forms as the API does, and says why', async () => {
  const alice = await loggedIn('alice');
  const path = patchPath('demo', '<p2@example.org>');
  const csrf = await alice.csrf(path);
  db.prepare("INSERT INTO mirrors (kind, source, created) VALUES ('patchwork', 'https://patchwork.example.org', '2026-12-01T00:00:00Z')").run();
  try {
    const refused = await alice.post(path, { csrf, state: 'rejected', action: 'update' });
    assert.is(refused.status, 303);
    const shown = await alice.get(refused.headers.get('location')!);
    assert.match(shown.html, 'read-only mirror of https://patchwork.example.org');
    assert.is(await patchState(s.patchIds[1]), 'new');
  } finally {
    db.prepare("DELETE FROM mirrors WHERE source = 'https://patchwork.example.org'").run();
  }
});

test('bundles: any user creates one from the list, adds, removes, publishes; private ones stay hidden', async () => {
  const bob = await loggedIn('bob');
  const csrf = await bob.csrf('/project/demo/list/');
  const made = await bob.post('/project/demo/list/', [
    ['csrf', csrf],
    ['patch', String(s.patchIds[0])],
    ['patch', String(s.patchIds[1])],
    ['bundle_name', 'bob picks'],
    ['action', 'bundle-create'],
  ]);
  assert.is(made.status, 303);
  const mine = (await api('bundles/?owner=bob', { headers: { Authorization: `Token ${'b'.repeat(40)}` } })).body;
  assert.is(mine.length, 1);
  assert.equal(mine[0].patches.map((p: { id: number }) => p.id).sort(), [s.patchIds[0], s.patchIds[1]].sort());
  assert.is(mine[0].public, false);
  const path = bundlePath('bob', 'bob picks');
  assert.is((await anonymous().get(path)).status, 404, 'private bundle hidden from visitors');
  assert.is((await (await loggedIn('alice')).get(path)).status, 404, 'and from other users');
  const page = await bob.get(path);
  assert.is(page.status, 200);
  const bundleId = mine[0].id;
  await bob.post('/project/demo/list/', [
    ['csrf', csrf],
    ['patch', String(s.lonePatchId)],
    ['bundle', String(bundleId)],
    ['action', 'bundle-add'],
  ]);
  await bob.post(path, [
    ['csrf', csrf],
    ['patch', String(s.patchIds[0])],
    ['action', 'remove'],
  ]);
  await bob.post(path, [
    ['csrf', csrf],
    ['action', 'public'],
  ]);
  const after = (await api(`bundles/${bundleId}/`)).body;
  assert.is(after.public, true);
  assert.equal(after.patches.map((p: { id: number }) => p.id).sort(), [s.patchIds[1], s.lonePatchId].sort());
  assert.is((await anonymous().get(path)).status, 200, 'public now');
  assert.not.match((await anonymous().get(path)).html, 'Remove selected patches');
  // Another user cannot change it, even with a valid session and token.
  const alice = await loggedIn('alice');
  const res = await alice.post(path, { csrf: await alice.csrf(), action: 'private' });
  assert.is(res.status, 303);
  assert.is((await api(`bundles/${bundleId}/`)).body.public, true);
  assert.match((await bob.get('/user/')).html, 'bob picks');
});

test('user page: a token is generated, works on the API, is regenerated and revoked', async () => {
  const bob = await loggedIn('bob');
  const page = await bob.get('/user/');
  assert.match(page.html, 'Regenerate token');
  const gen = await bob.post('/user/token/', { csrf: csrfOf(page.html), action: 'generate' });
  assert.is(gen.status, 200);
  assert.is(gen.headers.get('cache-control'), 'no-store');
  const token = /id="api-token">([0-9a-f]{40})</.exec(await gen.text())![1];
  const auth = { headers: { Authorization: `Token ${token}` } };
  assert.is((await api('bundles/?owner=bob', auth)).status, 200);
  assert.is((await api('patches/', { headers: { Authorization: `Token ${'b'.repeat(40)}` } })).status, 403, 'the old token is gone');
  await bob.post('/user/token/', { csrf: csrfOf(page.html), action: 'revoke' });
  assert.is((await api('patches/', auth)).status, 403);
  assert.match((await bob.get('/user/')).html, 'You have no API token.');
});

test('user page: settings change page size and id column', async () => {
  const alice = await loggedIn('alice');
  const res = await alice.post('/user/', { csrf: await alice.csrf(), items_per_page: '7', show_ids: 'true' });
  assert.is(res.status, 303);
  const me = (await api('users/1/', { headers: { Authorization: `Token ${OWNER_TOKEN}` } })).body;
  assert.is(me.settings.items_per_page, 7);
  assert.is(me.settings.show_ids, true);
  const list = await alice.get('/project/demo/list/');
  assert.is(listNames(list.html).length, 7);
  assert.match(list.html, '<th class="num" scope="col">ID</th>');
  const bad = await alice.post('/user/', { csrf: await alice.csrf(), items_per_page: '0' });
  assert.is(bad.status, 303);
  assert.match((await alice.get('/user/')).html, 'Items per page must be a number from 1 to 500.');
  await alice.post('/user/', { csrf: await alice.csrf(), items_per_page: '100', show_ids: 'false' });
});

test('to-do: patches delegated to the user, per project', async () => {
  db.prepare('UPDATE patches SET delegate_id = 1 WHERE id = ?').run(s.patchIds[2]);
  const alice = await loggedIn('alice');
  const todo = await alice.get('/user/todo/');
  assert.match(todo.html, '<a href="/user/todo/demo/">Demo</a>: 1 patch');
  assert.equal(listNames((await alice.get('/user/todo/demo/')).html), ['[PATCH 3/3] widget: step 3']);
  const anon = await anonymous().get('/user/todo/');
  assert.is(anon.status, 302);
});

test('a patch page makes a bundle of its patch; the owner deletes it from the bundle page', async () => {
  const alice = await loggedIn('alice');
  const path = patchPath('demo', '<lone@example.org>');
  const made = await alice.post(path, { csrf: await alice.csrf(path), bundle_name: 'lone one', action: 'bundle-create' });
  assert.is(made.status, 303);
  const bundle = (
    (await api('bundles/?owner=alice', { headers: { Authorization: `Token ${OWNER_TOKEN}` } })).body as {
      id: number;
      name: string;
      patches: { id: number }[];
    }[]
  ).find((b) => b.name === 'lone one')!;
  assert.equal(
    bundle.patches.map((p) => p.id),
    [s.lonePatchId],
  );
  const gone = await alice.post(bundlePath('alice', 'lone one'), { csrf: await alice.csrf(), action: 'delete' });
  assert.is(gone.headers.get('location'), '/user/');
  assert.is((await api(`bundles/${bundle.id}/`, { headers: { Authorization: `Token ${OWNER_TOKEN}` } })).status, 404);
});

test('log-out page: a button for a logged-in user, a link to log in for a visitor', async () => {
  assert.match((await (await loggedIn('bob')).get('/user/logout/')).html, 'Log out</button>');
  assert.match((await anonymous().get('/user/logout/')).html, 'You are not logged in.');
});

test('pages send a strict content security policy; the stylesheet and script are served locally', async () => {
  const { res } = await anonymous().get('/');
  assert.match(res.headers.get('content-security-policy')!, "default-src 'none'");
  for (const path of ['/static/pwlite.css', '/static/pwlite.js']) assert.is((await anonymous().get(path)).status, 200);
});

test('behind https the session cookie is Secure', async () => {
  const secure = await startTestServer(db, 'https://patches.example.org');
  try {
    const v = new Visitor(secure.url);
    const page = await v.get('/user/login/');
    const res = await v.post('/user/login/', { csrf: csrfOf(page.html), username: 'bob', password: 'bob-secret' });
    assert.match(res.headers.getSetCookie().find((c) => c.startsWith('pwlite_session='))!, '; Secure');
  } finally {
    await secure.close();
  }
});

test.run();
