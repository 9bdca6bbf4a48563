// parsearchive (docs/ingest.md §2.2): every message of an archive through
// ingestMail's steps, each atomic on its own, with upstream's counters.
import type { Db } from '../db/connection.ts';
import { msgidStored } from '../db/messages.ts';
import { deferSearchIndex, indexDeferred } from '../db/search.ts';
import type { MboxMessage } from '../mail/mbox.ts';
import { parseMail } from '../mail/parse.ts';
import type { ParsedMail } from '../mail/types.ts';
import { ingestParsed, ORPHAN, type IngestOptions, type Outcome } from './ingest.ts';
import { Settings } from './settings.ts';

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

/** Where a message was in its archive; what else the reader said of it. */
export interface ArchiveMessage {
  position: number;
}

/** A message and how to get its parsed mail (which throws as parseMail does). */
export interface Parsed<M extends ArchiveMessage = MboxMessage> {
  message: M;
  /** Bytes of the raw message. */
  size: number;
  parse(): ParsedMail;
}

/** Messages parsed in this thread as they are stored. */
export async function* parsedHere<M extends MboxMessage>(messages: AsyncIterable<M>, options: IngestOptions): AsyncGenerator<Parsed<M>> {
  for await (const message of messages) yield parsedFrom(message, options);
}

function parsedFrom<M extends MboxMessage>(message: M, options: IngestOptions): Parsed<M> {
  return { message, size: message.raw.length, parse: () => parseMail(message.raw, options) };
}

export interface ImportHooks<M extends ArchiveMessage = MboxMessage> {
  /** Called after each message with what became of it. */
  onMessage?(message: M, outcome: Outcome, counters: Counters): void;
  /** Asked after each message; true ends the import there, keeping what is stored. */
  stop?(): boolean;
  /** Checkpoints of the log, taken outside the batches (src/ingest/idle-checkpoints.ts). */
  checkpoints?: Checkpoints;
}

export interface Checkpoints {
  /** Told after each commit. */
  committed(): void;
  /** Told before each transaction begins. */
  beforeBatch(): void;
}

/** The importing connection's page cache, in KiB (SQLite's negative form). */
const IMPORT_CACHE_SIZE = -8000;

/** Mails stored per commit at most, and how long a batch may hold the write
 * lock, so concurrent parsemail deliveries wait a fraction of a second. */
const BATCH_MAILS = 500;
const BATCH_MS = 100;

/** Imports messages in order. Each mail is atomic on its own (ingestMail's
 * transaction becomes a savepoint inside the batch), while the commit, whose
 * cost is writing every touched page to the WAL again, is shared by a batch
 * of mails: committing each mail alone makes a bulk import several times
 * slower (BENCHMARKS.md). */
export function importMessages<M extends MboxMessage>(
  db: Db,
  messages: AsyncIterable<M>,
  options: IngestOptions,
  hooks: ImportHooks<M> = {},
  reread?: () => AsyncIterable<MboxMessage>,
): Promise<Counters> {
  return importParsed(db, parsedHere(messages, options), options, hooks, reread);
}

/** importMessages for mails parsed elsewhere (src/workers/parse-pool.ts). */
export async function importParsed<M extends ArchiveMessage>(
  db: Db,
  mails: AsyncIterable<Parsed<M>>,
  options: IngestOptions,
  hooks: ImportHooks<M> = {},
  reread?: () => AsyncIterable<MboxMessage>,
): Promise<Counters> {
  const counters = emptyCounters();
  const orphans: Orphan[] = [];
  let keptBytes = 0;
  let waitBytes = 0;
  const batch = new Batch(db, hooks.checkpoints);
  // Each mail's savepoint, and each statement that writes several tables (a
  // row and its triggers), copies every page it changes to a sub-journal, a
  // temporary file once past 64 KiB; in memory it is several times cheaper
  // (docs/PERFORMANCE.md, ingestion). It holds one mail's pages at a time.
  const tempStore = db.pragma('temp_store', { simple: true });
  db.pragma('temp_store = MEMORY');
  // Half better-sqlite3's 16 MB page cache: a batch's pages fit, and peak
  // RSS is 8-14 MB lower in the same time (docs/PERFORMANCE.md, ingestion).
  const cacheSize = db.pragma('cache_size', { simple: true });
  db.pragma(`cache_size = ${IMPORT_CACHE_SIZE}`);
  try {
    for await (const mail of mails) {
      batch.enter();
      const outcome = ingestParsed(db, mail.parse, options, batch.settings);
      count(counters, outcome);
      if (outcome.kind === 'dropped' && outcome.reason === ORPHAN) {
        const keep = reread !== undefined && keptBytes + mail.size <= KEPT_BYTES;
        if (keep) keptBytes += mail.size;
        const waits =
          outcome.orphan && outcome.msgid !== null ? waitsOf(outcome.orphan.projectId, outcome.msgid, outcome.orphan.refs) : null;
        if (waits) waitBytes += waits.ids.reduce((n, id) => n + id.length, 0);
        orphans.push({ position: mail.message.position, mail: keep ? mail : null, waits: waitBytes <= WAIT_BYTES ? waits : null });
      }
      hooks.onMessage?.(mail.message, outcome, counters);
      batch.maybeCommit();
      if (hooks.stop?.()) return counters;
    }
    if (reread) await adoptOrphans(db, orphans, reread, options, counters, batch, hooks);
  } finally {
    // Mails stored before a read error are complete; keep them.
    batch.commit();
    db.pragma(`temp_store = ${Number(tempStore)}`);
    db.pragma(`cache_size = ${Number(cacheSize)}`);
  }
  return counters;
}

