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

/** Requests a worker holds at once. The next ones wait in its port while it
 * answers the first, so it does not idle for a round trip to the main
 * thread after each answer, and one wake-up of either thread takes several
 * messages: the server's CPU per 30-patch page went from 353-382 to
 * 286-308 µs (docs/PERFORMANCE.md). */
export const PIPELINE = 4;

/** A worker that has not answered for this long is on a slow request: no
 * more are queued behind it, so a slow request still holds up no other. */
export const STALLED_MS = 1;

interface Slot {
  worker: Worker;
  /** The responses waiting for this worker's answers, by request id. */
  waiting: Map<number, ServerResponse>;
  /** When the worker last answered, or took a request while idle. */
  busySince: number;
}

/** The worker the next request goes to: of those that take one, the one
 * holding fewest. An idle worker always takes one; a busy one only while it
 * holds fewer than PIPELINE and is not stalled. */
export function nextTaker<S extends { waiting: { size: number }; busySince: number }>(slots: readonly S[], now: number): S | undefined {
  let best: S | undefined;
  for (const s of slots) {
    const takes = s.waiting.size === 0 || (s.waiting.size < PIPELINE && now - s.busySince < STALLED_MS);
    if (takes && (!best || s.waiting.size < best.waiting.size)) best = s;
  }
  return best;
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
    const slot: Slot = { worker, waiting: new Map(), busySince: 0 };
    return new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (m: ReadReply | { ready: true }) => {
        if (!('ready' in m)) return this.answered(slot, m);
        worker.off('error', reject);
        worker.on('error', (err) => this.failed(slot, err));
        this.slots.push(slot);
        this.fill();
        resolve();
      });
    });
  }

  dispatch(req: IncomingMessage, res: ServerResponse): void {
    this.queue.push({ request: { id: this.nextId++, method: req.method!, url: req.url!, headers: req.headers }, res });
    this.fill();
  }

  private fill(): void {
    const now = performance.now();
    while (this.queue.length > 0) {
      const best = nextTaker(this.slots, now);
      if (!best) return;
      const job = this.queue.shift()!;
      if (best.waiting.size === 0) best.busySince = now;
      best.waiting.set(job.request.id, job.res);
      best.worker.postMessage(job.request);
    }
  }

  private answered(slot: Slot, reply: ReadReply): void {
    const res = slot.waiting.get(reply.id);
    slot.waiting.delete(reply.id);
    slot.busySince = performance.now();
    this.fill();
    if (!res || res.destroyed) {
      release(reply.body);
      return;
    }
    res.writeHead(reply.status, reply.headers);
    res.end(Buffer.from(reply.body), () => release(reply.body));
  }

  /** A worker that dies takes the requests it held with it (those clients
   * get a 500); a new worker takes its place. */
  private failed(slot: Slot, err: Error): void {
    console.error(err);
    this.slots.splice(this.slots.indexOf(slot), 1);
    for (const res of slot.waiting.values()) {
      if (res.headersSent) continue;
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
