// Ingestion rules checked on hand-made mails: project routing, X-Patchwork-*
// headers, delegation rules, tags, people, comments across projects, and
// series dependencies (upstream's dependency fixtures).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/db/connection.ts';
import { insertDelegationRule } from '../../src/db/delegation.ts';
import { insertProject, updateProject } from '../../src/db/projects.ts';
import { insertUser } from '../../src/db/users.ts';
import { ingestMail, type Outcome } from '../../src/ingest/ingest.ts';
import { diffFilenames } from '../../src/ingest/delegate.ts';
import { fnmatch } from '../../src/ingest/fnmatch.ts';
import { parseDependencyUrl } from '../../src/ingest/dependencies.ts';
import { coverSeriesName } from '../../src/ingest/series.ts';
import { tempDb } from '../helpers/db.ts';
import { SHARED, TEST_PROJECT, mboxMessages, projectDb } from './helpers.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

let serial = 0;
function mail(o: { subject?: string; body?: string; from?: string; refs?: string; headers?: string[]; msgid?: string; listId?: string } = {}): Buffer {
  const msgid = o.msgid ?? `<m${++serial}@example.org>`;
  return Buffer.from(
    [
      `From: ${o.from ?? 'Ada Lovelace <ada@example.org>'}`,
      `Subject: ${o.subject ?? '[PATCH] do a thing'}`,
      `Message-Id: ${msgid}`,
      'Date: Mon, 2 Mar 2026 10:00:00 +0000',
      `List-Id: <${o.listId ?? TEST_PROJECT.listid}>`,
      ...(o.refs ? [`In-Reply-To: ${o.refs}`, `References: ${o.refs}`] : []),
      ...(o.headers ?? []),
      '',
      o.body ?? diffBody('meep.text'),
    ].join('\n'),
  );
}

function diffBody(...files: string[]): string {
  const hunks = files.map((f) => `diff --git a/${f} b/${f}\n--- a/${f}\n+++ b/${f}\n@@ -1 +1,2 @@\n meep\n+meep\n`).join('');
  return `A change.\n\nSigned-off-by: Ada <ada@example.org>\n---\n${hunks}`;
}

function stored(o: Outcome): number {
  assert.ok(o.kind !== 'error' && o.kind !== 'dropped' && o.kind !== 'duplicate', JSON.stringify(o));
  return (o as { id: number }).id;
}

