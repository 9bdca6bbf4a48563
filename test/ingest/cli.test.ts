// The ingestion commands as an MTA, an administrator and a script use them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { runCli } from '../helpers/cli.ts';
import { tempDbPath } from '../helpers/db.ts';
import { openDb } from '../../src/db/connection.ts';

const LIST = 'dev.example.org';

function mail(opts: { msgid: string; subject: string; body: string; from?: string | null; refs?: string; extra?: string }): string {
  return [
    opts.from === null ? null : `From: ${opts.from ?? 'Ada Lovelace <ada@example.org>'}`,
    `Subject: ${opts.subject}`,
    `Message-Id: ${opts.msgid}`,
    'Date: Mon, 2 Mar 2026 10:00:00 +0000',
    `List-Id: Developers <${LIST}>`,
    opts.refs ? `In-Reply-To: ${opts.refs}\nReferences: ${opts.refs}` : null,
    opts.extra ?? null,
    '',
    opts.body,
  ]
    .filter((l) => l !== null)
    .join('\n');
}

const DIFF = 'Fix it.\n\nSigned-off-by: Ada <ada@example.org>\n---\ndiff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n';
const PATCH = mail({ msgid: '<p1@example.org>', subject: '[PATCH] fix it', body: DIFF });
const REPLY = mail({
  msgid: '<r1@example.org>',
  subject: 'Re: [PATCH] fix it',
  refs: '<p1@example.org>',
  body: 'Reviewed-by: Bob <bob@example.org>\n',
});

async function setup(): Promise<string> {
  const db = tempDbPath();
  const r = await runCli(['--db', db, 'project', 'add', 'dev', '--name', 'Dev', '--list-id', LIST, '--list-email', `dev@${LIST}`]);
  assert.is(r.code, 0, r.stderr);
  return db;
}

