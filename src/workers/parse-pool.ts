// Parsing in a worker thread while the main thread stores (parsearchive,
// docs/PERFORMANCE.md, "Ingestion"). The thread either reads the archive
// itself (a file or a Maildir: the main thread's event loop is busy storing
// and would starve the reader) or is sent the mails the main thread reads
// (stdin, public-inbox). Mails travel in batches, a few batches ahead of the
// one being stored, and come back prepared (src/mail/parse.ts) in their
// order, since series and threads depend on it.
import type { Worker } from 'node:worker_threads';
import type { ArchiveMessage, Parsed } from '../ingest/archive.ts';
import type { MboxFormat, MboxMessage } from '../mail/mbox.ts';
import { preparedMail, type PreparedMail } from '../mail/parse.ts';
import type { ParseOptions } from '../mail/types.ts';
import { parseWorker } from './parse-start.ts';

export type ParseWorkerData = Pick<ParseOptions, 'decodeRawUtf8Headers'>;

/** Main thread to parsing thread. */
export type ToParser =
  /** Mails end to end in one buffer, moved, not copied. */
  | { kind: 'mails'; id: number; bytes: Uint8Array; ends: number[] }
  /** Read this archive and send its mails prepared. */
  | { kind: 'read'; path: string; format?: MboxFormat }
  /** One more batch of the archive may be sent. */
  | { kind: 'credit' };

/** Parsing thread to main thread. */
export type FromParser =
  | { kind: 'parsed'; id: number; mails: PreparedMail[] }
  | { kind: 'read'; mails: PreparedMail[]; positions: number[]; sizes: number[]; done: number | null }
  | { kind: 'end' }
  | { kind: 'error'; message: string };

/** A batch is sent when it holds this many mails or bytes, and at most
 * AHEAD are out at once. Small batches keep the main thread's young
 * generation small: mails that wait to be stored survive its collections
 * and make V8 grow it (linux-modules: batches of 32 raised peak RSS from
 * about 220 to 280-310 MB, with no gain in speed). Sixteen of them let the
 * parser go on while the main thread copies the log into the database
 * (src/ingest/idle-checkpoints.ts); with four it stopped each time
 * (linux-modules 3.53-3.54 s against 3.11-3.29 s, the same peak RSS). */
export const BATCH_MAILS = 8;
export const BATCH_BYTES = 1 << 20;
export const AHEAD = 16;
/** Storing is synchronous: every so often the main thread lets its event
 * loop run, so that the thread's answers (and the main thread's own
 * reading, when it reads) keep up. */
const YIELD_MS = 2;

/** A closure made here holds its one mail: made inline, it would share a
 * scope holding the whole batch, and a reply kept for the adoption pass
 * (src/ingest/archive.ts) would keep its batch alive. */
function parsedFrom<M extends ArchiveMessage>(message: M, size: number, mail: PreparedMail): Parsed<M> {
  return { message, size, parse: () => preparedMail(mail) };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Wakes whoever waits for the next change of a queue. */
class Signal {
  private waiters: (() => void)[] = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  notify(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** Yields each item of each batch, letting the event loop run every YIELD_MS. */
async function* paced<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T> {
  let since = performance.now();
  for await (const batch of batches) {
    for (const item of batch) {
      yield item;
      if (performance.now() - since >= YIELD_MS) {
        await turn();
        since = performance.now();
      }
    }
  }
}

export class ParseThread {
  private readonly waiting = new Map<number, { resolve(m: PreparedMail[]): void; reject(e: unknown): void }>();
  private nextId = 0;
  private failure: Error | null = null;
  private onRead: ((m: Extract<FromParser, { kind: 'read' | 'end' | 'error' }>) => void) | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromParser) => {
      if (m.kind !== 'parsed') return this.onRead?.(m);
      this.waiting.get(m.id)?.resolve(m.mails);
      this.waiting.delete(m.id);
    });
    const fail = (e: Error) => {
      this.failure ??= e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
      this.onRead?.({ kind: 'error', message: e.message });
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the parsing thread stopped (exit ${code})`)));
  }

  static start(options: ParseOptions): ParseThread {
    const data: ParseWorkerData = { decodeRawUtf8Headers: options.decodeRawUtf8Headers };
    return new ParseThread(parseWorker(data));
  }

  private post(message: ToParser, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** The thread reads the archive at `path` (an mbox file or a Maildir). */
  read(path: string, format?: MboxFormat): { mails: AsyncIterable<Parsed<ArchiveMessage>>; done(): number | null } {
    let done: number | null = 0;
    const batches: Parsed<ArchiveMessage>[][] = [];
    let ended = false;
    let error: Error | null = null;
    const changed = new Signal();
    this.onRead = (m) => {
      if (m.kind === 'read') {
        done = m.done;
        batches.push(m.mails.map((mail, i) => parsedFrom({ position: m.positions[i] }, m.sizes[i], mail)));
      } else if (m.kind === 'end') ended = true;
      else error ??= new Error(m.message);
      changed.notify();
    };
    this.post({ kind: 'read', path, format });
    const post = (m: ToParser) => this.post(m);
    async function* arrived(): AsyncGenerator<Parsed<ArchiveMessage>[]> {
      for (;;) {
        const batch = batches.shift();
        if (batch) {
          post({ kind: 'credit' });
          yield batch;
        } else if (error) throw error;
        else if (ended) return;
        else await changed.wait();
      }
    }
    return { mails: paced(arrived()), done: () => done };
  }

  private send<M extends MboxMessage>(messages: M[]): Promise<Parsed<M>[]> {
    const bytes = new Uint8Array(messages.reduce((n, m) => n + m.raw.length, 0));
    const ends: number[] = [];
    let at = 0;
    for (const m of messages) {
      bytes.set(m.raw, at);
      ends.push((at += m.raw.length));
    }
    const id = this.nextId++;
    const done = new Promise<PreparedMail[]>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting.set(id, { resolve, reject });
    });
    this.post({ kind: 'mails', id, bytes, ends }, [bytes.buffer]);
    const parsed = done.then((mails) => mails.map((mail, i) => parsedFrom(messages[i], messages[i].raw.length, mail)));
    // Reported when its turn to be stored comes, not as an unhandled rejection before.
    parsed.catch(() => {});
    return parsed;
  }

  /** Mails this thread reads, parsed by the other. */
  parse<M extends MboxMessage>(messages: AsyncIterable<M>): AsyncIterable<Parsed<M>> {
    const ahead: Promise<Parsed<M>[]>[] = [];
    const changed = new Signal();
    let stopped = false;
    let reading = true;
    const reader = (async () => {
      let batch: M[] = [];
      let bytes = 0;
      for await (const message of messages) {
        if (stopped) return;
        batch.push(message);
        bytes += message.raw.length;
        if (batch.length < BATCH_MAILS && bytes < BATCH_BYTES) continue;
        ahead.push(this.send(batch));
        batch = [];
        bytes = 0;
        changed.notify();
        while (ahead.length >= AHEAD && !stopped) await changed.wait();
      }
      if (batch.length && !stopped) ahead.push(this.send(batch));
    })().finally(() => {
      reading = false;
      changed.notify();
    });
    // A read error is thrown after the mails read before it are stored.
    reader.catch(() => {});
    async function* arrived(): AsyncGenerator<Parsed<M>[]> {
      try {
        for (;;) {
          const first = ahead.shift();
          if (first) {
            changed.notify();
            yield await first;
          } else if (reading) await changed.wait();
          else break;
        }
        await reader;
      } finally {
        stopped = true;
        changed.notify();
      }
    }
    return paced(arrived());
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
