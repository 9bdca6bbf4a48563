// The download endpoints over real HTTP (docs/api.md §8.1, docs/ingest.md §13.2):
// what git-pw, pwclient and b4 fetch, with the headers they read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { bundleMboxPath, coverMboxPath, msgidSegment, patchMboxPath, patchRawPath, seriesMboxPath } from '../../src/http/urls.ts';
import { insertPatchRow, OTHER_TOKEN, OWNER_TOKEN, seed, type Seeded } from './seed.ts';
import type { Db } from '../../src/db/connection.ts';
import { hashPassword } from '../../src/auth/password.ts';

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

/** Splits an mbox into its messages at the `From patchwork` lines. */
const messages = (mbox: string) => mbox.split(/^(?=From patchwork )/m);
const ids = (mbox: string) => [...mbox.matchAll(/^X-Patchwork-Id: (\d+)$/gm)].map((m) => Number(m[1]));

test('patch mbox: one message, headers clients read', async () => {
  const res = await get(patchMboxPath('demo', '<p2@example.org>'));
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.is(res.headers.get('content-disposition'), 'attachment; filename=PATCH-2-3-widget-step-2.patch');
  const text = await res.text();
  assert.is(messages(text).length, 1);
  assert.equal(ids(text), [s.patchIds[1]]);
  // The reviewer's tag lands before the notes, the quoted one does not.
  assert.ok(text.includes('Signed-off-by: Ada Lovelace <ada@example.org>\nReviewed-by: Rev Iewer <rev@example.org>\n---\n v2: rebased\n\ndiff --git'));
  assert.not.ok(text.includes('quoted'));
  assert.ok(text.startsWith('From patchwork Tue Nov  3 10:00:02 2026\n'));
});

test('patch mbox: the delegate is named', async () => {
  const text = await (await get(patchMboxPath('demo', '<p3@example.org>'))).text();
  assert.match(text, /\nX-Patchwork-Delegate: alice@example.org\n/);
});

test('patch mbox ?series=*: the earlier patches of its series, in number order, then the patch', async () => {
  const res = await get(patchMboxPath('demo', '<p3@example.org>') + '?series=*');
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-disposition'), 'attachment; filename=PATCH-3-3-widget-step-3.patch');
  const text = await res.text();
  assert.equal(ids(text), s.patchIds);
  // Messages are joined by one blank line: each diff ends in \n, then \n.
  assert.ok(text.includes('+new 1\n\nFrom patchwork '));
  assert.equal(ids(await (await get(patchMboxPath('demo', '<p1@example.org>') + '?series=%2A')).text()), [s.patchIds[0]]);
});

test('patch mbox ?series=<id>: that series only; other values 404', async () => {
  const path = patchMboxPath('demo', '<p2@example.org>');
  assert.equal(ids(await (await get(`${path}?series=${s.seriesId}`)).text()), s.patchIds.slice(0, 2));
  assert.is((await get(`${path}?series=${s.seriesId + 100}`)).status, 404);
  assert.is((await get(`${path}?series=abc`)).status, 404);
  // An empty value is no value.
  assert.equal(ids(await (await get(`${path}?series=`)).text()), [s.patchIds[1]]);
  // A patch outside any series has no dependencies to give.
  const lone = patchMboxPath('demo', '<lone@example.org>');
  const res = await get(`${lone}?series=*`);
  assert.is(res.status, 404);
  assert.match((await res.json()).detail, /not part of a series/);
  assert.is((await get(`${lone}?series=${s.seriesId}`)).status, 404);
});

test('patch mbox ?series=*: a patch without a number in its series comes alone', async () => {
  db.prepare('UPDATE patches SET series_id = ?, number = NULL WHERE id = ?').run(s.seriesId, s.slashPatchId);
  try {
    const text = await (await get(patchMboxPath('demo', '<a/b+c@example.org>') + '?series=*')).text();
    assert.equal(ids(text), [s.slashPatchId]);
  } finally {
    db.prepare('UPDATE patches SET series_id = NULL WHERE id = ?').run(s.slashPatchId);
  }
});

