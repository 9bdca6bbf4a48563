// Checkpointing off the writing thread during a bulk import (parsearchive,
// docs/PERFORMANCE.md, "Ingestion"). A commit that checkpoints copies the
// log into the database and syncs it before the writer goes on; during an
// import that was about a quarter of the storing thread's time. Here the
// writer's own checkpoints are turned off, and a thread with a connection
// of its own copies the log after each commit while the writer stores the
// next mails.
import type { Worker } from 'node:worker_threads';
import type { Db } from '../db/connection.ts';
import { autoCheckpoint, setAutoCheckpoint } from '../db/wal.ts';
import { spawnWorker } from './spawn.ts';

export type ToCheckpointer = { kind: 'checkpoint' } | { kind: 'close' };
/** The frames in the log after a checkpoint. */
export type FromCheckpointer = { log: number };

/** SQLite starts the log over only when a write transaction begins with
 * every frame copied. A writer that always begins its next batch while the
 * last one is being copied would grow the log without end, so once it holds
 * this many frames (64 MiB of 4 KiB pages) the writer waits for the copy
 * before it begins. */
const RESTART_FRAMES = 16_384;

export class Checkpointer {
  private running = false;
  /** A commit came while a checkpoint ran: another is due. */
  private again = false;
  private frames = 0;
  private waiters: (() => void)[] = [];
  /** The thread is gone or closing: the writer checkpoints again. */
  private ended = false;
  private readonly exited: Promise<void>;

  private constructor(
    private readonly db: Db,
    private readonly worker: Worker,
    private readonly autoFrames: number,
    private readonly restartFrames: number,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', ({ log }: FromCheckpointer) => {
      this.running = false;
      this.frames = log;
      if (this.again) this.run();
      else this.wake();
    });
    // Without the thread the writer checkpoints as before: slower, never wrong.
    worker.on('error', () => this.end());
    worker.on('exit', () => this.end());
  }

  /** Takes over the checkpoints of `db`, a file in WAL mode. */
  static start(db: Db, restartFrames = RESTART_FRAMES): Checkpointer {
    const checkpointer = new Checkpointer(db, spawnWorker('checkpoint-worker', db.name), autoCheckpoint(db), restartFrames);
    setAutoCheckpoint(db, 0);
    return checkpointer;
  }

  /** After each commit of the writer. */
  committed(): void {
    if (this.ended) return;
    if (this.running) this.again = true;
    else this.run();
  }

  /** Whether the writer should wait (for `caughtUp()`) before it begins:
   * the log was long at the last count, or a commit has come since the
   * running checkpoint began. The count is only as fresh as the last
   * checkpoint, and a slow one (a sync on a busy disk) would otherwise let
   * the writer append batch after batch unseen. */
  get behind(): boolean {
    return !this.ended && (this.frames >= this.restartFrames || (this.running && this.again));
  }

  /** Resolves once a checkpoint begun after the last commit has ended; the
   * log's count starts again from the next checkpoint's. */
  caughtUp(): Promise<void> {
    if (!this.running) {
      this.frames = 0;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Waits for the running checkpoint and ends the thread. */
  async close(): Promise<void> {
    await this.caughtUp();
    if (!this.ended) this.worker.postMessage({ kind: 'close' } satisfies ToCheckpointer);
    this.end();
    await this.exited;
  }

  private end(): void {
    if (!this.ended) setAutoCheckpoint(this.db, this.autoFrames);
    this.ended = true;
    this.running = false;
    this.wake();
  }

  private run(): void {
    this.running = true;
    this.again = false;
    this.worker.postMessage({ kind: 'checkpoint' } satisfies ToCheckpointer);
  }

  private wake(): void {
    if (this.waiters.length) this.frames = 0;
    for (const w of this.waiters.splice(0)) w();
  }
}
