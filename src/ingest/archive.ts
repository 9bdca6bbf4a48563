// parsearchive (INGEST.md §2.2): every message of an mbox or Maildir through
// ingestMail, each in its own transaction, with upstream's counters.
import { stat } from 'node:fs/promises';
import type { Db } from '../db/connection.ts';
import { listMaildir, readMaildirFiles } from '../mail/maildir.ts';
import { readMbox, splitMbox, type MboxFormat, type MboxMessage } from '../mail/mbox.ts';
import { ingestMail, ORPHAN, type IngestOptions, type Outcome } from './ingest.ts';

export interface Counters {
  messages: number;
  covers: number;
  patches: number;
  comments: number;
  duplicates: number;
  dropped: number;
  errors: number;
}

export function emptyCounters(): Counters {
  return { messages: 0, covers: 0, patches: 0, comments: 0, duplicates: 0, dropped: 0, errors: 0 };
}

export function count(counters: Counters, outcome: Outcome): void {
  counters.messages++;
  switch (outcome.kind) {
    case 'patch':
      counters.patches++;
      break;
    case 'cover':
      counters.covers++;
      break;
    case 'patch-comment':
    case 'cover-comment':
      counters.comments++;
      break;
    case 'duplicate':
      counters.duplicates++;
      break;
    case 'dropped':
      counters.dropped++;
      break;
    case 'error':
      counters.errors++;
      break;
  }
}

/** Upstream's closing report, counts right-aligned in four columns. */
export function formatReport(c: Counters): string {
  const n = (v: number) => String(v).padStart(4);
  return [
    `Processed ${c.messages} messages -->`,
    `  ${n(c.covers)} cover letters`,
    `  ${n(c.patches)} patches`,
    `  ${n(c.comments)} comments`,
    `  ${n(c.duplicates)} duplicates`,
    `  ${n(c.dropped)} dropped`,
    `  ${n(c.errors)} errors`,
    `Total: ${c.messages - c.duplicates - c.dropped - c.errors} new entries`,
  ].join('\n');
}

export interface ArchiveSource {
  messages: AsyncIterable<MboxMessage>;
  /** The same messages from the start again; absent for a stream. */
  reread?(): AsyncIterable<MboxMessage>;
  /** Share of the input consumed so far, 0..1; null when the size is unknown. */
  done(): number | null;
}

export class ArchiveNotFoundError extends Error {}

/** A directory is a Maildir, a file an mbox (plain or compressed), `-` an
 * uncompressed mbox on `stdin`. */
export async function openSource(path: string, format?: MboxFormat, stdin?: AsyncIterable<Buffer | string>): Promise<ArchiveSource> {
  if (path === '-' && stdin) return { messages: splitMbox(stdin, { format }), done: () => null };
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new ArchiveNotFoundError(`Invalid path: ${path}`);
  }
  if (info.isDirectory()) {
    const files = await listMaildir(path);
    let read = 0;
    async function* messages(): AsyncGenerator<MboxMessage> {
      for await (const message of readMaildirFiles(files)) {
        read = message.position;
        yield message;
      }
    }
    return { messages: messages(), reread: () => readMaildirFiles(files), done: () => (files.length ? read / files.length : 1) };
  }
  let consumed = 0;
  const size = info.size;
  return {
    messages: readMbox(path, { format, onRead: (n) => (consumed += n) }),
    reread: () => readMbox(path, { format }),
    done: () => (size ? Math.min(1, consumed / size) : 1),
  };
}

export interface ImportHooks {
  /** Called after each message with what became of it. */
  onMessage?(message: MboxMessage, outcome: Outcome, counters: Counters): void;
  /** Asked after each message; true ends the import there, keeping what is stored. */
  stop?(): boolean;
}

/** Mails stored per commit at most, and how long a batch may hold the write
 * lock, so concurrent parsemail deliveries wait a fraction of a second. */
const BATCH_MAILS = 500;
const BATCH_MS = 100;

/** Imports messages in order. Each mail is atomic on its own (ingestMail's
 * transaction becomes a savepoint inside the batch), while the commit, whose
 * cost is writing every touched page to the WAL again, is shared by a batch
 * of mails: committing each mail alone makes a bulk import several times
 * slower (BENCHMARKS.md). */
export async function importMessages(
  db: Db,
  messages: AsyncIterable<MboxMessage>,
  options: IngestOptions,
  hooks: ImportHooks = {},
  reread?: () => AsyncIterable<MboxMessage>,
): Promise<Counters> {
  const counters = emptyCounters();
  const orphans: number[] = [];
  const batch = new Batch(db);
  try {
    for await (const message of messages) {
      batch.enter();
      const outcome = ingestMail(db, message.raw, options);
      count(counters, outcome);
      if (outcome.kind === 'dropped' && outcome.reason === ORPHAN) orphans.push(message.position);
      hooks.onMessage?.(message, outcome, counters);
      batch.maybeCommit();
      if (hooks.stop?.()) return counters;
    }
    if (reread) await adoptOrphans(db, orphans, reread, options, counters, batch, hooks);
  } finally {
    // Mails stored before a read error are complete; keep them.
    batch.commit();
  }
  return counters;
}

/** Replies that came before their parent (real archives have them) are
 * dropped where they stand, as upstream does. Once the whole archive is in,
 * they are read again and stored if their parent is now known, pass after
 * pass while that finds any, so that importing the archive a second time
 * adds nothing. Only positions are kept, so memory stays bounded. */
async function adoptOrphans(
  db: Db,
  orphans: number[],
  reread: () => AsyncIterable<MboxMessage>,
  options: IngestOptions,
  counters: Counters,
  batch: Batch,
  hooks: ImportHooks,
): Promise<void> {
  let pending = orphans;
  while (pending.length > 0 && !hooks.stop?.()) {
    const left: number[] = [];
    let next = 0;
    for await (const message of reread()) {
      if (message.position !== pending[next]) continue;
      next++;
      batch.enter();
      const outcome = ingestMail(db, message.raw, options);
      batch.maybeCommit();
      if (outcome.kind === 'dropped') left.push(message.position);
      else {
        counters.dropped--;
        counters.messages--;
        count(counters, outcome);
      }
      if (next === pending.length || hooks.stop?.()) break;
    }
    if (left.length === pending.length) return;
    pending = left;
  }
}

/** A write transaction shared by consecutive mails (see importMessages). */
class Batch {
  private size = 0;
  private start = 0;
  constructor(private readonly db: Db) {}

  enter(): void {
    if (this.db.inTransaction) return;
    this.db.exec('BEGIN IMMEDIATE');
    this.start = Date.now();
  }

  maybeCommit(): void {
    if (++this.size >= BATCH_MAILS || Date.now() - this.start >= BATCH_MS) this.commit();
  }

  commit(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.size = 0;
  }
}
