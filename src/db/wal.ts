// The write-ahead log: checkpointing it from a connection of its own
// (src/workers/checkpointer.ts) instead of in the writer's commits.
import type { Db } from './connection.ts';

/** A checkpoint's outcome, in frames (pages) of the log. */
export interface WalState {
  /** Frames in the log. */
  log: number;
  /** Of them, copied into the database. */
  checkpointed: number;
}

/** Copies what it can of the log into the database without waiting for
 * readers or the writer (SQLite's passive checkpoint). */
export function checkpointPassive(db: Db): WalState {
  const row = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { busy: number; log: number; checkpointed: number };
  return { log: row.log, checkpointed: row.checkpointed };
}

/** The log's size, in frames, at which a commit on this connection
 * checkpoints (0: never). */
export function autoCheckpoint(db: Db): number {
  return db.pragma('wal_autocheckpoint', { simple: true }) as number;
}

export function setAutoCheckpoint(db: Db, frames: number): void {
  db.pragma(`wal_autocheckpoint = ${Math.trunc(frames)}`);
}