/** Bytes (of raw mail) of early replies kept from the import for the
 * adoption pass, and held during it waiting for their parent; past these,
 * replies are read again from the archive, or wait for another pass. */
const KEPT_BYTES = 16 * 1024 * 1024;
const HELD_BYTES = 32 * 1024 * 1024;
/** Characters of Message-IDs kept for the early replies (see adoptable). */
const WAIT_BYTES = 8 * 1024 * 1024;

/** An early reply: its position, its mail while within KEPT_BYTES, and
 * while within WAIT_BYTES, what it waits for. */
interface Orphan {
  position: number;
  mail: Parsed<ArchiveMessage> | null;
  waits: Waits | null;
}

/** An early reply's project, and its own Message-ID with those it refers to
 * (cut as the parent search cuts them): it can be stored once one of these
 * is stored in the project (as its parent, or as itself: a duplicate). */
interface Waits {
  projectId: number;
  msgid: string;
  ids: string[];
}

function waitsOf(projectId: number, msgid: string, refs: readonly string[]): Waits {
  return { projectId, msgid, ids: [...new Set([msgid, ...refs.map((r) => r.slice(0, 255))])] };
}

/** The early replies a pass can store: those with a Message-ID of theirs
 * stored now, and those waiting for one of these, however far down the
 * thread. Most early replies of a real archive answer mails that are not
 * patches and are never stored (openwrt-devel: 1,791, none of them
 * adopted); trying them again would read and parse them again for nothing.
 * Without what each one waits for (past WAIT_BYTES), all of them. */
function adoptable(db: Db, orphans: Orphan[]): Orphan[] {
  if (orphans.some((o) => !o.waits)) return orphans;
  const key = (projectId: number, msgid: string) => `${projectId} ${msgid}`;
  const waiting = new Map<string, Orphan[]>();
  const ready = new Set<Orphan>();
  for (const o of orphans) {
    const { projectId, ids } = o.waits!;
    if (ids.some((id) => msgidStored(db, projectId, id))) {
      ready.add(o);
      continue;
    }
    for (const id of ids) {
      const list = waiting.get(key(projectId, id));
      if (list) list.push(o);
      else waiting.set(key(projectId, id), [o]);
    }
  }
  const queue = [...ready];
  for (let o = queue.pop(); o; o = queue.pop()) {
    for (const next of waiting.get(key(o.waits!.projectId, o.waits!.msgid)) ?? []) {
      if (ready.has(next)) continue;
      ready.add(next);
      queue.push(next);
    }
  }
  return orphans.filter((o) => ready.has(o));
}

/** Replies that came before their parent (real archives have them) are
 * dropped where they stand, as upstream does. Once the whole archive is in,
 * those that can now be stored (adoptable) are tried again, once, from
 * memory or read again from the archive:
 * each is stored if its parent is now known, else held until a mail it
 * refers to is stored, then stored at once (a chain stored newest first is
 * adopted in that one pass, not one pass per link), so that importing the
 * archive a second time adds nothing. Memory is bounded by KEPT_BYTES and
 * HELD_BYTES; replies past them are tried in a further pass. */
