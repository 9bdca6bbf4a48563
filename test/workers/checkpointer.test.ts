// The import's checkpoints, made by another thread: the log reaches the
// database without the writer checkpointing, it starts over when the writer
// waits as asked, and the writer's setting comes back at the end.
import { statSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/connection.ts';
import { Checkpointer } from '../../src/workers/checkpointer.ts';
import { tempDb } from '../helpers/db.ts';

function table(db: Db): void {
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
}

/** One transaction writing `kib` KiB, told to the checkpointer, after a
 * turn of the event loop (as an import gives every few milliseconds) or
 * without one: then no checkpoint can end in between unless the writer
 * waits, as when a checkpoint is slower than the writer's batches. */
async function write(db: Db, checkpoints: Checkpointer, kib: number, turn = true): Promise<void> {
  if (turn) await new Promise((resolve) => setImmediate(resolve));
  if (checkpoints.behind) await checkpoints.caughtUp();
  db.exec('BEGIN IMMEDIATE');
  db.prepare('INSERT INTO blobs (data) VALUES (?)').run(Buffer.alloc(kib * 1024, 7));
  db.exec('COMMIT');
  checkpoints.committed();
}

test('the log is copied into the database by the other thread, not by the commit', async () => {
  const { db, path } = tempDb();
  table(db);
  db.pragma('wal_autocheckpoint = 123');
  const checkpoints = Checkpointer.start(db);
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 0);
  const before = statSync(path).size;
  db.exec('BEGIN IMMEDIATE');
  db.prepare('INSERT INTO blobs (data) VALUES (?)').run(Buffer.alloc(1 << 20, 1));
  db.exec('COMMIT');
  assert.is(statSync(path).size, before, 'the commit wrote the log only');
  checkpoints.committed();
  await checkpoints.caughtUp();
  assert.ok(statSync(path).size >= before + (1 << 20), 'the other thread copied the log into the database');
  await checkpoints.close();
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 123, "the writer's setting is back");
  db.close();
});

for (const turn of [true, false]) {
  const writer = turn ? 'turning the event loop' : 'faster than the checkpoints';
  test(`a writer ${writer} waits when it is behind and keeps the log small`, async () => {
    const { db, path } = tempDb();
    table(db);
    const checkpoints = Checkpointer.start(db, 64);
    // Once the thread is up (an import's first mails come after a thread's start too).
    checkpoints.committed();
    await checkpoints.caughtUp();
    // 40 transactions of 256 KiB: 2,560 pages written in all.
    for (let i = 0; i < 40; i++) await write(db, checkpoints, 256, turn);
    const log = statSync(`${path}-wal`).size;
    await checkpoints.close();
    assert.ok(log < 2 * 1024 * 1024, `the log grew to ${log} bytes, not restarted`);
    assert.is((db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n, 40);
    db.close();
  });
}

test.run();
