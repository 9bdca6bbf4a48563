// What an operator meets: versions, error messages that name the file, port
// or option (and no stack), exit codes an MTA acts on, file modes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { createServer, type Server } from 'node:net';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli, type CliResult } from '../helpers/cli.ts';
import { tempDbPath } from '../helpers/db.ts';
import { openDb } from '../../src/db/connection.ts';
import { isTemporaryFailure } from '../../src/db/errors.ts';
import { ingestMail } from '../../src/ingest/ingest.ts';

const LIST = 'dev.example.org';
const PATCH = [
  'From: Ada <ada@example.org>',
  'Subject: [PATCH] fix it',
  'Message-Id: <p1@example.org>',
  'Date: Mon, 2 Mar 2026 10:00:00 +0000',
  `List-Id: <${LIST}>`,
  '',
  'Fix.\n---\ndiff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n+b\n',
].join('\n');

/** A failure an operator can act on: non-zero, one message, no stack. */
function operational(r: CliResult, message: RegExp | string, code = 1): void {
  assert.is(r.code, code, r.stderr);
  assert.match(r.stderr, message);
  assert.not.match(r.stderr, /\n\s+at /, `a stack was printed:\n${r.stderr}`);
}

async function withProject(): Promise<string> {
  const db = tempDbPath();
  const r = await runCli(['--db', db, 'project', 'add', 'dev', '--name', 'Dev', '--list-id', LIST, '--list-email', `dev@${LIST}`]);
  assert.is(r.code, 0, r.stderr);
  return db;
}

const versions = suite('versions');
versions('--version names pwlite, the Node.js runtime and SQLite', async () => {
  const r = await runCli(['--version']);
  assert.is(r.code, 0);
  assert.match(r.stdout, /^pwlite \d+\.\d+\.\d+\nNode\.js v\d+\.\d+\.\d+\nSQLite 3\.\d+\.\d+\n$/);
  assert.match(r.stdout, `Node.js ${process.version}`);
});
versions.run();

