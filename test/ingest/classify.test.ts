// docs/ingest.md §3, §6.8, §7.1-§7.3, §8 and §12 on hand-made mails: when the
// author is parsed, which branch a mail takes, where a reply attaches, which
// SeriesReferences a patch or cover writes, the marker search, and events.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { insertUser } from '../../src/db/users.ts';
import { ingestMail, type Outcome } from '../../src/ingest/ingest.ts';
import { TEST_PROJECT, projectDb } from './helpers.ts';

const DIFF = 'A change.\n---\ndiff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n';

function mail(o: { msgid: string; subject: string; body?: string; from?: string; inReplyTo?: string; references?: string; listId?: string; date?: string }): Buffer {
  return Buffer.from(
    [
      `From: ${o.from ?? 'Ada Lovelace <ada@example.org>'}`,
      `Subject: ${o.subject}`,
      `Message-Id: ${o.msgid}`,
      `Date: ${o.date ?? 'Mon, 2 Mar 2026 10:00:00 +0000'}`,
      `List-Id: <${o.listId ?? TEST_PROJECT.listid}>`,
      ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []),
      ...(o.references ? [`References: ${o.references}`] : []),
      '',
      o.body ?? DIFF,
    ].join('\n'),
  );
}

const all = (db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).all(...params);
const n = (db: Db, table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const kind = (o: Outcome) => (o.kind === 'error' ? `error: ${o.reason}` : o.kind);

const order = suite('§3 the author is parsed only when something is stored');
order('a bad From on a mail that is dropped anyway is not an error', () => {
  const { db } = projectDb();
  const cases: [string, Buffer][] = [
    ['reply to nothing stored', mail({ msgid: '<r@x.org>', subject: 'Re: [PATCH] x', body: 'Nice.\n', from: 'garbage', inReplyTo: '<none@x.org>' })],
    ['no diff, not a reply, no refs', mail({ msgid: '<t@x.org>', subject: '[PATCH] words only', body: 'Just words.\n', from: 'garbage' })],
    ['no content at all', mail({ msgid: '<e@x.org>', subject: '[PATCH] empty', body: '', from: 'x <bad@localhost>' })],
  ];
  for (const [name, raw] of cases) assert.is(kind(ingestMail(db, raw)), 'dropped', name);
  assert.is(n(db, 'people'), 0);
});
order('a bad From on a mail that would be stored is malformed, and leaves nothing behind', () => {
  const { db } = projectDb();
  const o = ingestMail(db, mail({ msgid: '<p@x.org>', subject: '[PATCH] f', from: 'Ada <ada@localhost>' }));
  assert.equal([o.kind, o.kind === 'error' && o.malformed], ['error', true]);
  assert.is(kind(o), "error: Invalid 'From' header");
  for (const table of ['patches', 'people', 'series', 'events']) assert.is(n(db, table), 0, table);
});
order.run();

const branches = suite('§6.8 classification and §7.3 zero-numbered patches');
branches('[PATCH 0/2] with a diff is a patch outside any series', () => {
  const { db } = projectDb();
  assert.is(kind(ingestMail(db, mail({ msgid: '<z@x.org>', subject: '[PATCH 0/2] zero with diff' }))), 'patch');
  assert.equal(all(db, 'SELECT name, series_id, number FROM patches'), [{ name: '[0/2] zero with diff', series_id: null, number: null }]);
  // Upstream still finds or creates the series (total 2) before it declines to attach number 0.
  assert.equal(all(db, 'SELECT total FROM series'), [{ total: 2 }]);
  assert.is(n(db, 'covers'), 0);
});
branches('cover test: no refs is always a cover; with refs, a cover of that name in any project makes it a comment', () => {
  const { db } = projectDb();
  insertProject(db, { linkname: 'other', name: 'Other', listid: 'other.example.org', listemail: 'o@example.org' });
  const cover = (msgid: string, subject: string, extra: { inReplyTo?: string; listId?: string } = {}) =>
    kind(ingestMail(db, mail({ msgid, subject, body: 'About the series.\n', ...extra })));
  assert.is(cover('<c1@x.org>', '[PATCH 0/2] Same name'), 'cover');
  assert.is(cover('<c2@x.org>', '[PATCH 0/2] Same name', { listId: 'other.example.org' }), 'cover');
  // Threaded under something unknown: the name is taken (in another project too), so it is an orphan comment.
  assert.is(cover('<c3@x.org>', '[PATCH 0/2] Same name', { inReplyTo: '<old@x.org>', listId: 'other.example.org' }), 'dropped');
  // The full name with prefixes is compared.
  assert.is(cover('<c4@x.org>', '[PATCH v2 0/2] Same name', { inReplyTo: '<old@x.org>' }), 'cover');
  assert.is(cover('<c5@x.org>', 'Re: [PATCH 0/2] Fresh name', { inReplyTo: '<old@x.org>' }), 'dropped');
  assert.is(n(db, 'covers'), 3);
});
branches.run();

const parents = suite('§8 where a reply attaches');
parents('patches first: a reference to a patch wins over an In-Reply-To to a cover', () => {
  const { db } = projectDb();
  ingestMail(db, mail({ msgid: '<cover@x.org>', subject: '[PATCH 0/1] Series', body: 'Cover.\n' }));
  ingestMail(db, mail({ msgid: '<p1@x.org>', subject: '[PATCH 1/1] f', inReplyTo: '<cover@x.org>', references: '<cover@x.org>' }));
  const o = ingestMail(db, mail({ msgid: '<r@x.org>', subject: 'Re: [PATCH 0/1] Series', body: 'Hm.\n', inReplyTo: '<cover@x.org>', references: '<p1@x.org> <cover@x.org>' }));
  assert.is(kind(o), 'patch-comment');
  assert.is(n(db, 'cover_comments'), 0);
});
parents('a reference to a comment attaches to its parent; Re: with a diff is a comment; no Re:, a diff and no n/N is a patch', () => {
  const { db } = projectDb();
  ingestMail(db, mail({ msgid: '<p@x.org>', subject: '[PATCH] f' }));
  ingestMail(db, mail({ msgid: '<c@x.org>', subject: '[PATCH 0/2] S', body: 'Cover.\n' }));
  assert.is(kind(ingestMail(db, mail({ msgid: '<pc@x.org>', subject: 'Re: [PATCH] f', body: '> x\nok\n', inReplyTo: '<p@x.org>' }))), 'patch-comment');
  assert.is(kind(ingestMail(db, mail({ msgid: '<cc@x.org>', subject: 'Re: [PATCH 0/2] S', body: 'ok\n', inReplyTo: '<c@x.org>' }))), 'cover-comment');
  assert.is(kind(ingestMail(db, mail({ msgid: '<pc2@x.org>', subject: 'more words', body: 'Words.\n', inReplyTo: '<pc@x.org>' }))), 'patch-comment');
  assert.is(kind(ingestMail(db, mail({ msgid: '<cc2@x.org>', subject: 'more words', body: 'Words.\n', inReplyTo: '<cc@x.org>' }))), 'cover-comment');
  assert.is(kind(ingestMail(db, mail({ msgid: '<rd@x.org>', subject: 'Re: [PATCH] f', inReplyTo: '<p@x.org>' }))), 'patch-comment');
  assert.ok((db.prepare("SELECT content FROM patch_comments WHERE msgid = '<rd@x.org>'").get() as { content: string }).content.includes('+++ b/f.c'));
  assert.is(kind(ingestMail(db, mail({ msgid: '<fix@x.org>', subject: 'fixup', inReplyTo: '<p@x.org>' }))), 'patch');
  assert.equal(all(db, 'SELECT p.msgid, COUNT(c.id) AS comments FROM patches p LEFT JOIN patch_comments c ON c.patch_id = p.id GROUP BY p.id ORDER BY p.id'), [
    { msgid: '<p@x.org>', comments: 3 },
    { msgid: '<fix@x.org>', comments: 0 },
  ]);
});
parents.run();

const refs = suite('§7.1 SeriesReferences');
refs('a patch that creates a series claims its refs and its own msgid; joining patches and a late cover claim nothing', () => {
  const { db } = projectDb();
  const claims = () => all(db, 'SELECT series_id, msgid FROM series_references ORDER BY id');
  ingestMail(db, mail({ msgid: '<p2@x.org>', subject: '[PATCH 2/2] b', inReplyTo: '<p1@x.org>', references: '<cover@x.org> <p1@x.org>' }));
  const created = [
    { series_id: 1, msgid: '<p1@x.org>' },
    { series_id: 1, msgid: '<cover@x.org>' },
    { series_id: 1, msgid: '<p2@x.org>' },
  ];
  assert.equal(claims(), created);
  ingestMail(db, mail({ msgid: '<p1@x.org>', subject: '[PATCH 1/2] a', inReplyTo: '<cover@x.org>', references: '<cover@x.org>' }));
  ingestMail(db, mail({ msgid: '<cover@x.org>', subject: '[PATCH 0/2] S', body: 'Cover.\n' }));
  assert.equal(claims(), created);
  assert.equal(all(db, 'SELECT id, cover_id FROM series'), [{ id: 1, cover_id: 1 }]);
  assert.equal(all(db, 'SELECT number FROM patches WHERE series_id = 1 ORDER BY number'), [{ number: 1 }, { number: 2 }]);
});
refs('a cover that creates a series claims only its own msgid; a taken number starts a new series with its own claims', () => {
  const { db } = projectDb();
  const claims = () => all(db, 'SELECT series_id, msgid FROM series_references ORDER BY id');
  ingestMail(db, mail({ msgid: '<cover@x.org>', subject: '[PATCH 0/1] S', body: 'Cover.\n', inReplyTo: '<older@x.org>' }));
  assert.equal(claims(), [{ series_id: 1, msgid: '<cover@x.org>' }]);
  ingestMail(db, mail({ msgid: '<a@x.org>', subject: '[PATCH 1/1] a', inReplyTo: '<cover@x.org>' }));
  ingestMail(db, mail({ msgid: '<b@x.org>', subject: '[PATCH 1/1] a', inReplyTo: '<a@x.org>' }));
  // Joining series 1 claimed nothing for <a@x.org>; number 1 is taken, so <b@x.org> starts series 2 and claims both.
  assert.equal(claims(), [
    { series_id: 1, msgid: '<cover@x.org>' },
    { series_id: 2, msgid: '<a@x.org>' },
    { series_id: 2, msgid: '<b@x.org>' },
  ]);
  assert.equal(all(db, 'SELECT msgid, series_id FROM patches ORDER BY id'), [
    { msgid: '<a@x.org>', series_id: 1 },
    { msgid: '<b@x.org>', series_id: 2 },
  ]);
});
refs.run();

const events = suite('§12 events of hand-made mails');
events('unnumbered patch, comments, and a state or delegate set at creation', () => {
  const { db } = projectDb();
  const maint = insertUser(db, { username: 'maint', email: 'maint@example.org' });
  const raw = mail({ msgid: '<p@x.org>', subject: '[PATCH] f' }).toString().replace('\n\n', '\nX-Patchwork-State: Accepted\nX-Patchwork-Delegate: maint@example.org\n\n');
  assert.is(kind(ingestMail(db, Buffer.from(raw))), 'patch');
  ingestMail(db, mail({ msgid: '<c@x.org>', subject: '[PATCH 0/2] S', body: 'Cover.\n' }));
  ingestMail(db, mail({ msgid: '<pc@x.org>', subject: 'Re: [PATCH] f', body: 'ok\n', inReplyTo: '<p@x.org>' }));
  ingestMail(db, mail({ msgid: '<cc@x.org>', subject: 'Re: [PATCH 0/2] S', body: 'ok\n', inReplyTo: '<c@x.org>' }));
  assert.equal(all(db, 'SELECT category, patch_id, series_id, cover_id, patch_comment_id, cover_comment_id, actor_id FROM events ORDER BY id'), [
    { category: 'patch-created', patch_id: 1, series_id: null, cover_id: null, patch_comment_id: null, cover_comment_id: null, actor_id: null },
    { category: 'series-created', patch_id: null, series_id: 1, cover_id: null, patch_comment_id: null, cover_comment_id: null, actor_id: null },
    { category: 'patch-completed', patch_id: 1, series_id: 1, cover_id: null, patch_comment_id: null, cover_comment_id: null, actor_id: null },
    { category: 'series-completed', patch_id: null, series_id: 1, cover_id: null, patch_comment_id: null, cover_comment_id: null, actor_id: null },
    { category: 'series-created', patch_id: null, series_id: 2, cover_id: null, patch_comment_id: null, cover_comment_id: null, actor_id: null },
    { category: 'cover-created', patch_id: null, series_id: null, cover_id: 1, patch_comment_id: null, cover_comment_id: null, actor_id: null },
    { category: 'patch-comment-created', patch_id: 1, series_id: null, cover_id: null, patch_comment_id: 1, cover_comment_id: null, actor_id: null },
    { category: 'cover-comment-created', patch_id: null, series_id: null, cover_id: 1, patch_comment_id: null, cover_comment_id: 1, actor_id: null },
  ]);
  assert.equal(all(db, 'SELECT s.name AS state, p.delegate_id FROM patches p JOIN states s ON s.id = p.state_id'), [{ state: 'Accepted', delegate_id: maint }]);
});
events.run();

const markers = suite('§7.2 series by markers: same submitter, version and total, within ±20 minutes inclusive');
const MARKER_CASES: [string, Partial<Parameters<typeof mail>[0]>, number][] = [
  ['20 minutes later', { date: 'Mon, 2 Mar 2026 10:20:00 +0000' }, 1],
  ['20 minutes earlier', { date: 'Mon, 2 Mar 2026 09:40:00 +0000' }, 1],
  ['same instant in another zone', { date: 'Mon, 2 Mar 2026 12:20:00 +0200' }, 1],
  ['20 minutes and a second later', { date: 'Mon, 2 Mar 2026 10:20:01 +0000' }, 2],
  ['20 minutes and a second earlier', { date: 'Mon, 2 Mar 2026 09:39:59 +0000' }, 2],
  ['another submitter', { from: 'Bob <bob@example.org>' }, 2],
  ['another version', { subject: '[PATCH v2 2/2] b' }, 2],
  ['another total', { subject: '[PATCH 2/3] b' }, 2],
];
for (const [name, second, series] of MARKER_CASES) {
  markers(name, () => {
    const { db } = projectDb();
    ingestMail(db, mail({ msgid: '<a@x.org>', subject: '[PATCH 1/2] a' }));
    assert.is(kind(ingestMail(db, mail({ msgid: '<b@x.org>', subject: '[PATCH 2/2] b', ...second }))), 'patch');
    assert.is(n(db, 'series'), series);
  });
}
markers.run();
