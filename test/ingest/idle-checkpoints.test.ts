// The import's checkpoints, taken by the writer when its event loop turns
// (while it waits for parsed mails, or between mails): the log reaches the database
// without the commit copying it, a writer that never waits still starts it
// over, and the writer's setting comes back at the end.
import { statSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/connection.ts';
import { IdleCheckpoints } from '../../src/ingest/idle-checkpoints.ts';
import { tempDb } from '../helpers/db.ts';

function table(db: Db): void {
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** One transaction writing `kib` KiB, told to the checkpoints, after a turn
 * of the event loop (as an import gives when it waits for mails) or without
 * one (a writer that never waits). */
async function write(db: Db, checkpoints: IdleCheckpoints, kib: number, turning: boolean): Promise<void> {
  if (turning) await turn();
  checkpoints.beforeBatch();
  db.exec('BEGIN IMMEDIATE');
  db.prepare('INSERT INTO blobs (data) VALUES (?)').run(Buffer.alloc(kib * 1024, 7));
  db.exec('COMMIT');
  checkpoints.committed();
}

test('the log is copied into the database when the event loop turns, not by the commit', async () => {
  const { db, path } = tempDb();
  table(db);
  db.pragma('wal_autocheckpoint = 123');
  const checkpoints = new IdleCheckpoints(db);
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 0);
  const before = statSync(path).size;
  await write(db, checkpoints, 1024, false);
  assert.is(statSync(path).size, before, 'the commit wrote the log only');
  await turn();
  assert.ok(statSync(path).size >= before + (1 << 20), 'the writer copied the log into the database once idle');
  checkpoints.close();
  assert.is(db.pragma('wal_autocheckpoint', { simple: true }), 123, "the writer's setting is back");
  db.close();
});

for (const turning of [true, false]) {
  const writer = turning ? 'that waits between batches' : 'that never waits';
  test(`a writer ${writer} keeps the log small`, async () => {
    const { db, path } = tempDb();
    table(db);
    const checkpoints = new IdleCheckpoints(db, 512 * 1024);
    // 40 transactions of 256 KiB: 2,560 pages written in all.
    for (let i = 0; i < 40; i++) await write(db, checkpoints, 256, turning);
    const log = statSync(`${path}-wal`).size;
    checkpoints.close();
    assert.ok(log < 2 * 1024 * 1024, `the log grew to ${log} bytes, not restarted`);
    assert.is((db.prepare('SELECT COUNT(*) AS n FROM blobs').get() as { n: number }).n, 40);
    db.close();
  });
}

test('a checkpoint due when the import ends is not taken on the closed connection', async () => {
  const { db } = tempDb();
  table(db);
  const checkpoints = new IdleCheckpoints(db);
  const errors: unknown[] = [];
  const record = (e: unknown) => errors.push(e);
  process.on('uncaughtException', record);
  try {
    await write(db, checkpoints, 64, false);
    checkpoints.close();
    db.close();
    await turn();
  } finally {
    process.off('uncaughtException', record);
  }
  assert.equal(errors, []);
});

test.run();