const one = <T>(db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
const user = (db: Db, name: string, email: string) => insertUser(db, { username: name, email });

const units = suite('pure helpers');
units('fnmatch: *, ?, sets, negated sets, literal brackets', () => {
  const table: [string, string, boolean][] = [
    ['meep.text', 'meep.*', true],
    ['dir/sub/file.c', '*.c', true],
    ['dir/file.c', 'dir/*', true],
    ['a.c', '?.c', true],
    ['ab.c', '?.c', false],
    ['b.c', '[abc].c', true],
    ['d.c', '[!abc].c', true],
    ['a.c', '[!abc].c', false],
    ['[x', '[x', true],
    ['Meep.text', 'meep.*', false],
    ['a+b', 'a+b', true],
  ];
  for (const [name, pattern, want] of table) assert.is(fnmatch(name, pattern), want, `${name} ~ ${pattern}`);
});
units('diffFilenames: first component dropped, /dev/null skipped, sorted', () => {
  const diff = '--- a/z.c\n+++ b/z.c\n--- /dev/null\t2011-01-01\n+++ b/dir/new.c\n--- quit.sh\n+++ quit.sh\n';
  assert.equal(diffFilenames(diff), ['', 'dir/new.c', 'z.c']);
});
units('Depends-on URLs: only the path and the series query count', () => {
  assert.equal(parseDependencyUrl('https://pw.example/project/x/list/?series=12'), { series: 12 });
  assert.equal(parseDependencyUrl('http://test/project/x/patch/abc%2Fdef@host/'), { msgid: '<abc/def@host>' });
  assert.is(parseDependencyUrl('http://test/project/x/list/?series=abc'), null);
  assert.is(parseDependencyUrl('http://patchwork.dpdk.org/projects/x/list'), null);
  assert.is(parseDependencyUrl('not a url'), null);
});
units('series name from a cover: the leading prefix group goes', () => {
  assert.is(coverSeriesName('[v2,0/2] A sample series'), 'A sample series');
  assert.is(coverSeriesName('No prefix '), 'No prefix');
});
units.run();

const headers = suite('X-Patchwork-* headers');
headers('state by name, case-insensitive; unknown or absent is the default', () => {
  const { db } = projectDb();
  const state = (h?: string) =>
    one<{ name: string }>(db, 'SELECT s.name FROM patches p JOIN states s ON s.id = p.state_id WHERE p.id = ?', stored(ingestMail(db, mail({ headers: h ? [`X-Patchwork-State: ${h}`] : [] })))).name;
  assert.is(state('under review'), 'Under Review');
  assert.is(state('New'), 'New');
  assert.is(state(), 'New');
  assert.is(state('no such state'), 'New');
});
headers('hint ignore drops the mail', () => {
  const { db } = projectDb();
  assert.is(ingestMail(db, mail({ headers: ['X-Patchwork-Hint: IGNORE'] })).kind, 'dropped');
});
headers('delegate header matches a user account email; unknown falls back to path rules', () => {
  const { db, projectId } = projectDb();
  const maintainer = user(db, 'maint', 'Maint@Example.org');
  const ruled = user(db, 'ruled', 'ruled@example.org');
  insertDelegationRule(db, { project_id: projectId, user_id: ruled, path: '*.text', priority: 0 });
  const delegate = (h?: string) => one<{ delegate_id: number | null }>(db, 'SELECT delegate_id FROM patches WHERE id = ?', stored(ingestMail(db, mail({ headers: h ? [`X-Patchwork-Delegate: ${h}`] : [] })))).delegate_id;
  assert.is(delegate('maint@example.ORG'), maintainer);
  assert.is(delegate('stranger@example.org'), ruled);
});
headers('delegate header naming two users (case-insensitively) names nobody; path rules then apply', () => {
  const { db, projectId } = projectDb();
  user(db, 'one', 'Shared@example.org');
  user(db, 'two', 'shared@example.org');
  const ruled = user(db, 'ruled', 'ruled@example.org');
  const delegate = (body?: string) =>
    one<{ delegate_id: number | null }>(db, 'SELECT delegate_id FROM patches WHERE id = ?', stored(ingestMail(db, mail({ body, headers: ['X-Patchwork-Delegate: shared@example.org'] })))).delegate_id;
  assert.is(delegate(), null);
  insertDelegationRule(db, { project_id: projectId, user_id: ruled, path: '*.text', priority: 0 });
  assert.is(delegate(), ruled);
});
headers('path rules: highest priority wins; files split between users or unmatched give nobody', () => {
  const { db, projectId } = projectDb();
  const high = user(db, 'high', 'high@example.org');
  const low = user(db, 'low', 'low@example.org');
  insertDelegationRule(db, { project_id: projectId, user_id: low, path: '*.text', priority: 0 });
  insertDelegationRule(db, { project_id: projectId, user_id: high, path: 'meep.*', priority: 5 });
  const delegate = (...files: string[]) => one<{ delegate_id: number | null }>(db, 'SELECT delegate_id FROM patches WHERE id = ?', stored(ingestMail(db, mail({ body: diffBody(...files) })))).delegate_id;
  assert.is(delegate('meep.text'), high);
  assert.is(delegate('other.text'), low);
  assert.is(delegate('meep.text', 'other.text'), null);
  assert.is(delegate('other.text', 'unmatched.c'), null);
});
headers('action required: addressed false on patch and cover comments, null without', () => {
  const { db } = projectDb();
  const patch = mail({ msgid: '<p@example.org>' });
  stored(ingestMail(db, patch));
  stored(ingestMail(db, mail({ msgid: '<c@example.org>', subject: '[PATCH 0/2] A series', body: 'About it.\n' })));
  const reply = (to: string, h: string[]) => stored(ingestMail(db, mail({ subject: 'Re: x', refs: to, body: 'Looks fine.\n', headers: h })));
  const addressed = (table: string, id: number) => one<{ addressed: number | null }>(db, `SELECT addressed FROM ${table} WHERE id = ?`, id).addressed;
  assert.is(addressed('patch_comments', reply('<p@example.org>', ['X-Patchwork-Action-Required: '])), 0);
  assert.is(addressed('patch_comments', reply('<p@example.org>', [])), null);
  assert.is(addressed('cover_comments', reply('<c@example.org>', ['X-Patchwork-Action-Required: yes'])), 0);
  assert.is(addressed('cover_comments', reply('<c@example.org>', [])), null);
});
headers.run();

const routing = suite('projects, people and tags');
routing('subject_match picks among projects sharing a list; the empty pattern is the default', () => {
  const { db } = tempDb();
  const plain = insertProject(db, { linkname: 'plain', name: 'Plain', listid: 'shared.example.org', listemail: 'l@shared.example.org' });
  const keyed = insertProject(db, { linkname: 'keyed', name: 'Keyed', listid: 'shared.example.org', listemail: 'l@shared.example.org', subject_match: 'keyword' });
  const project = (subject: string) => (ingestMail(db, mail({ subject, listId: 'shared.example.org' })) as { projectId: number }).projectId;
  assert.is(project('[PATCH keyword] subsystem: x'), keyed);
  assert.is(project('[PATCH] subsystem: y'), plain);
  assert.is(ingestMail(db, mail({ listId: 'example.org' })).kind, 'dropped');
});
routing('one mail on two lists: a patch in each project, and a reply comments on each', () => {
  const { db } = tempDb();
  insertProject(db, { linkname: 'one', name: 'One', listid: 'one.example.org', listemail: 'one@example.org' });
  insertProject(db, { linkname: 'two', name: 'Two', listid: 'two.example.org', listemail: 'two@example.org' });
  const patch = mail({ msgid: '<shared@example.org>' });
  const reply = mail({ subject: 'Re: [PATCH] do a thing', refs: '<shared@example.org>', body: 'Acked-by: Bob <bob@example.org>\n' });
  for (const listId of ['one.example.org', 'two.example.org']) {
    assert.is(ingestMail(db, patch, { listId }).kind, 'patch');
    assert.is(ingestMail(db, reply, { listId }).kind, 'patch-comment');
  }
  assert.is(one<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM patches').n, 2);
  assert.equal(db.prepare('SELECT patch_id FROM patch_comments ORDER BY patch_id').all(), [{ patch_id: 1 }, { patch_id: 2 }]);
});
routing('people: found case-insensitively, first spelling kept, latest name wins, no name keeps it', () => {
  const { db } = projectDb();
  ingestMail(db, mail({ from: 'Ada L <Ada@Example.org>' }));
  ingestMail(db, mail({ from: 'Ada Lovelace <ada@example.org>' }));
  ingestMail(db, mail({ from: 'ada@example.org' }));
  assert.equal(db.prepare('SELECT email, name FROM people').all(), [{ email: 'Ada@Example.org', name: 'Ada Lovelace' }]);
});
routing('DMARC: a From munged to the list address is restored from Reply-To', () => {
  const { db } = projectDb();
  ingestMail(db, mail({ from: `Ada Lovelace via Test <${TEST_PROJECT.listemail}>`, headers: ['Reply-To: Ada Lovelace <ada@example.org>'] }));
  assert.equal(db.prepare('SELECT email, name FROM people').all(), [{ email: 'ada@example.org', name: 'Ada Lovelace' }]);
});
routing('tags: counted in the patch and its comments, not quoted ones, none when the project opts out', () => {
  const { db, projectId } = projectDb();
  const body = diffBody('a.c').replace('Signed-off-by', 'Tested-by: T <t@example.org>\nReviewed-by: R <r@example.org>\nSigned-off-by');
  const id = stored(ingestMail(db, mail({ msgid: '<t@example.org>', body })));
  ingestMail(db, mail({ subject: 'Re: x', refs: '<t@example.org>', body: '> Acked-by: quoted <q@example.org>\nAcked-by: A <a@example.org>\nReviewed-by: R2 <r2@example.org>\n' }));
  const tags = () => db.prepare('SELECT t.name, pt.count FROM patch_tags pt JOIN tags t ON t.id = pt.tag_id WHERE patch_id = ? ORDER BY t.name').all(id);
  assert.equal(tags(), [{ name: 'Acked-by', count: 1 }, { name: 'Reviewed-by', count: 2 }, { name: 'Tested-by', count: 1 }]);
  updateProject(db, projectId, { use_tags: 0 });
  const none = stored(ingestMail(db, mail({ body })));
  assert.equal(db.prepare('SELECT * FROM patch_tags WHERE patch_id = ?').all(none), []);
});
routing.run();

if (SHARED) {
  const dir = join(SHARED, 'upstream', 'testdata', 'series');
  const deps = suite('series dependencies (SeriesDependencyTestCase)');
  const fill = (template: string, tokens: Record<string, string>) =>
    readFileSync(join(dir, `${template}.mbox.template`), 'utf8')
      .replace(/\{(depends_token(?:_\d)?)\}/g, (_, k: string) => tokens[k])
      .replace(/\{\{/g, '{')
      .replace(/\}\}/g, '}');
  const parseText = async (db: Db, text: string, listId = TEST_PROJECT.listid) => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'pwlite-dep-')), 'x.mbox');
    writeFileSync(path, text);
    return (await mboxMessages(path)).map((raw) => ingestMail(db, raw, { listId }));
  };
  const base = async () => {
    const { db, projectId } = projectDb();
    const outcomes = await parseText(db, readFileSync(join(dir, 'dependency-base-patch.mbox'), 'utf8'));
    const [cover, patch1, patch2] = outcomes as { msgid: string }[];
    return { db, projectId, cover: cover.msgid, patch1: patch1.msgid, patch2: patch2.msgid };
  };
  const links = (db: Db) => db.prepare('SELECT series_id, depends_on_id FROM series_dependencies ORDER BY series_id, position').all();
  const bare = (msgid: string) => msgid.slice(1, -1);

  const single: [string, string, (b: Awaited<ReturnType<typeof base>>) => string][] = [
    ['by series URL', 'dependency-one-cover', () => `http://test/project/${TEST_PROJECT.linkname}/list/?series=1`],
    ['by patch URL', 'dependency-one-cover', (b) => `http://test/project/${TEST_PROJECT.linkname}/patch/${bare(b.patch1)}/`],
    ['by patch msgid', 'dependency-one-first-patch', (b) => b.patch1],
    ['by cover msgid', 'dependency-one-first-patch', (b) => b.cover],
    ['by patch msgid on the cover', 'dependency-one-cover', (b) => b.patch1],
    ['by patch 2 msgid', 'dependency-one-cover', (b) => b.patch2],
  ];
  for (const [name, template, token] of single) {
    deps(name, async () => {
      const b = await base();
      await parseText(b.db, fill(template, { depends_token: token(b) }));
      assert.equal(links(b.db), [{ series_id: 2, depends_on_id: 1 }]);
    });
  }
  deps('a series never depends on itself', async () => {
    const { db } = projectDb();
    const text = fill('dependency-one-first-patch', { depends_token: '<20240611160854.192806-1-ahassick@iol.unh.edu>' });
    await parseText(db, text);
    assert.equal(links(db), []);
  });
  deps('no dependency across projects', async () => {
    const b = await base();
    insertProject(b.db, { linkname: 'other', name: 'Other', listid: 'other.example.org', listemail: 'o@example.org' });
    await parseText(b.db, fill('dependency-one-first-patch', { depends_token: b.patch1 }), 'other.example.org');
    assert.equal(links(b.db), []);
  });
  for (const template of ['dependency-multi', 'dependency-multi-2']) {
    deps(`${template}: two dependencies in order`, async () => {
      const b = await base();
      const second = await parseText(b.db, fill('dependency-one-cover', { depends_token: b.patch1 }));
      const s2patch1 = (second[1] as { msgid: string }).msgid;
      await parseText(b.db, fill(template, { depends_token_1: b.patch1, depends_token_2: s2patch1 }));
      assert.equal(links(b.db), [
        { series_id: 2, depends_on_id: 1 },
        { series_id: 3, depends_on_id: 1 },
        { series_id: 3, depends_on_id: 2 },
      ]);
    });
  }
  deps.run();
} else skipped('series dependencies (SeriesDependencyTestCase)', NO_SHARED);