const options = suite('options');
options('an unknown option is named with the closest known one, quotes balanced', async () => {
  const r = await runCli(['--db', tempDbPath(), 'serve', '--prot', '8080']);
  operational(r, "unknown option '--prot'; did you mean --port?", 2);
  const first = r.stderr.split('\n')[0];
  assert.is((first.match(/'/g) ?? []).length % 2, 0, first);
  assert.is((first.match(/"/g) ?? []).length % 2, 0, first);
});
options('a duplicate state names what clashed', async () => {
  const db = tempDbPath();
  assert.is((await runCli(['--db', db, 'state', 'add', 'Queued'])).code, 0);
  operational(await runCli(['--db', db, 'state', 'add', 'Queued']), "a state named 'Queued' exists already");
  operational(await runCli(['--db', db, 'state', 'add', 'Other', '--slug', 'queued']), "a state with slug 'queued' exists already (choose another with --slug)");
  const ordering = (await runCli(['--db', db, 'state', 'list'])).stdout.split('\t')[0];
  operational(await runCli(['--db', db, 'state', 'add', 'Third', '--ordering', ordering]), `a state with ordering ${ordering} exists already`);
});
options.run();

const database = suite('database files');
database('a missing directory, a file that is not a database, a directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwlite-ops-'));
  operational(await runCli(['--db', join(dir, 'nope', 'x.sqlite3'), 'project', 'list']), `cannot create database ${join(dir, 'nope', 'x.sqlite3')}: directory ${join(dir, 'nope')} does not exist`);
  writeFileSync(join(dir, 'notes.txt'), 'these are not the pages you are looking for\n'.repeat(100));
  operational(await runCli(['--db', join(dir, 'notes.txt'), 'project', 'list']), `${join(dir, 'notes.txt')} is not an SQLite database`);
  mkdirSync(join(dir, 'folder'));
  operational(await runCli(['--db', join(dir, 'folder'), 'project', 'list']), `cannot open database ${join(dir, 'folder')}: it is a directory`);
});
database('the database, -wal and -shm are created private (0600)', () => {
  const path = tempDbPath();
  const db = openDb(path);
  try {
    db.prepare("INSERT INTO projects (linkname, name, listid, listemail) VALUES ('p', 'P', 'p.example.org', 'p@example.org')").run();
    for (const f of [path, `${path}-wal`, `${path}-shm`]) assert.is((statSync(f).mode & 0o777).toString(8), '600', f);
  } finally {
    db.close();
  }
});
database('a database from a newer pwlite is refused, not downgraded', async () => {
  const path = tempDbPath();
  openDb(path).close();
  const raw = new Database(path);
  raw.pragma('user_version = 9999');
  raw.close();
  operational(await runCli(['--db', path, 'project', 'list']), `${path} has schema version 9999, newer than this pwlite knows`);
  operational(await runCli(['--db', path, 'migrate']), 'newer than this pwlite knows');
});
database.run();

const serve = suite('serve');
serve('a port in use is named, without a stack', async () => {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    operational(await runCli(['--db', tempDbPath(), 'serve', '--port', String(port), '--quiet']), `cannot listen on 127.0.0.1:${port}: the port is in use by another program (choose another with --port)`);
  } finally {
    blocker.close();
  }
});
serve('a database others can read is pointed out when serving', async () => {
  const path = tempDbPath();
  openDb(path).close();
  chmodSync(path, 0o644);
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const r = await runCli(['--db', path, 'serve', '--port', String((blocker.address() as { port: number }).port), '--quiet']);
    assert.match(r.stderr, `warning: ${path} is readable by other users (mode 644): chmod 600 ${path} ${path}-wal ${path}-shm`);
  } finally {
    blocker.close();
  }
});
serve.run();

const archive = suite('parsearchive refuses what is not an archive');
archive('a binary file', async () => {
  const db = await withProject();
  const file = join(mkdtempSync(join(tmpdir(), 'pwlite-ops-')), 'photo.jpg');
  writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  operational(await runCli(['--db', db, 'parsearchive', file]), `no mail found in ${file}: it is not an mbox`);
  // A compressed file that holds no mbox either.
  writeFileSync(file, gzipSync(Buffer.alloc(1000, 1)));
  operational(await runCli(['--db', db, 'parsearchive', file]), 'no mail found in');
});
archive('a folder that is not a Maildir', async () => {
  const db = await withProject();
  const dir = mkdtempSync(join(tmpdir(), 'pwlite-ops-'));
  writeFileSync(join(dir, 'mail.eml'), PATCH);
  operational(await runCli(['--db', db, 'parsearchive', dir]), `${dir} is a directory but not a Maildir: it has no cur/ or new/ folder`);
});
archive('a --list-id no project has, and an archive no project takes', async () => {
  const db = await withProject();
  const file = join(mkdtempSync(join(tmpdir(), 'pwlite-ops-')), 'list.mbox');
  writeFileSync(file, `From x Mon Mar  2 10:00:00 2026\n${PATCH}\n`);
  operational(await runCli(['--db', db, 'parsearchive', file, '--list-id', 'nosuch.list']), "no project has list-id 'nosuch.list'");
  const other = tempDbPath();
  operational(await runCli(['--db', other, 'parsearchive', file]), 'every mail was dropped');
  // The same archive where a project takes it: stored, exit 0.
  assert.is((await runCli(['--db', db, 'parsearchive', file])).code, 0);
});
archive.run();

const mta = suite('parsemail --mta');
mta('exits 75 (EX_TEMPFAIL) when the database cannot be opened, so the MTA retries', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwlite-ops-'));
  const broken = join(dir, 'pwlite.sqlite3');
  mkdirSync(broken);
  operational(await runCli(['--db', broken, 'parsemail', '--mta'], PATCH), `cannot open database ${broken}`, 75);
  // Without --mta the same failure is a plain error.
  operational(await runCli(['--db', broken, 'parsemail'], PATCH), `cannot open database ${broken}`, 1);
});
mta('a locked database and a full disk are temporary failures of the mail', async () => {
  const path = await withProject();
  // Locked: another writer holds the lock and this connection does not wait.
  const holder = new Database(path);
  const waiter = new Database(path, { timeout: 0 });
  holder.exec('BEGIN IMMEDIATE');
  try {
    const outcome = ingestMail(waiter, Buffer.from(PATCH));
    assert.is(outcome.kind, 'error');
    assert.ok(outcome.kind === 'error' && outcome.temporary, JSON.stringify(outcome));
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
    waiter.close();
  }
  // Full: the database may not grow by a page.
  const full = openDb(path);
  try {
    full.pragma(`max_page_count = ${full.pragma('page_count', { simple: true })}`);
    const big = PATCH.replace('Fix.', 'Fix.\n' + 'x'.repeat(200_000));
    const outcome = ingestMail(full, Buffer.from(big));
    assert.ok(outcome.kind === 'error' && outcome.temporary, JSON.stringify(outcome));
  } finally {
    full.close();
  }
  assert.not.ok(isTemporaryFailure(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' })));
});
mta('a database that does not exist is not created (it has no project to take the mail): 75', async () => {
  const path = tempDbPath();
  operational(await runCli(['--db', path, 'parsemail', '--mta'], PATCH), `there is no database ${path}`, 75);
  assert.not.ok(existsSync(path));
});
mta('a malformed mail is not retried: exit 0, reported', async () => {
  const db = await withProject();
  const r = await runCli(['--db', db, 'parsemail', '--mta'], PATCH.replace(/^Message-Id: .*\n/m, '').replace(/^From: .*\n/m, ''));
  assert.is(r.code, 0);
  assert.match(r.stderr, 'malformed');
});
mta.run();
