// The write-ahead log: checkpointing it from a connection of its own
// (src/workers/checkpointer.ts) instead of in the writer's commits.
import type { Db } from './connection.ts';

/** Copies what it can of the log into the database without waiting for
 * readers or the writer (SQLite's passive checkpoint); the frames (pages)
 * in the log, copied or not. */
export function checkpointPassive(db: Db): number {
  return (db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number }).log;
}

/** The log's size, in frames, at which a commit on this connection
 * checkpoints (0: never). */
export function autoCheckpoint(db: Db): number {
  return db.pragma('wal_autocheckpoint', { simple: true }) as number;
}

export function setAutoCheckpoint(db: Db, frames: number): void {
  db.pragma(`wal_autocheckpoint = ${Math.trunc(frames)}`);
}