function count(db: string, table: string): number {
  const conn = openDb(db);
  try {
    return (conn.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    conn.close();
  }
}

test('parsemail: stored, duplicate and dropped exit 0; malformed exits 1', async () => {
  const db = await setup();
  assert.is((await runCli(['--db', db, 'parsemail'], PATCH)).code, 0);
  assert.is((await runCli(['--db', db, 'parsemail'], REPLY)).code, 0);
  const dup = await runCli(['--db', db, 'parsemail', '--verbose'], PATCH);
  assert.is(dup.code, 0);
  assert.match(dup.stderr, 'duplicate mail <p1@example.org>');
  const orphan = mail({ msgid: '<o1@example.org>', subject: 'Re: something', refs: '<nowhere@x>', body: 'hi\n' });
  assert.is((await runCli(['--db', db, 'parsemail'], orphan)).code, 0);
  const noFrom = await runCli(['--db', db, 'parsemail'], mail({ msgid: '<m1@example.org>', subject: '[PATCH] x', body: DIFF, from: null }));
  assert.is(noFrom.code, 1);
  assert.match(noFrom.stderr, "Missing 'From' header");
  assert.is(count(db, 'patches'), 1);
  assert.is(count(db, 'patch_comments'), 1);
});

test('parsemail --mta never bounces, but still reports', async () => {
  const db = await setup();
  const r = await runCli(
    ['--db', db, 'parsemail', '--mta'],
    mail({ msgid: '<m2@example.org>', subject: '[PATCH] x', body: DIFF, from: 'nobody' }),
  );
  assert.is(r.code, 0);
  assert.match(r.stderr, "Invalid 'From' header");
});

test('parsemail reads a file and routes with --list-id', async () => {
  const db = await setup();
  const dir = mkdtempSync(join(tmpdir(), 'pwlite-mail-'));
  const file = join(dir, 'patch.eml');
  writeFileSync(file, PATCH.replace(`List-Id: Developers <${LIST}>\n`, 'List-Id: <other.example.org>\n'));
  const unrouted = await runCli(['--db', db, 'parsemail', file]);
  assert.is(unrouted.code, 0);
  assert.match(unrouted.stderr, 'no project for this mailing list');
  assert.is(count(db, 'patches'), 0, 'unknown list: dropped');
  assert.is((await runCli(['--db', db, 'parsemail', file, '--list-id', LIST])).code, 0);
  assert.is(count(db, 'patches'), 1);
  const missing = await runCli(['--db', db, 'parsemail', join(dir, 'nope.eml')]);
  assert.is(missing.code, 1);
});

function writeMbox(mails: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pwlite-mbox-')), 'list.mbox');
  writeFileSync(path, mails.map((m) => `From ada@example.org Mon Mar  2 10:00:00 2026\n${m}\n`).join('\n'));
  return path;
}

test("parsearchive: upstream's counters, twice, compressed too", async () => {
  const db = await setup();
  const broken = mail({ msgid: '<m3@example.org>', subject: '[PATCH] x', body: DIFF, from: 'no address' });
  const path = writeMbox([PATCH, REPLY, broken, mail({ msgid: '<d1@example.org>', subject: 'hello', body: 'just talk\n' })]);
  const first = await runCli(['--db', db, 'parsearchive', path]);
  assert.is(first.code, 0);
  assert.is(
    first.stdout,
    [
      'Processed 4 messages -->',
      '     0 cover letters',
      '     1 patches',
      '     1 comments',
      '     0 duplicates',
      '     1 dropped',
      '     1 errors',
      'Total: 2 new entries',
      '',
    ].join('\n'),
  );
  assert.match(first.stderr, "malformed message 3 <m3@example.org>: Invalid 'From' header");
  const xz = path + '.xz';
  writeFileSync(xz, execFileSync('xz', ['-c', path]));
  const second = await runCli(['--db', db, 'parsearchive', xz]);
  assert.match(second.stdout, '     2 duplicates');
  assert.match(second.stdout, 'Total: 0 new entries');
  assert.is(count(db, 'patches'), 1);
});

test('parsearchive: a reply before its patch is stored once the patch is in', async () => {
  const db = await setup();
  const nested = mail({ msgid: '<r2@example.org>', subject: 'Re: [PATCH] fix it', refs: '<r1@example.org>', body: 'Thanks.\n' });
  const path = writeMbox([nested, REPLY, PATCH]);
  const first = await runCli(['--db', db, 'parsearchive', path]);
  assert.match(first.stdout, '     1 patches\n     2 comments\n     0 duplicates\n     0 dropped');
  const second = await runCli(['--db', db, 'parsearchive', path]);
  assert.match(second.stdout, 'Total: 0 new entries');
});

test('parsearchive: an mbox on stdin', async () => {
  const db = await setup();
  const mbox = [PATCH, REPLY].map((m) => `From ada@example.org Mon Mar  2 10:00:00 2026\n${m}\n`).join('\n');
  const r = await runCli(['--db', db, 'parsearchive', '-'], mbox);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, '     1 patches\n     1 comments');
});

test('parsearchive: a Maildir, and a path that does not exist', async () => {
  const db = await setup();
  const dir = mkdtempSync(join(tmpdir(), 'pwlite-maildir-'));
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'cur', '1000.a'), PATCH);
  writeFileSync(join(dir, 'new', '1001.b'), REPLY);
  const r = await runCli(['--db', db, 'parsearchive', dir]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, '     1 patches\n     1 comments');
  const missing = await runCli(['--db', db, 'parsearchive', join(dir, 'nope')]);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, 'Invalid path');
});

test('parsearchive: a truncated archive stops with the reason, keeping the mails read before it', async () => {
  const db = await setup();
  // Random bodies: xz cannot shrink them, so cutting the file in half cuts the mails in half.
  const patches = Array.from({ length: 300 }, (_, i) =>
    mail({
      msgid: `<t${i}@example.org>`,
      subject: `[PATCH] change ${i}`,
      body: `${randomBytes(600).toString('hex')}\n---\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+${i}\n`,
    }),
  );
  const whole = execFileSync('xz', ['-c'], { input: patches.map((p) => `From x@y Mon Mar  2 10:00:00 2026\n${p}\n`).join('') });
  const file = join(mkdtempSync(join(tmpdir(), 'pwlite-cut-')), 'cut.mbox.xz');
  writeFileSync(file, whole.subarray(0, whole.length >> 1));
  const r = await runCli(['--db', db, 'parsearchive', file]);
  assert.is(r.code, 1);
  assert.match(r.stderr, `import of ${file} stopped: xz failed on ${file}`);
  const stored = count(db, 'patches');
  assert.ok(stored > 50 && stored < 300, `${stored} patches stored`);
  // Run again on the whole archive: the rest goes in, nothing twice.
  writeFileSync(file, whole);
  const again = await runCli(['--db', db, 'parsearchive', file]);
  assert.is(again.code, 0, again.stderr);
  assert.is(count(db, 'patches'), 300);
});

