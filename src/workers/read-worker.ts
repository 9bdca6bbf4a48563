// A read worker (see read-pool.ts): its own read-only connection and its own
// copy of the application; answers the requests the pool hands it, one at a
// time, with the same handler the main thread would have run.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createApp } from '../app.ts';
import { openDb } from '../db/connection.ts';
import { unsharedMemory } from '../http/reply.ts';
import { claim, RUNNING, type ReadReply, type ReadRequest, type WorkerData } from './read-pool.ts';

/** A response whose status, headers and body are kept instead of sent. */
class KeptResponse extends ServerResponse {
  private readonly chunks: Buffer[] = [];
  constructor(
    req: IncomingMessage,
    private readonly done: (r: KeptResponse, chunks: readonly Buffer[]) => void,
  ) {
    super(req);
  }
  private keep(chunk: unknown, encoding?: unknown): void {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    this.chunks.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
    );
  }
  override writeHead(status: number, ...rest: unknown[]): this {
    this.statusCode = status;
    const headers = rest.find((r) => typeof r === 'object' && r !== null) as Record<string, string | string[]> | undefined;
    for (const [k, v] of Object.entries(headers ?? {})) this.setHeader(k, v);
    return this;
  }
  override write(chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    this.keep(chunk, encoding);
    const callback = [encoding, cb].find((f) => typeof f === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }
  override end(chunk?: unknown, encoding?: unknown, cb?: unknown): this {
    this.keep(chunk, encoding);
    const callback = [chunk, encoding, cb].find((f) => typeof f === 'function') as (() => void) | undefined;
    this.done(this, this.chunks);
    callback?.();
    return this;
  }
}

/** The chunks in memory the main thread then owns: they may be shared (a
 * response cache entry), so they are copied. Not zero-filled first: every
 * byte is written. */
function copied(chunks: readonly Buffer[]): ArrayBuffer {
  const body = Buffer.allocUnsafeSlow(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.length;
  }
  return body.buffer as ArrayBuffer;
}

const data = workerData as WorkerData;
const claims = new Int32Array(data.claims);
const db = openDb(data.dbPath, { readonly: true, migrate: false });
const { handle } = createApp({ db, baseUrl: data.baseUrl, allowedHosts: data.allowedHosts });

parentPort!.on('message', (job: ReadRequest) => {
  // Taken back while it waited behind a slow one: another worker answers it.
  if (!claim(claims, job.id, RUNNING)) return;
  const req = new IncomingMessage(new Socket());
  req.method = job.method;
  req.url = job.url;
  req.headers = job.headers;
  req.push(null);
  let answered = false;
  const res = new KeptResponse(req, (r, chunks) => {
    if (answered) return;
    answered = true;
    const headers: Record<string, string | string[]> = {};
    // Names as the handler spelled them, so the answer is the same bytes.
    for (const name of (r as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames()) {
      const v = r.getHeader(name);
      if (v !== undefined) headers[name] = Array.isArray(v) ? v : String(v);
    }
    const bytes = (chunks.length === 1 && unsharedMemory(chunks[0])) || copied(chunks);
    const reply: ReadReply = { id: job.id, status: r.statusCode, headers, body: bytes };
    parentPort!.postMessage(reply, [bytes]);
  });
  handle(req, res);
});
parentPort!.postMessage({ ready: true });
