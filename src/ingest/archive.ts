// parsearchive (INGEST.md §2.2): every message of an mbox or Maildir through
// ingestMail, each in its own transaction, with upstream's counters.
import { stat } from 'node:fs/promises';
import type { Db } from '../db/connection.ts';
import { listMaildir, readMaildirFiles } from '../mail/maildir.ts';
import { readMbox, type MboxFormat, type MboxMessage } from '../mail/mbox.ts';
import { ingestMail, type IngestOptions, type Outcome } from './ingest.ts';

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
  /** Share of the input consumed so far, 0..1. */
  done(): number;
}

export class ArchiveNotFoundError extends Error {}

/** A directory is a Maildir, a file an mbox (plain or compressed). */
export async function openSource(path: string, format?: MboxFormat): Promise<ArchiveSource> {
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
    return { messages: messages(), done: () => (files.length ? read / files.length : 1) };
  }
  let consumed = 0;
  const size = info.size;
  return {
    messages: readMbox(path, { format, onRead: (n) => (consumed += n) }),
    done: () => (size ? Math.min(1, consumed / size) : 1),
  };
}

export interface ImportHooks {
  /** Called after each message with what became of it. */
  onMessage?(message: MboxMessage, outcome: Outcome, counters: Counters): void;
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
export async function importMessages(db: Db, messages: AsyncIterable<MboxMessage>, options: IngestOptions, hooks: ImportHooks = {}): Promise<Counters> {
  const counters = emptyCounters();
  let batchSize = 0;
  let batchStart = 0;
  const commit = () => {
    if (db.inTransaction) db.exec('COMMIT');
    batchSize = 0;
  };
  try {
    for await (const message of messages) {
      if (!db.inTransaction) {
        db.exec('BEGIN IMMEDIATE');
        batchStart = Date.now();
      }
      const outcome = ingestMail(db, message.raw, options);
      count(counters, outcome);
      hooks.onMessage?.(message, outcome, counters);
      if (++batchSize >= BATCH_MAILS || Date.now() - batchStart >= BATCH_MS) commit();
    }
  } finally {
    // Mails stored before a read error are complete; keep them.
    commit();
  }
  return counters;
}
