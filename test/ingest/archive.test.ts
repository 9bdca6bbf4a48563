// importMessages as parsearchive drives it: stopping early keeps what is
// stored, and the stored mails are committed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDb } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { importMessages } from '../../src/ingest/archive.ts';
import { DEMO_PROJECT, demoMails } from '../../src/demo/mails.ts';
import type { MboxMessage } from '../../src/mail/mbox.ts';
import { tempDbPath } from '../helpers/db.ts';

async function* messages(): AsyncGenerator<MboxMessage> {
  let position = 0;
  for (const raw of demoMails()) yield { position: ++position, raw };
}

test('stop() ends the import after the current mail; what was stored is committed', async () => {
  const path = tempDbPath();
  const db = openDb(path);
  insertProject(db, DEMO_PROJECT);
  const counters = await importMessages(db, messages(), {}, { stop: () => true }, messages);
  assert.is(counters.messages, 1);
  assert.is(db.inTransaction, false);
  db.close();
  const again = openDb(path);
  assert.is((again.prepare('SELECT COUNT(*) AS n FROM covers').get() as { n: number }).n, 1);
  const rest = await importMessages(again, messages(), {});
  assert.is(rest.duplicates, 1);
  assert.is(rest.patches + rest.covers + rest.comments, 14);
  again.close();
});

test("an import leaves the connection's page cache and temporary store as they were", async () => {
  const db = openDb(tempDbPath());
  insertProject(db, DEMO_PROJECT);
  db.pragma('cache_size = -3000');
  db.pragma('temp_store = FILE');
  let during: unknown[] = [];
  await importMessages(
    db,
    messages(),
    {},
    {
      onMessage: () => (during = [db.pragma('cache_size', { simple: true }), db.pragma('temp_store', { simple: true })]),
    },
  );
  assert.equal(during, [-8000, 2], 'an 8 MB cache and memory for the import');
  assert.equal([db.pragma('cache_size', { simple: true }), db.pragma('temp_store', { simple: true })], [-3000, 1]);
  db.close();
});

// A patch and a chain of replies, each answering only the one before it,
// stored newest first: every reply comes before its parent.
function chainNewestFirst(length: number, replyBytes = 0): MboxMessage[] {
  const mail = (msgid: string, subject: string, parent: string | null, body: string) =>
    Buffer.from(
      `From: Ada <ada@example.org>\nSubject: ${subject}\nMessage-Id: <${msgid}>\nList-Id: <${DEMO_PROJECT.listid}>\n` +
        `Date: Mon, 2 Mar 2026 10:00:00 +0000\n${parent ? `In-Reply-To: <${parent}>\n` : ''}\n${body}`,
    );
  const raws = [mail('p@x', '[PATCH] fix', null, 'fix\n---\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n')];
  for (let i = 1; i <= length; i++)
    raws.push(mail(`r${i}@x`, 'Re: [PATCH] fix', i === 1 ? 'p@x' : `r${i - 1}@x`, `reply ${i}\n${'x'.repeat(replyBytes)}\n`));
  return raws.reverse().map((raw, i) => ({ position: i + 1, raw }));
}

test('early replies: a 1,000-reply chain stored newest first is adopted in one extra pass, from memory', async () => {
  const db = openDb(tempDbPath());
  insertProject(db, DEMO_PROJECT);
  const chain = chainNewestFirst(1000);
  let passes = 0;
  async function* all(): AsyncGenerator<MboxMessage> {
    yield* chain;
  }
  const counters = await importMessages(db, all(), {}, {}, () => (passes++, all()));
  assert.is(passes, 0, 'the early replies were kept: the archive is not read again');
  assert.is(counters.patches, 1);
  assert.is(counters.comments, 1000);
  assert.is(counters.dropped, 0);
  assert.is((db.prepare('SELECT COUNT(*) AS n FROM patch_comments').get() as { n: number }).n, 1000);
  const again = await importMessages(db, all(), {}, {}, all);
  assert.is(again.duplicates, 1001);
  db.close();
});

