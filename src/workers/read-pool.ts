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

/** What a worker is started with: the pool's data and its claims (below). */
export interface WorkerData extends ReadWorkerData {
  claims: SharedArrayBuffer;
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
 * more are queued behind it. */
export const STALLED_MS = 1;
/** Requests already queued behind one that has not been answered for this
 * long are taken back and go to another worker. Longer than STALLED_MS: on
 * two busy cores a worker on a fast request is often not run for a
 * millisecond or two, and its requests would move for nothing. A request
 * behind a 15 ms one waited for it (others' p99 19.7-21.6 ms in a loop of
 * them at 100k patches); it now waits 3-6 ms (p99 11.0-12.8 ms). */
export const TAKE_BACK_MS = 3;

/** Each worker's requests are claimed in a table shared with it, a word per
 * request (its id and its state): the worker runs a request only if it
 * turns it from queued to running, and the main thread takes one back only
 * if it turns it from queued to taken back. One of the two changes wins. */
const CLAIM_SLOTS = 1024;
const QUEUED = 0;
export const RUNNING = 1;
const TAKEN_BACK = 2;
const claimWord = (id: number, state: number) => ((id & 0x1fffffff) << 2) | state;

/** Marks request `id` queued, before it is sent. */
function queueClaim(claims: Int32Array, id: number): void {
  Atomics.store(claims, id % CLAIM_SLOTS, claimWord(id, QUEUED));
}

/** Moves request `id` from queued to `state`; false if it was not queued. */
export function claim(claims: Int32Array, id: number, state: typeof RUNNING | typeof TAKEN_BACK): boolean {
  const queued = claimWord(id, QUEUED);
  return Atomics.compareExchange(claims, id % CLAIM_SLOTS, queued, claimWord(id, state)) === queued;
}

interface Slot {
  worker: Worker;
  claims: Int32Array;
  /** The requests sent to this worker and not answered yet, by id. */
  waiting: Map<number, Job>;
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
  /** Set while requests wait behind others in a worker. */
  private watch: NodeJS.Timeout | null = null;

  private constructor(
    private readonly data: ReadWorkerData,
    private readonly spawn: (data: WorkerData) => Worker,
  ) {}

  /** Starts `size` workers and resolves once every one has its connection
   * open. `spawn` starts one (tests give stand-ins). */
  static async start(
    size: number,
    data: ReadWorkerData,
    spawn = (workerData: WorkerData) => spawnWorker('read-worker', workerData),
  ): Promise<ReadPool> {
    const pool = new ReadPool(data, spawn);
    await Promise.all(Array.from({ length: size }, () => pool.addWorker()));
    return pool;
  }

  private addWorker(): Promise<void> {
    const claims = new SharedArrayBuffer(CLAIM_SLOTS * Int32Array.BYTES_PER_ELEMENT);
    const data: WorkerData = { ...this.data, claims };
    const worker = this.spawn(data);
    const slot: Slot = { worker, claims: new Int32Array(claims), waiting: new Map(), busySince: 0 };
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
      else this.watch ??= setTimeout(() => this.takeBackStalled(), TAKE_BACK_MS);
      best.waiting.set(job.request.id, job);
      queueClaim(best.claims, job.request.id);
      best.worker.postMessage(job.request);
    }
  }

  /** Requests still queued at a stalled worker go back to the front of the
   * queue, in their order, for the others. */
  private takeBackStalled(): void {
    this.watch = null;
    const now = performance.now();
    const taken: Job[] = [];
    let queuedBehind = false;
    for (const slot of this.slots) {
      if (slot.waiting.size < 2) continue;
      if (now - slot.busySince < TAKE_BACK_MS) {
        queuedBehind = true;
        continue;
      }
      for (const [id, job] of slot.waiting) {
        if (!claim(slot.claims, id, TAKEN_BACK)) continue;
        slot.waiting.delete(id);
        taken.push(job);
      }
    }
    this.queue.unshift(...taken.sort((a, b) => a.request.id - b.request.id));
    this.fill();
    if (queuedBehind) this.watch ??= setTimeout(() => this.takeBackStalled(), TAKE_BACK_MS);
  }

  private answered(slot: Slot, reply: ReadReply): void {
    const res = slot.waiting.get(reply.id)?.res;
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
    for (const { res } of slot.waiting.values()) {
      if (res.headersSent) continue;
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ detail: 'A server error occurred.' }));
    }
    void this.addWorker().catch((e) => console.error(e));
  }

  async close(): Promise<void> {
    if (this.watch) clearTimeout(this.watch);
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
