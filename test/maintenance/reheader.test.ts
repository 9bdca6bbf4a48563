// `pwlite reheader` on a database holding blocks stored before migration
// 0006: each becomes what ingestion stores today, and only listed rows move.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countLegacyHeaders } from '../../src/db/headers.ts';
import { ingestMail } from '../../src/ingest/ingest.ts';
import { reheader } from '../../src/maintenance/reheader.ts';
import { projectDb, TEST_PROJECT } from '../ingest/helpers.ts';

const PATCH = Buffer.concat([
  Buffer.from('From: '),
  Buffer.from('Jürgen Weiß <jw@example.com>', 'utf8'),
  Buffer.from(
    '\nSubject: [PATCH] =?UTF-8?q?fix=20caf=C3=A9?=\nMessage-Id: <p1@example.com>\nTo: a very long list of recipients <recipients@example.com>, and another one <x@example.com>\n\n' +
      'body\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n',
  ),
]);

test('legacy blocks are stored as ingestion stores them now, once', () => {
  const { db } = projectDb();
  assert.is(ingestMail(db, PATCH, { listId: TEST_PROJECT.listid }).kind, 'patch');
  const current = (db.prepare('SELECT headers FROM patch_bodies').get() as { headers: string }).headers;
  assert.match(current, /^From: =\?unknown-8bit\?b\?/);
  // The block as pwlite stored it before 0006: received text, 8-bit as UTF-8.
  const legacy =
    'From: Jürgen Weiß <jw@example.com>\nSubject: [PATCH] =?UTF-8?q?fix=20caf=C3=A9?=\nMessage-Id: <p1@example.com>\nTo: a very long list of recipients <recipients@example.com>, and another one <x@example.com>';
  db.prepare('UPDATE patch_bodies SET headers = ?').run(legacy);
  db.prepare("INSERT INTO headers_to_reencode SELECT 'patch_bodies', patch_id FROM patch_bodies").run();
  assert.is(countLegacyHeaders(db), 1);
  assert.is(reheader(db), 1);
  assert.is((db.prepare('SELECT headers FROM patch_bodies').get() as { headers: string }).headers, current);
  assert.is(countLegacyHeaders(db), 0);
  assert.is(reheader(db), 0, 'nothing left to convert');
  db.close();
});

test.run();
