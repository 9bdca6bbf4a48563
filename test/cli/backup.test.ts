// `pwlite backup` while the database is busy: a 10,000-mail parsearchive in
// another process and API writes in this one go on before, during and after
// the backup. The copy, restored as docs say (the file alone, no -wal or
// -shm), passes integrity_check and holds every mail and every API write
// acknowledged before the backup began.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { openDb, type Db } from '../../src/db/connection.ts';
import { projectRoot } from '../../src/runtime/assets.ts';

const test = suite('backup');
const LIST = 'busy.example.org';
const MAILS = 10_000;
const SEEDED = 50;

/** An mbox of mails `first` to `end - 1`: patches, every fifth one a reply to the one before. */
function archive(first: number, end: number): string {
  const parts: string[] = [];
  for (let i = first; i < end; i++) {
    const reply = i % 5 === 4;
    parts.push(
      [
        `From mailer@example.org Mon Mar  2 10:00:00 2026`,
        `From: Dev ${i % 50} <dev${i % 50}@example.org>`,
        `Subject: ${reply ? 'Re: ' : ''}[PATCH] change number ${reply ? i - 1 : i}`,
        `Message-Id: <m${i}@example.org>`,
        reply ? `In-Reply-To: <m${i - 1}@example.org>` : null,
        `Date: Mon, 2 Mar 2026 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} +0000`,
        `List-Id: <${LIST}>`,
        '',
        reply
          ? `Looks good.\n\nReviewed-by: Rev <rev@example.org>\n`
          : `Change ${i}.\n\nSigned-off-by: Dev <dev@example.org>\n---\ndiff --git a/f${i}.c b/f${i}.c\n--- a/f${i}.c\n+++ b/f${i}.c\n@@ -1 +1 @@\n-old ${i}\n+new ${i}\n`,
        '',
      ]
        .filter((l) => l !== null)
        .join('\n'),
    );
  }
  return parts.join('\n');
}

function pwlite(args: string[]): { done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'bin', 'pwlite.mjs'), ...args], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return { done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
}

const msgids = (db: Db): Set<string> =>
  new Set(db.prepare('SELECT msgid FROM patches UNION ALL SELECT msgid FROM patch_comments').pluck().all() as string[]);

let server: TestServer | undefined;
let live: Db | undefined;

test.after(async () => {
  await server?.close();
  live?.close();
});

test('a backup taken during an import and API writes restores with everything acknowledged before it began', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwlite-backup-'));
  const path = join(dir, 'live.sqlite3');
  const ok = async (args: string[], input = '') => {
    const r = await runCli(['--db', path, ...args], input);
    assert.is(r.code, 0, r.stderr);
    return r.stdout.trim();
  };
  await ok(['project', 'add', 'busy', '--name', 'Busy', '--list-id', LIST, '--list-email', `list@${LIST}`]);
  await ok(['user', 'add', 'maint', '--email', 'maint@example.org', '--password-stdin'], 'secret\n');
  await ok(['maintainer', 'add', 'busy', 'maint']);
  const token = await ok(['token', 'create', 'maint']);
  // A few patches first, so that API writes are under way before the big
  // import starts (under load, an import started first could end before the
  // writer is acknowledged at all).
  const early = join(dir, 'early.mbox');
  writeFileSync(early, archive(0, SEEDED));
  await ok(['parsearchive', early, '--quiet']);
  const mbox = join(dir, 'busy.mbox');
  writeFileSync(mbox, archive(SEEDED, MAILS));

  live = openDb(path);
  server = await startTestServer(live);

  // API writes: patch states flipped as fast as the server answers, each
  // acknowledged write remembered with the time it was acknowledged.
  const states = ['under-review', 'accepted', 'changes-requested', 'rejected'];
  const acked: { id: number; state: string; at: number }[] = [];
  let writing = true;
  // An API write waiting for the import's write lock holds this process's
  // event loop (the test server is in process): paused while the import is
  // watched, or a fast import could end unseen between two looks.
  let paused = false;
  const writer = (async () => {
    for (let n = 0; writing; n++) {
      if (paused) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      const id =
        (live!
          .prepare('SELECT id FROM patches ORDER BY id DESC LIMIT 1 OFFSET ?')
          .pluck()
          .get(n % 40) as number | undefined) ?? null;
      if (id === null) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const state = states[n % states.length];
      const res = await fetch(`${server!.url}/api/1.2/patches/${id}/`, {
        method: 'PATCH',
        headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state }),
      });
      assert.is(res.status, 200, await res.text());
      acked.push({ id, state, at: performance.now() });
    }
  })();

  while (acked.length < 5) await new Promise((r) => setTimeout(r, 20));
  paused = true;
  const importer = pwlite(['--db', path, 'parsearchive', mbox, '--quiet']);
  // Start the backup once a good part of the import is committed.
  while (msgids(live).size < MAILS / 4) await new Promise((r) => setTimeout(r, 20));
  const before = msgids(live);
  paused = false;
  const began = performance.now();
  const backupFile = join(dir, 'copy.sqlite3');
  const backup = await pwlite(['--db', path, 'backup', backupFile]).done;
  assert.is(backup.code, 0, backup.stderr);
  writing = false;
  await writer;
  const imported = await importer.done;
  assert.is(imported.code, 0, imported.stderr);
  assert.ok(msgids(live).size > before.size, `the import went on while the backup ran (${before.size} before, ${msgids(live).size} after)`);
  assert.is((statSync(backupFile).mode & 0o777).toString(8), '600');

  // Restore as documented: the backup file alone under the database's name.
  const restoredPath = join(dir, 'restored.sqlite3');
  copyFileSync(backupFile, restoredPath);
  const restored = openDb(restoredPath, { migrate: false });
  try {
    assert.equal(restored.pragma('integrity_check', { simple: true }), 'ok');
    const saved = msgids(restored);
    const lost = [...before].filter((m) => !saved.has(m));
    assert.equal(lost.slice(0, 5), [], `${lost.length} mails acknowledged before the backup are missing`);
    // Each patch holds its last state acknowledged before the backup, or a later one.
    const last = new Map<number, string>();
    for (const w of acked) if (w.at < began) last.set(w.id, w.state);
    assert.ok(last.size > 0, `API writes were acknowledged before the backup (${acked.length} in all, ${before.size} mails before)`);
    const stateOf = restored.prepare('SELECT s.slug FROM patches p JOIN states s ON s.id = p.state_id WHERE p.id = ?').pluck();
    for (const [id, state] of last) {
      const later = acked.filter((w) => w.id === id && w.at >= began).map((w) => w.state);
      assert.ok(
        [state, ...later].includes(stateOf.get(id) as string),
        `patch ${id}: ${stateOf.get(id)} is neither ${state} nor a later write`,
      );
    }
  } finally {
    restored.close();
  }
});

test.run();