test('rehash and retag restore what ingestion computed', async () => {
  const db = await setup();
  await runCli(['--db', db, 'parsemail'], PATCH);
  await runCli(['--db', db, 'parsemail'], REPLY);
  const conn = openDb(db);
  const state = () =>
    conn
      .prepare(`SELECT p.hash, (SELECT group_concat(tag_id || ':' || count) FROM patch_tags WHERE patch_id = p.id) AS tags FROM patches p`)
      .get();
  const before = state() as { hash: string; tags: string };
  assert.is(before.tags, '2:1');
  conn.exec("UPDATE patches SET hash = 'x'; DELETE FROM patch_tags");
  const rehash = await runCli(['--db', db, 'rehash']);
  assert.is(rehash.code, 0, rehash.stderr);
  assert.equal(state(), before);
  conn.exec('DELETE FROM patch_tags');
  assert.is((await runCli(['--db', db, 'retag', '1'])).code, 0);
  assert.equal(state(), before);
  const unknown = await runCli(['--db', db, 'retag', '99']);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, 'no patch with id 99');
  conn.close();
});

test('demo: a project with series, reviews and a pull request; again adds nothing', async () => {
  const db = tempDbPath();
  const first = await runCli(['--db', db, 'demo']);
  assert.is(first.code, 0, first.stderr);
  assert.match(first.stdout, "created project 'demo'");
  assert.match(first.stdout, '     2 cover letters\n     8 patches\n     5 comments');
  const conn = openDb(db);
  assert.equal(conn.prepare('SELECT version, total, cover_id IS NOT NULL AS cover FROM series ORDER BY id').all(), [
    { version: 1, total: 3, cover: 1 },
    { version: 2, total: 3, cover: 1 },
    { version: 1, total: 1, cover: 0 },
    { version: 1, total: 1, cover: 0 },
  ]);
  assert.is(count(db, 'patch_tags'), 3);
  conn.close();
  const again = await runCli(['--db', db, 'demo']);
  assert.match(again.stdout, 'Total: 0 new entries');
});

test('dumparchive: one mbox per project with every patch, plain or gzip; unknown list-ids refused', async () => {
  const db = tempDbPath();
  await runCli(['--db', db, 'demo']);
  const dir = mkdtempSync(join(tmpdir(), 'pwlite-dump-'));
  const plain = join(dir, 'dump.tar');
  const r = await runCli(['--db', db, 'dumparchive', '--output', plain]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'Project 01/01 (demo)');
  assert.equal(execFileSync('tar', ['-tf', plain]).toString(), 'demo.mbox\n');
  const mbox = execFileSync('tar', ['-xOf', plain, 'demo.mbox']).toString();
  assert.is(mbox.match(/^From patchwork /gm)?.length, 8);
  assert.match(mbox, 'X-Patchwork-Id: 1\n');
  assert.match(mbox, 'Reviewed-by: Grace Hopper <grace@example.org>');
  const gz = join(dir, 'dump.tar.gz');
  assert.is((await runCli(['--db', db, 'dumparchive', '-c', '--output', gz, 'demo.pwlite.example'])).code, 0);
  assert.equal([...readFileSync(gz).subarray(0, 2)], [0x1f, 0x8b]);
  assert.is(execFileSync('tar', ['-xzOf', gz, 'demo.mbox']).toString(), mbox);
  const unknown = await runCli(['--db', db, 'dumparchive', '--output', join(dir, 'x.tar'), 'no.such.list']);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, 'Project not found: no.such.list');
});

test.run();
