// Mails with numbers and Message-IDs beyond what upstream stores: the patch
// is kept, its numbers stay within upstream's columns, and the links the API
// gives for it answer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { ingestMail } from '../../src/ingest/ingest.ts';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let db: Db;
const LONG = `<${'x'.repeat(300)}@example.org>`;

const mail = (msgid: string, subject: string) =>
  Buffer.from(
    `From: Ada <ada@example.org>\nSubject: ${subject}\nMessage-Id: ${msgid}\nList-Id: <demo.example.org>\n` +
      `Date: Mon, 2 Mar 2026 10:00:00 +0000\n\nfix\n---\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n`,
  );

test.before(async () => {
  try {
    db = tempDb().db;
    insertProject(db, { linkname: 'demo', name: 'Demo', listid: 'demo.example.org', listemail: 'demo@example.org' });
    for (const [msgid, subject] of [
      [LONG, '[PATCH v99999999999999999999999 1/2] huge version'],
      ['<n@x>', '[PATCH 99999999999999999999/99999999999999999999] huge marker'],
      ['<v@x>', '[PATCH v2147483647 1/1] largest version upstream stores'],
    ]) {
      assert.ok(['patch'].includes(ingestMail(db, mail(msgid, subject)).kind), subject);
    }
    server = await startTestServer(db);
  } catch (e) {
    console.error(e);
    throw e;
  }
});
test.after(() => server?.close());

const api = async (path: string) => (await fetch(server.url + path)).json() as Promise<Record<string, unknown>[]>;

test('a version beyond 32 bits is not read as one: the series is v1, not 1e+23', async () => {
  const patches = await api('/api/patches/?order=id');
  const series = await api('/api/series/?order=id');
  assert.is(patches.length, 3);
  assert.is(series[0].version, 1);
  assert.is(series[0].total, 2);
  assert.is(series[2].version, 2147483647);
});

test('a series marker beyond upstream columns is no marker: the patch is a series of one', async () => {
  const series = await api('/api/series/?order=id');
  assert.is(series[1].total, 1);
  assert.is(series[1].version, 1);
});

test('a Message-ID cut at 255 characters: its web_url and mbox links answer', async () => {
  const [patch] = await api('/api/patches/?order=id');
  assert.is((patch.msgid as string).length, 255);
  for (const link of [patch.web_url, patch.mbox] as string[]) {
    const res = await fetch(link, { redirect: 'manual' });
    assert.is(res.status, 200, link);
    await res.arrayBuffer();
  }
  const mbox = await (await fetch(patch.mbox as string)).text();
  assert.ok(mbox.includes(`X-Patchwork-Id: ${patch.id}\n`), "the mbox is this patch");
});

test.run();
