// The write-ahead log: checkpointing it outside the writer's commits
// (src/ingest/idle-checkpoints.ts).
import { statSync } from 'node:fs';
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

/** The log file's size in bytes (0 when there is none). */
export function logBytes(db: Db): number {
  return statSync(`${db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0;
}
