// Checkpoints of a bulk import taken by the storing thread itself between
// batches, not by its commits (docs/PERFORMANCE.md, "Ingestion").
import type { Db } from '../db/connection.ts';
import { autoCheckpoint, checkpointPassive, logBytes, setAutoCheckpoint } from '../db/wal.ts';
import type { Checkpoints } from './archive.ts';

/** Past this size the log is copied before the writer's next batch, idle
 * or not: a writer that never waits would otherwise grow it without end. */
const RESTART_BYTES = 64 * 1024 * 1024;

export class IdleCheckpoints implements Checkpoints {
  private due = false;
  private scheduled = false;
  private closed = false;
  private readonly autoFrames: number;

  /** Takes over the checkpoints of `db`, a file in WAL mode. */
  constructor(
    private readonly db: Db,
    private readonly restartBytes = RESTART_BYTES,
  ) {
    this.autoFrames = autoCheckpoint(db);
    setAutoCheckpoint(db, 0);
  }

  /** After each commit: a checkpoint is due, taken the next time the event
   * loop turns outside a transaction: while the thread waits for parsed
   * mails, or at the turn it takes every few milliseconds between mails
   * (src/workers/parse-pool.ts) when that comes right after the commit. */
  committed(): void {
    this.due = true;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.due && !this.closed && !this.db.inTransaction) this.checkpoint();
    });
  }

  /** Copies the log now if it has grown past the bound since the last copy. */
  beforeBatch(): void {
    if (this.due && logBytes(this.db) >= this.restartBytes) this.checkpoint();
  }

  /** The writer's own checkpoints again. */
  close(): void {
    this.closed = true;
    setAutoCheckpoint(this.db, this.autoFrames);
  }

  private checkpoint(): void {
    this.due = false;
    checkpointPassive(this.db);
  }
}