test('early replies past the memory kept for them are read again from the archive', async () => {
  const db = openDb(tempDbPath());
  insertProject(db, DEMO_PROJECT);
  // 24 replies of 1 MB: more than the 16 MB kept, all within the 32 MB held.
  const chain = chainNewestFirst(24, 1 << 20);
  let passes = 0;
  async function* all(): AsyncGenerator<MboxMessage> {
    yield* chain;
  }
  const counters = await importMessages(db, all(), {}, {}, () => (passes++, all()));
  assert.is(passes, 1);
  assert.is(counters.comments, 24);
  assert.is(counters.dropped, 0);
  assert.is((db.prepare('SELECT COUNT(*) AS n FROM patch_comments').get() as { n: number }).n, 24);
  db.close();
});

test('early replies that nothing stored answers are not read or tried again; the others are', async () => {
  const db = openDb(tempDbPath());
  insertProject(db, DEMO_PROJECT);
  const mail = (msgid: string, subject: string, parent: string | null, body: string) =>
    Buffer.from(
      `From: Ada <ada@example.org>\nSubject: ${subject}\nMessage-Id: <${msgid}>\nList-Id: <${DEMO_PROJECT.listid}>\n` +
        `Date: Mon, 2 Mar 2026 10:00:00 +0000\n${parent ? `In-Reply-To: <${parent}>\n` : ''}\n${body}`,
    );
  const diff = 'fix\n---\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n';
  // 24 replies of 1 MB to a discussion never stored (more than the 16 MB
  // kept), then a reply to a reply to a patch that comes later, and a reply
  // whose Message-ID a later patch takes (a duplicate once that is stored).
  const raws = Array.from({ length: 24 }, (_, i) => mail(`talk${i}@x`, 'Re: talk', 'talk@x', `${'x'.repeat(1 << 20)}\n`));
  raws.push(mail('r2@x', 'Re: [PATCH] fix', 'r1@x', 'second\n'), mail('r1@x', 'Re: [PATCH] fix', 'p@x', 'first\n'));
  raws.push(
    mail('same@x', 'Re: other', 'nowhere@x', 'early\n'),
    mail('p@x', '[PATCH] fix', null, diff),
    mail('same@x', '[PATCH] same', null, diff),
  );
  const archive = raws.map((raw, i) => ({ position: i + 1, raw }));
  let passes = 0;
  async function* all(): AsyncGenerator<MboxMessage> {
    yield* archive;
  }
  const counters = await importMessages(db, all(), {}, {}, () => (passes++, all()));
  assert.is(passes, 0, 'the replies to nothing stored are not read again');
  assert.equal([counters.patches, counters.comments, counters.duplicates, counters.dropped], [2, 2, 1, 24]);
  const comments = db.prepare('SELECT msgid FROM patch_comments ORDER BY id').all() as { msgid: string }[];
  assert.equal(
    comments.map((c) => c.msgid),
    ['<r1@x>', '<r2@x>'],
  );
  db.close();
});

