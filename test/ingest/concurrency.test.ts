// docs/compatibility.md 10 / issue item 4: eight processes delivering the same
// mailbox mail by mail at the same time store exactly what one serial
// import stores, and no delivery fails on a lock.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { importMessages } from '../../src/ingest/archive.ts';
import { readMbox } from '../../src/mail/mbox.ts';
import { tempDbPath } from '../helpers/db.ts';
import { SHARED } from './helpers.ts';
import { snapshot } from './snapshot.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = fileURLToPath(new URL('./workers/deliver.ts', import.meta.url));
const PROCESSES = 8;

function setup(path: string): void {
  const db = openDb(path);
  insertProject(db, { linkname: 'git', name: 'Git', listid: 'git.vger.kernel.org', listemail: 'git@vger.kernel.org' });
  insertProject(db, { linkname: 'util-linux', name: 'util-linux', listid: 'util-linux.vger.kernel.org', listemail: 'util-linux@vger.kernel.org' });
  db.close();
}

function run(bin: string, args: string[], input: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: repo, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(input);
  });
}

function deliver(dbPath: string, mbox: string): Promise<{ tally: Record<string, number>; failures: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dbPath, mbox], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

if (SHARED) {
  const mbox = join(SHARED, 'corpus', 'generated', 'corpus-10k.mbox.xz');
  const test = suite('concurrent delivery');

  test(`${PROCESSES} processes delivering corpus-10k at once equal one serial import`, async () => {
    const serialPath = tempDbPath();
    setup(serialPath);
    const serial = openDb(serialPath);
    const counters = await importMessages(serial, readMbox(mbox), {});
    const expected = snapshot(serial);
    serial.close();

    const sharedPath = tempDbPath();
    setup(sharedPath);
    const results = await Promise.all(Array.from({ length: PROCESSES }, () => deliver(sharedPath, mbox)));
    assert.equal(results.flatMap((r) => r.failures), [], 'no delivery fails (no lock errors)');
    const total = (kind: string) => results.reduce((n, r) => n + (r.tally[kind] ?? 0), 0);
    const stored = counters.patches + counters.covers + counters.comments;
    assert.is(total('patch') + total('cover') + total('patch-comment') + total('cover-comment'), stored, 'each mail stored once');
    assert.is(total('duplicate'), stored * (PROCESSES - 1), 'every other delivery is a duplicate');
    assert.is(total('dropped'), counters.dropped * PROCESSES);

    const concurrent = openDb(sharedPath);
    assert.equal(snapshot(concurrent), expected);
    concurrent.close();
  });

  test('eight parsemail processes given the same patch store it once, and all exit 0', async () => {
    const path = tempDbPath();
    setup(path);
    const mail = (await readFile(join(SHARED!, 'upstream', 'testdata', 'series', 'base-single-patch.mbox'))).toString();
    const runs = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        run(process.execPath, [join(repo, 'bin', 'pwlite.mjs'), '--db', path, 'parsemail', '--list-id', 'git.vger.kernel.org', '--verbose'], mail),
      ),
    );
    assert.equal(runs.map((r) => r.code), Array(PROCESSES).fill(0));
    assert.is(runs.filter((r) => r.stderr.includes('duplicate mail')).length, PROCESSES - 1);
    const db = openDb(path);
    assert.is((db.prepare('SELECT COUNT(*) AS n FROM patches').get() as { n: number }).n, 1);
    assert.is((db.prepare('SELECT COUNT(*) AS n FROM series').get() as { n: number }).n, 1);
    db.close();
  });

  test('importing the same archive twice adds nothing', async () => {
    const path = tempDbPath();
    setup(path);
    const db = openDb(path);
    const first = await importMessages(db, readMbox(mbox), {});
    const before = snapshot(db);
    const second = await importMessages(db, readMbox(mbox), {});
    assert.equal(snapshot(db), before);
    assert.is(second.duplicates, first.patches + first.covers + first.comments);
    assert.is(second.patches + second.covers + second.comments, 0);
    db.close();
  });
  test.run();
} else skipped('concurrent delivery', NO_SHARED);