test('raw: the diff verbatim as text/x-patch; no diff gives an empty body', async () => {
  const res = await get(patchRawPath('demo', '<p1@example.org>'));
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/x-patch');
  assert.is(res.headers.get('content-disposition'), 'attachment; filename=PATCH-1-3-widget-step-1.diff');
  assert.is(await res.text(), 'diff --git a/widget.c b/widget.c\n--- a/widget.c\n+++ b/widget.c\n@@ -1 +1 @@\n-old 1\n+new 1\n');
  const none = await get(patchRawPath('demo', '<lone@example.org>'));
  assert.is(none.status, 200);
  assert.is(await none.text(), '');
});

test('git-pw derives the raw URL by replacing "mbox" with "raw"', async () => {
  const mbox = patchMboxPath('demo', '<p1@example.org>');
  assert.is(mbox.split('mbox').length, 2);
  assert.is((await get(mbox.replaceAll('mbox', 'raw'))).status, 200);
});

test('a Message-ID with a slash is reachable through its generated URL', async () => {
  assert.is(msgidSegment('<a/b+c@example.org>'), 'a%252Fb+c@example.org');
  const text = await (await get(patchMboxPath('demo', '<a/b+c@example.org>'))).text();
  assert.equal(ids(text), [s.slashPatchId]);
});

test('unknown project, Message-ID or series: 404', async () => {
  assert.is((await get(patchMboxPath('nope', '<p1@example.org>'))).status, 404);
  assert.is((await get(patchMboxPath('demo', '<nope@example.org>'))).status, 404);
  assert.is((await get(coverMboxPath('demo', '<p1@example.org>'))).status, 404);
  assert.is((await get(seriesMboxPath(999))).status, 404);
  assert.is((await get('/series/x/mbox/')).status, 404);
});

test('cover mbox: text/plain, .mbox, with the cover replies\' tags', async () => {
  const res = await get(coverMboxPath('demo', '<cover@example.org>'));
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/plain');
  assert.is(res.headers.get('content-disposition'), 'attachment; filename=PATCH-0-3-Add-the-widget.mbox');
  const text = await res.text();
  assert.equal(ids(text), [s.coverId]);
  assert.ok(text.endsWith('\n\nThis adds the widget.\nAcked-by: Rev Iewer <rev@example.org>\n'));
});

test('series mbox: every patch by number, no cover letter', async () => {
  const res = await get(seriesMboxPath(s.seriesId));
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/plain');
  assert.is(res.headers.get('content-disposition'), 'attachment; filename=Add-the-widget.patch');
  const text = await res.text();
  assert.equal(ids(text), s.patchIds);
  assert.not.ok(text.includes('This adds the widget.'));
});

test('series mbox: an untitled series is named by its id', async () => {
  const id = Number(
    db
      .prepare("INSERT INTO series (project_id, name, date, submitter_id) VALUES (?, NULL, '2026-11-06T00:00:00.000000', 1)")
      .run(s.projectId).lastInsertRowid,
  );
  const res = await get(seriesMboxPath(id));
  assert.is(res.headers.get('content-disposition'), `attachment; filename=Untitled-series-${id}.patch`);
  assert.is(await res.text(), '');
});

test('bundle mbox: private to its owner, who may use the API token; bundle order kept', async () => {
  const path = bundleMboxPath('alice', 'to review');
  assert.is(path, '/bundle/alice/to%20review/mbox/');
  assert.is((await get(path)).status, 404);
  assert.is((await get(path, { Authorization: `Token ${OTHER_TOKEN}` })).status, 404);
  // Wrong credentials count as anonymous here, not 403.
  assert.is((await get(path, { Authorization: 'Token nonsense' })).status, 404);
  const res = await get(path, { Authorization: `Token ${OWNER_TOKEN}` });
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/plain');
  assert.is(res.headers.get('content-disposition'), `attachment; filename=bundle-${s.privateBundleId}-to-review.mbox`);
  assert.equal(ids(await res.text()), [s.patchIds[2], s.patchIds[0]]);
});