// Patches by different authors, one of them failing after its author is
// written: a mail that shares its transaction with others must still leave
// nothing of itself behind, and cost the others nothing.
test('a mail that fails part way leaves nothing of itself; the mails around it in its batch are stored', async () => {
  const db = openDb(tempDbPath());
  insertProject(db, DEMO_PROJECT);
  db.exec("CREATE TRIGGER boom BEFORE INSERT ON patches WHEN NEW.name LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'boom'); END");
  const patch = (i: number, name: string) =>
    Buffer.from(
      `From: Author ${i} <a${i}@example.org>\nSubject: [PATCH] ${name}\nMessage-Id: <m${i}@x>\nList-Id: <${DEMO_PROJECT.listid}>\n` +
        `Date: Mon, 2 Mar 2026 10:00:00 +0000\n\nfix ${i}\n---\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b${i}\n`,
    );
  const raws = Array.from({ length: 30 }, (_, i) => patch(i, i === 12 ? 'boom' : `fix ${i}`));
  async function* all(): AsyncGenerator<MboxMessage> {
    yield* raws.map((raw, i) => ({ position: i + 1, raw }));
  }
  const errors: string[] = [];
  const counters = await importMessages(
    db,
    all(),
    {},
    {
      onMessage: (_m, outcome) => {
        if (outcome.kind === 'error') errors.push(outcome.reason);
      },
    },
  );
  assert.equal(errors, ['boom']);
  assert.is(counters.patches, 29);
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  assert.is(n('SELECT COUNT(*) AS n FROM patches'), 29);
  assert.is(n("SELECT COUNT(*) AS n FROM people WHERE email = 'a12@example.org'"), 0, 'the failing mail wrote its author first');
  assert.is(n('SELECT COUNT(*) AS n FROM people'), 29);
  assert.is(n("SELECT COUNT(*) AS n FROM events WHERE category = 'patch-created'"), 29);
  assert.is(n("SELECT COUNT(*) AS n FROM patches WHERE msgid = '<m11@x>'"), 1, 'the mail before it, in the same batch');
  db.close();
});

// A series named by its first patch and renamed by its cover letter, which
// comes later in the same batch, after an earlier import: the trigram
// indexes take each batch's rows as it commits, with the names they end with.
test('after an import the trigram indexes hold every patch, cover and series by its final name', async () => {
  const db = openDb(tempDbPath());
  insertProject(db, DEMO_PROJECT);
  await importMessages(db, messages(), {});
  const mail = (msgid: string, subject: string, body: string) =>
    Buffer.from(
      `From: Ada <ada@example.org>\nSubject: ${subject}\nMessage-Id: <${msgid}>\nList-Id: <${DEMO_PROJECT.listid}>\n` +
        `Date: Mon, 2 Mar 2026 10:00:00 +0000\n${msgid === 'cover@x' ? '' : 'In-Reply-To: <cover@x>\nReferences: <cover@x>\n'}\n${body}`,
    );
  const diff = (i: number) => `fix\n---\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b${i}\n`;
  const raws = [
    mail('one@x', '[PATCH 1/2] quokka first half', diff(1)),
    mail('two@x', '[PATCH 2/2] quokka second half', diff(2)),
    mail('cover@x', '[PATCH 0/2] wombat series', 'the cover letter\n'),
  ];
  async function* late(): AsyncGenerator<MboxMessage> {
    yield* raws.map((raw, i) => ({ position: i + 1, raw }));
  }
  const counters = await importMessages(db, late(), {});
  assert.equal([counters.patches, counters.covers], [2, 1]);
  const ids = (table: string, phrase: string) =>
    (
      db.prepare(`SELECT rowid AS id FROM ${table}_fts WHERE ${table}_fts MATCH ? ORDER BY rowid`).all(`"${phrase}"`) as { id: number }[]
    ).map((r) => r.id);
  const idOf = (table: string, column: string, value: string) =>
    (db.prepare(`SELECT id FROM ${table} WHERE ${column} = ?`).get(value) as { id: number }).id;
  assert.equal(ids('patches', 'quokka'), [idOf('patches', 'msgid', '<one@x>'), idOf('patches', 'msgid', '<two@x>')]);
  assert.equal(ids('covers', 'wombat'), [idOf('covers', 'msgid', '<cover@x>')]);
  assert.equal(ids('series', 'wombat'), [idOf('series', 'name', 'wombat series')]);
  assert.equal(ids('series', 'quokka'), [], 'the name the series had before its cover came');
  // Every index against its table, the earlier import's rows included.
  for (const table of ['patches', 'covers', 'series'])
    db.exec(`INSERT INTO ${table}_fts (${table}_fts, rank) VALUES ('integrity-check', 1)`);
  assert.is((db.prepare('SELECT COUNT(*) AS n FROM search_deferred').get() as { n: number }).n, 0);
  db.close();
});

test.run();
