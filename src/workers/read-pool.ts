// Reads off the event loop (docs/PERFORMANCE.md): GET and HEAD requests to
// the API are answered by a small pool of worker threads, each with its own
// read-only connection (WAL lets readers run beside the writer), so one slow
// request occupies one worker instead of stalling every client; single
// patch and cover mboxes too. Writes, pages and the other downloads stay on
// the main thread's connection, serialized.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from './spawn.ts';

export interface ReadWorkerData {
  dbPath: string;
  baseUrl?: string;
  allowedHosts?: readonly string[];
}

export interface ReadRequest {
  id: number;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface ReadReply {
  id: number;
  status: number;
  headers: Record<string, string | string[]>;
  body: ArrayBuffer;
}

/** A patch's or a cover's mbox: read-only, answered whole. With `series=`
 * a patch mbox is streamed (several patches), which the worker's kept
 * response does not take: those stay on the main thread. */
const SUBMISSION_MBOX = /^\/project\/[^/?]+\/(patch|cover)\/[^/?]+\/mbox\/(\?|$)/;

/** Requests the pool answers: reads of the API and single mbox downloads
 * (a read-only connection suffices). API reads that log in with a password
 * stay on the main thread: the failed-login throttle (src/auth/throttle.ts)
 * must be one per server, not one per worker, and scrypt already runs off
 * the event loop. */
export function isPooledRead(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = req.url ?? '';
  if (url.startsWith('/api/')) return !/^\s*basic\b/i.test(req.headers.authorization ?? '');
  const q = url.indexOf('?');
  return SUBMISSION_MBOX.test(url) && (q < 0 || !new URLSearchParams(url.slice(q)).has('series'));
}

/** Frees a body's memory now rather than at a garbage collection: the
 * body was moved here from a worker and nothing else holds it. Memory
 * outside V8's heap that is freed only by collections makes V8 run full
 * ones: with 250-patch pages (360 kB each), a full collection of the main
 * thread every 50-100 ms, and those pauses were most of the slowest
 * answers. Detaching the buffer (ES2024's transfer, not in the ES2022 lib
 * the project compiles against) releases its memory at once. */
function release(body: ArrayBuffer): void {
  (body as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
}

interface Slot {
  worker: Worker;
  /** The response waiting for this worker's answer. */
  current: ServerResponse | null;
}

interface Job {
  request: ReadRequest;
  res: ServerResponse;
}

export class ReadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  private constructor(private readonly data: ReadWorkerData) {}

  /** Starts `size` workers and resolves once every one has its connection open. */
  static async start(size: number, data: ReadWorkerData): Promise<ReadPool> {
    const pool = new ReadPool(data);
    await Promise.all(Array.from({ length: size }, () => pool.addWorker()));
    return pool;
  }

  private addWorker(): Promise<void> {
    const worker = spawnWorker('read-worker', this.data);
    const slot: Slot = { worker, current: null };
    return new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (m: ReadReply | { ready: true }) => {
        if (!('ready' in m)) return this.answered(slot, m);
        worker.off('error', reject);
        worker.on('error', (err) => this.failed(slot, err));
        this.slots.push(slot);
        this.next(slot);
        resolve();
      });
    });
  }

  dispatch(req: IncomingMessage, res: ServerResponse): void {
    this.queue.push({ request: { id: this.nextId++, method: req.method!, url: req.url!, headers: req.headers }, res });
    const idle = this.slots.find((s) => s.current === null);
    if (idle) this.next(idle);
  }

  private next(slot: Slot): void {
    const job = this.queue.shift();
    if (!job) return;
    slot.current = job.res;
    slot.worker.postMessage(job.request);
  }

  private answered(slot: Slot, reply: ReadReply): void {
    const res = slot.current;
    slot.current = null;
    this.next(slot);
    if (!res || res.destroyed) {
      release(reply.body);
      return;
    }
    res.writeHead(reply.status, reply.headers);
    res.end(Buffer.from(reply.body), () => release(reply.body));
  }

  /** A worker that dies takes its request with it (that client gets a 500);
   * a new worker takes its place. */
  private failed(slot: Slot, err: Error): void {
    console.error(err);
    const res = slot.current;
    this.slots.splice(this.slots.indexOf(slot), 1);
    if (res && !res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ detail: 'A server error occurred.' }));
    }
    void this.addWorker().catch((e) => console.error(e));
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