test('bundle mbox: the owner may use HTTP Basic as well', async () => {
  db.prepare("UPDATE users SET password_hash = ? WHERE username = 'alice'").run(hashPassword('s3cret'));
  const basic = (password: string) => ({ Authorization: 'Basic ' + Buffer.from(`alice:${password}`).toString('base64') });
  const path = bundleMboxPath('alice', 'to review');
  const res = await get(path, basic('s3cret'));
  assert.is(res.status, 200);
  assert.equal(ids(await res.text()), [s.patchIds[2], s.patchIds[0]]);
  assert.is((await get(path, basic('wrong'))).status, 404);
});

test('bundle mbox: a public bundle is anyone\'s', async () => {
  const res = await get(bundleMboxPath('alice', 'picks'));
  assert.is(res.status, 200);
  assert.equal(ids(await res.text()), [s.lonePatchId]);
  assert.is((await get(bundleMboxPath('bob', 'picks'))).status, 404);
});

test('short forms redirect to the download, dropping the query', async () => {
  const mbox = await get(`/patch/${s.patchIds[0]}/mbox/?series=*`);
  assert.is(mbox.status, 302);
  assert.is(mbox.headers.get('location'), patchMboxPath('demo', '<p1@example.org>'));
  const raw = await get(`/patch/${s.slashPatchId}/raw/`);
  assert.is(raw.status, 302);
  assert.is(raw.headers.get('location'), '/project/demo/patch/a%252Fb+c@example.org/raw/');
  const cover = await get(`/cover/${s.coverId}/mbox/`);
  assert.is(cover.status, 302);
  assert.is(cover.headers.get('location'), coverMboxPath('demo', '<cover@example.org>'));
  assert.is((await get('/patch/999999/mbox/')).status, 404);
});

test('pwclientrc: a REST configuration for the project, pointed at this server', async () => {
  const res = await get('/project/demo/pwclientrc/');
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'text/plain');
  assert.is(res.headers.get('content-disposition'), 'attachment; filename=.pwclientrc');
  const settings = (await res.text()).split('\n').filter((l) => l && !l.startsWith('#'));
  assert.equal(settings, ['[options]', 'default = demo', '[demo]', 'backend = rest', `url = ${server.url}/api/`]);
  assert.is((await get('/project/nope/pwclientrc/')).status, 404);
  const proxied = await startTestServer(db, 'https://patches.example.org/');
  try {
    const text = await (await fetch(`${proxied.url}/project/demo/pwclientrc/`)).text();
    assert.match(text, /\nurl = https:\/\/patches\.example\.org\/api\/\n/);
    assert.match(text, /on patches\.example\.org\./);
  } finally {
    await proxied.close();
  }
});

test('a large series streams out whole, in order, chunked', async () => {
  const seriesId = Number(
    db
      .prepare("INSERT INTO series (project_id, name, date, submitter_id, total) VALUES (?, 'big', '2026-11-07T00:00:00.000000', 1, 250)")
      .run(s.projectId).lastInsertRowid,
  );
  const expected: number[] = [];
  db.transaction(() => {
    for (let n = 1; n <= 250; n++) {
      expected.push(
        insertPatchRow(
          db,
          {
            projectId: s.projectId,
            submitterId: 1,
            msgid: `<big${n}@example.org>`,
            name: `[PATCH ${n}/250] big`,
            date: '2026-11-07T00:00:00.000000',
            content: `Part ${n}.\n`,
            diff: `diff --git a/f${n} b/f${n}\n` + '+x\n'.repeat(2000),
          },
          { id: seriesId, number: n },
        ),
      );
    }
  })();
  const res = await get(seriesMboxPath(seriesId));
  assert.is(res.headers.get('transfer-encoding'), 'chunked');
  assert.is(res.headers.get('content-length'), null);
  const text = await res.text();
  assert.equal(ids(text), expected);
  assert.ok(text.length > 250 * 6000);
});

test.run();
