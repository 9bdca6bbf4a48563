// The pages behind the API's web_url links and the short redirects (docs/api.md §8.3).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { bundlePath, coverPath, patchPath } from '../../src/http/urls.ts';
import { escapeHtml } from '../../src/http/html.ts';
import { OWNER_TOKEN, seed, type Seeded } from './seed.ts';
import type { Db } from '../../src/db/connection.ts';

let server: TestServer;
let db: Db;
let s: Seeded;

test.before(async () => {
  db = tempDb().db;
  s = seed(db);
  server = await startTestServer(db);
});
test.after(() => server.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers, redirect: 'manual' });

test('escaping: markup in mail text is shown, not run', () => {
  assert.is(escapeHtml(`<script>alert("x")</script> & 'y'`), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
});

test('patch page: metadata, message, diff, replies and download links', async () => {
  const res = await get(patchPath('demo', '<p2@example.org>'));
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = await res.text();
  assert.ok(html.includes('<h1>[PATCH 2/3] widget: step 2</h1>'));
  assert.ok(html.includes('Ada Lovelace &lt;ada@example.org&gt;'));
  assert.ok(html.includes('Reviewed-by: Rev Iewer &lt;rev@example.org&gt;'));
  assert.ok(html.includes('+new 2'));
  assert.ok(html.includes(`href="${patchPath('demo', '<p2@example.org>')}mbox/"`));
  assert.ok(html.includes(`href="/project/demo/list/?series=${s.seriesId}"`));
});

test('a cover letter under the patch path redirects to its page, and back', async () => {
  const toCover = await get(patchPath('demo', '<cover@example.org>'));
  assert.is(toCover.status, 302);
  assert.is(toCover.headers.get('location'), coverPath('demo', '<cover@example.org>'));
  const cover = await get(coverPath('demo', '<cover@example.org>'));
  assert.is(cover.status, 200);
  const html = await cover.text();
  assert.ok(html.includes('This adds the widget.'));
  assert.ok(html.includes('Acked-by: Rev Iewer'));
  const toPatch = await get(coverPath('demo', '<p1@example.org>'));
  assert.is(toPatch.headers.get('location'), patchPath('demo', '<p1@example.org>'));
  assert.is((await get(patchPath('demo', '<nope@example.org>'))).status, 404);
});

test('short forms: /patch/<id>/, /cover/<id>/, /comment/<id>/', async () => {
  const patch = await get(`/patch/${s.patchIds[0]}/`);
  assert.is(patch.status, 302);
  assert.is(patch.headers.get('location'), patchPath('demo', '<p1@example.org>'));
  assert.is((await get(`/cover/${s.coverId}/`)).headers.get('location'), coverPath('demo', '<cover@example.org>'));
  const ids = db.prepare('SELECT (SELECT id FROM patch_comments) AS p, (SELECT id FROM cover_comments) AS c').get() as { p: number; c: number };
  // Patch comments are searched first: a cover comment with the same id is shadowed, as upstream.
  assert.is((await get(`/comment/${ids.p}/`)).headers.get('location'), patchPath('demo', '<p2@example.org>') + `#${ids.p}`);
  db.prepare('UPDATE cover_comments SET id = 500 WHERE id = ?').run(ids.c);
  assert.is((await get('/comment/500/')).headers.get('location'), coverPath('demo', '<cover@example.org>') + '#500');
  assert.is((await get('/comment/999/')).status, 404);
  assert.is((await get('/patch/x/')).status, 404);
});

test('series list page: its patches by number, with the series mbox', async () => {
  const html = await (await get(`/project/demo/list/?series=${s.seriesId}`)).text();
  const order = [1, 2, 3].map((n) => html.indexOf(`step ${n}</a>`));
  assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1])), String(order));
  assert.ok(html.includes(`href="/series/${s.seriesId}/mbox/"`));
  const recent = await (await get('/project/demo/list/')).text();
  assert.ok(recent.includes('docs: fix a typo'));
  assert.is((await get('/project/nope/list/')).status, 404);
});

test('bundle page: private to its owner', async () => {
  const path = bundlePath('alice', 'to review');
  assert.is((await get(path)).status, 404);
  const res = await get(path, { Authorization: `Token ${OWNER_TOKEN}` });
  assert.is(res.status, 200);
  const html = await res.text();
  assert.ok(html.indexOf('step 3</a>') < html.indexOf('step 1</a>'), 'bundle order');
  assert.is((await get(bundlePath('alice', 'picks'))).status, 200);
});

test('every web_url and mbox link the API gives answers', async () => {
  const api = async (path: string) => (await fetch(`${server.url}/api/1.2/${path}`)).json();
  const patch = await api(`patches/${s.slashPatchId}/`);
  const series = await api(`series/${s.seriesId}/`);
  const cover = await api(`covers/${s.coverId}/`);
  const links = [patch.web_url, patch.mbox, patch.mbox.replace('mbox', 'raw'), series.web_url, series.mbox, cover.web_url, cover.mbox];
  for (const url of links) assert.is((await fetch(url)).status, 200, url);
});

test.run();
