// parsearchive (docs/ingest.md §2.2): every message of an mbox or Maildir through
// ingestMail, each in its own transaction, with upstream's counters.
import { stat } from 'node:fs/promises';
import type { Db } from '../db/connection.ts';
import { listMaildir, readMaildirFiles } from '../mail/maildir.ts';
import { readMbox, splitMbox, type MboxFormat, type MboxMessage } from '../mail/mbox.ts';
import { parseMail } from '../mail/parse.ts';
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
  // Each mail's savepoint, and each statement that writes several tables (a
  // row and its triggers), copies every page it changes to a sub-journal, a
  // temporary file once past 64 KiB; in memory it is several times cheaper
  // (docs/PERFORMANCE.md, ingestion). It holds one mail's pages at a time.
  const tempStore = db.pragma('temp_store', { simple: true });
  db.pragma('temp_store = MEMORY');
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
    db.pragma(`temp_store = ${Number(tempStore)}`);
  }
  return counters;
}

/** Bytes of early replies held in memory during the adoption pass, waiting
 * for their parent to be stored; past this the rest wait for another pass. */
const HELD_BYTES = 32 * 1024 * 1024;

/** Replies that came before their parent (real archives have them) are
 * dropped where they stand, as upstream does. Once the whole archive is in,
 * they are read again, once: each is stored if its parent is now known, else
 * held until a mail it refers to is stored, then stored at once (a chain
 * stored newest first is adopted in that one pass, not one pass per link), so
 * that importing the archive a second time adds nothing. Only positions are
 * kept between passes, and the held mails are bounded by HELD_BYTES. */
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
    const held = new HeldReplies(options);
    const left: number[] = [];
    let adopted = 0;
    let next = 0;
    for await (const message of reread()) {
      if (message.position !== pending[next]) continue;
      next++;
      const queue = [message];
      for (let m = queue.shift(); m; m = queue.shift()) {
        batch.enter();
        const outcome = ingestMail(db, m.raw, options);
        batch.maybeCommit();
        if (outcome.kind === 'dropped') {
          if (!held.hold(m)) left.push(m.position);
          continue;
        }
        adopted++;
        counters.dropped--;
        counters.messages--;
        count(counters, outcome);
        if (outcome.msgid) queue.push(...held.release(outcome.msgid));
      }
      if (next === pending.length || hooks.stop?.()) break;
    }
    // Held mails still waiting refer only to mails never stored: they stay dropped.
    if (adopted === 0 || left.length === 0) return;
    pending = left.sort((a, b) => a - b);
  }
}

/** Early replies waiting for one of the message-ids they refer to. */
class HeldReplies {
  private readonly byRef = new Map<string, MboxMessage[]>();
  /** Handed out by release and not held again since. */
  private readonly taken = new Set<MboxMessage>();
  private readonly counted = new Set<MboxMessage>();
  private bytes = 0;
  constructor(private readonly options: IngestOptions) {}

  /** False when the budget is spent (the caller keeps the position instead). */
  hold(message: MboxMessage): boolean {
    if (!this.counted.has(message)) {
      if (this.bytes + message.raw.length > HELD_BYTES) return false;
      this.bytes += message.raw.length;
      this.counted.add(message);
    }
    this.taken.delete(message);
    let refs: readonly string[];
    try {
      refs = parseMail(message.raw, this.options).refs;
    } catch {
      return true;
    }
    for (const ref of new Set(refs.map((r) => r.slice(0, 255)))) {
      const list = this.byRef.get(ref);
      if (list) list.push(message);
      else this.byRef.set(ref, [message]);
    }
    return true;
  }

  /** The held mails referring to msgid, each handed out once. */
  release(msgid: string): MboxMessage[] {
    const list = this.byRef.get(msgid) ?? [];
    this.byRef.delete(msgid);
    const out = list.filter((m) => !this.taken.has(m));
    for (const m of out) this.taken.add(m);
    return out;
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