async function adoptOrphans(
  db: Db,
  orphans: Orphan[],
  reread: () => AsyncIterable<MboxMessage>,
  options: IngestOptions,
  counters: Counters,
  batch: Batch,
  hooks: Pick<ImportHooks, 'stop'>,
): Promise<void> {
  let pending = adoptable(db, orphans);
  while (pending.length > 0 && !hooks.stop?.()) {
    const held = new HeldReplies();
    const left: Orphan[] = [];
    let adopted = 0;
    for await (const mail of pendingMails(pending, reread, options)) {
      const queue = [mail];
      for (let m = queue.shift(); m; m = queue.shift()) {
        batch.enter();
        const outcome = ingestParsed(db, m.parse, options, batch.settings);
        batch.maybeCommit();
        if (outcome.kind === 'dropped') {
          if (!held.hold(m)) left.push({ position: m.message.position, mail: null, waits: null });
          continue;
        }
        adopted++;
        counters.dropped--;
        counters.messages--;
        count(counters, outcome);
        if (outcome.msgid) queue.push(...held.release(outcome.msgid));
      }
      if (hooks.stop?.()) break;
    }
    // Held mails still waiting refer only to mails never stored: they stay dropped.
    if (adopted === 0 || left.length === 0) return;
    pending = left.sort((a, b) => a.position - b.position);
  }
}

/** The pending replies' mails in archive order: the kept ones as they are,
 * the others read again (the archive only when some were not kept). */
async function* pendingMails(
  pending: Orphan[],
  reread: () => AsyncIterable<MboxMessage>,
  options: IngestOptions,
): AsyncGenerator<Parsed<ArchiveMessage>> {
  if (pending.every((o) => o.mail)) {
    for (const o of pending) yield o.mail!;
    return;
  }
  let next = 0;
  for await (const message of reread()) {
    if (message.position !== pending[next].position) continue;
    yield pending[next].mail ?? parsedFrom(message, options);
    if (++next === pending.length) return;
  }
}

/** Early replies waiting for one of the message-ids they refer to. */
class HeldReplies {
  private readonly byRef = new Map<string, Parsed<ArchiveMessage>[]>();
  /** Handed out by release and not held again since. */
  private readonly taken = new Set<Parsed<ArchiveMessage>>();
  private readonly counted = new Set<Parsed<ArchiveMessage>>();
  private bytes = 0;

  /** False when the budget is spent (the caller keeps the position instead). */
  hold(mail: Parsed<ArchiveMessage>): boolean {
    if (!this.counted.has(mail)) {
      if (this.bytes + mail.size > HELD_BYTES) return false;
      this.bytes += mail.size;
      this.counted.add(mail);
    }
    this.taken.delete(mail);
    let refs: readonly string[];
    try {
      refs = mail.parse().refs;
    } catch {
      return true;
    }
    for (const ref of new Set(refs.map((r) => r.slice(0, 255)))) {
      const list = this.byRef.get(ref);
      if (list) list.push(mail);
      else this.byRef.set(ref, [mail]);
    }
    return true;
  }

  /** The held mails referring to msgid, each handed out once. */
  release(msgid: string): Parsed<ArchiveMessage>[] {
    const list = this.byRef.get(msgid) ?? [];
    this.byRef.delete(msgid);
    const out = list.filter((m) => !this.taken.has(m));
    for (const m of out) this.taken.add(m);
    return out;
  }
}

/** A write transaction shared by consecutive mails (see importMessages),
 * whose new rows the trigram indexes take as it commits (src/db/search.ts),
 * and the configuration its mails read (src/ingest/settings.ts). */
class Batch {
  private size = 0;
  private start = 0;
  settings: Settings | undefined;
  constructor(
    private readonly db: Db,
    private readonly checkpoints?: Checkpoints,
  ) {}

  enter(): void {
    if (this.db.inTransaction) return;
    this.checkpoints?.beforeBatch();
    this.db.exec('BEGIN IMMEDIATE');
    this.settings = new Settings(this.db);
    deferSearchIndex(this.db);
    this.start = Date.now();
  }

  maybeCommit(): void {
    if (++this.size >= BATCH_MAILS || Date.now() - this.start >= BATCH_MS) this.commit();
  }

  commit(): void {
    this.size = 0;
    this.settings = undefined;
    if (!this.db.inTransaction) return;
    indexDeferred(this.db);
    this.db.exec('COMMIT');
    this.checkpoints?.committed();
  }
}
