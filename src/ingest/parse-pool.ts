// Parsing in a worker thread while the main thread stores (parsearchive,
// docs/PERFORMANCE.md): mails go to the thread in batches, a few batches
// ahead of the one being stored, and come back prepared (src/mail/parse.ts)
// in their order, since series and threading depend on it.
import { Worker } from 'node:worker_threads';
import { isSingleExecutable, readAsset } from '../runtime/assets.ts';
import { parseMail, preparedMail, type PreparedMail } from '../mail/parse.ts';
import type { ParsedMail, ParseOptions } from '../mail/types.ts';
import type { MboxMessage } from '../mail/mbox.ts';

export type ParseWorkerData = Pick<ParseOptions, 'decodeRawUtf8Headers'>;
/** The mails of a batch, end to end in one buffer (moved, not copied). */
export interface ParseBatch {
  id: number;
  bytes: Uint8Array;
  ends: number[];
}
export interface ParsedBatch {
  id: number;
  mails: PreparedMail[];
}

/** A message and how to get its parsed mail (which throws as parseMail does). */
export interface Parsed {
  message: MboxMessage;
  parse(): ParsedMail;
}

/** Parses mails as they are stored: in this thread (the default) or ahead in a worker. */
export interface MailParser {
  parse(messages: AsyncIterable<MboxMessage>): AsyncIterable<Parsed>;
  close(): Promise<void>;
}

export function inThreadParser(options: ParseOptions): MailParser {
  return {
    async *parse(messages) {
      for await (const message of messages) yield { message, parse: () => parseMail(message.raw, options) };
    },
    close: async () => {},
  };
}

/** A batch is sent when it holds this many mails or bytes; this many batches
 * are parsed ahead at most, which bounds the memory held (about 4 MB). */
const BATCH_MAILS = 64;
const BATCH_BYTES = 1 << 20;
const AHEAD = 4;

/** A failed batch is reported when its turn comes, not as an unhandled rejection before. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

function spawn(data: ParseWorkerData): Worker {
  if (isSingleExecutable) return new Worker(readAsset('parse-worker.cjs').toString('utf8'), { eval: true, workerData: data });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: data });
}

export class WorkerParser implements MailParser {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(m: PreparedMail[]): void; reject(e: unknown): void }>();
  private next = 0;

  /** Options with a clock (`now`) cannot go to another thread: parse in this one then. */
  static for(options: ParseOptions): MailParser {
    return options.now ? inThreadParser(options) : new WorkerParser({ decodeRawUtf8Headers: options.decodeRawUtf8Headers });
  }

  private constructor(data: ParseWorkerData) {
    this.worker = spawn(data);
    this.worker.on('message', ({ id, mails }: ParsedBatch) => {
      this.waiting.get(id)?.resolve(mails);
      this.waiting.delete(id);
    });
    const fail = (e: unknown) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the parsing thread stopped (exit ${code})`)));
  }

  private send(messages: MboxMessage[]): Promise<Parsed[]> {
    const bytes = new Uint8Array(messages.reduce((n, m) => n + m.raw.length, 0));
    const ends: number[] = [];
    let at = 0;
    for (const m of messages) {
      bytes.set(m.raw, at);
      ends.push((at += m.raw.length));
    }
    const id = this.next++;
    const done = new Promise<PreparedMail[]>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ id, bytes, ends } satisfies ParseBatch, [bytes.buffer]);
    return done.then((mails) => mails.map((mail, i) => ({ message: messages[i], parse: () => preparedMail(mail) })));
  }

  async *parse(messages: AsyncIterable<MboxMessage>): AsyncGenerator<Parsed> {
    const ahead: Promise<Parsed[]>[] = [];
    let wake: (() => void) | null = null;
    const signal = () => {
      wake?.();
      wake = null;
    };
    const changed = () => new Promise<void>((resolve) => (wake = resolve));
    let reading = true;
    let stopped = false;
    const reader = (async () => {
      let batch: MboxMessage[] = [];
      let bytes = 0;
      for await (const message of messages) {
        if (stopped) return;
        batch.push(message);
        bytes += message.raw.length;
        if (batch.length < BATCH_MAILS && bytes < BATCH_BYTES) continue;
        ahead.push(handled(this.send(batch)));
        batch = [];
        bytes = 0;
        signal();
        while (ahead.length >= AHEAD && !stopped) await changed();
        if (stopped) return;
      }
      if (batch.length && !stopped) ahead.push(handled(this.send(batch)));
    })().finally(() => {
      reading = false;
      signal();
    });
    // A read error is thrown once the mails read before it are stored.
    reader.catch(() => {});
    try {
      for (;;) {
        const first = ahead.shift();
        if (!first) {
          if (!reading) break;
          await changed();
          continue;
        }
        signal();
        yield* await first;
      }
      await reader;
    } finally {
      stopped = true;
      signal();
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
