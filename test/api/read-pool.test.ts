// API reads answered by the worker pool (serve --read-workers) are the same
// bytes the main thread answers, and see every write committed before them.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { connect } from 'node:net';
import { tempDb } from '../helpers/db.ts';
import { seed } from '../helpers/seed.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startServer, stopServer } from '../../src/server.ts';
import {
  claim,
  isPooledRead,
  nextTaker,
  PIPELINE,
  ReadPool,
  RUNNING,
  STALLED_MS,
  TAKE_BACK_MS,
  type ReadReply,
  type ReadRequest,
  type WorkerData,
} from '../../src/workers/read-pool.ts';
import type { Db } from '../../src/db/connection.ts';

interface Ctx {
  db: Db;
  plain: TestServer;
  pooled: Server;
  pooledUrl: string;
}

const test = suite<Ctx>('read worker pool');

test.before(async (ctx) => {
  try {
    ctx.db = tempDb().db;
    // Enough for a 250-patch page (about 370 kB) to outgrow the sockets'
    // buffers, so that a slow reader's answer is written in several goes.
    seed(ctx.db, { series: 120 });
    ctx.plain = await startTestServer(ctx.db, 'http://pw.example.org');
    ctx.pooled = await startServer({ db: ctx.db, host: '127.0.0.1', port: 0, baseUrl: 'http://pw.example.org', readWorkers: 2 });
    const address = ctx.pooled.address();
    if (!address || typeof address !== 'object') throw new Error('no address');
    ctx.pooledUrl = `http://127.0.0.1:${address.port}`;
  } catch (err) {
    console.error(err);
    throw err;
  }
});
test.after(async (ctx) => {
  await ctx.plain?.close();
  if (ctx.pooled) await stopServer(ctx.pooled);
});

async function answer(url: string, init?: RequestInit): Promise<{ status: number; headers: [string, string][]; body: string }> {
  const res = await fetch(url, init);
  const headers = [...res.headers.entries()].filter(([k]) => k !== 'date' && k !== 'keep-alive' && k !== 'connection');
  return { status: res.status, headers, body: await res.text() };
}

test('the same status, headers and bytes as the main thread', async (ctx) => {
  const paths = [
    '/api/',
    '/api/1.4/patches/?per_page=5&page=2&order=-date',
    '/api/1.1/patches/?project=alpha&state=new&q=patch',
    '/api/patches/1/',
    '/api/patches/999999/',
    '/api/1.3/events/?per_page=3',
    '/api/series/?project=beta',
    '/api/covers/',
    '/api/patches/1/comments/',
    '/api/patches/?page=9999',
    '/api/1.9/patches/',
    '/api/nothing/',
  ];
  for (const path of paths) {
    assert.equal(await answer(ctx.pooledUrl + path), await answer(ctx.plain.url + path), path);
  }
  const head = await fetch(ctx.pooledUrl + '/api/patches/', { method: 'HEAD' });
  assert.is(head.status, 200);
  assert.is(await head.text(), '');
  const denied = await answer(ctx.pooledUrl + '/api/patches/', { headers: { Authorization: 'Token nope' } });
  assert.equal(denied, await answer(ctx.plain.url + '/api/patches/', { headers: { Authorization: 'Token nope' } }));
  assert.is(denied.status, 403);
});

test('bodies a worker hands over instead of copying: every answer whole, cached ones too', async (ctx) => {
  const big = '/api/1.4/patches/?per_page=250';
  const expected = await answer(ctx.plain.url + big);
  assert.ok(expected.body.length > 8192, 'a body past the small-buffer pool');
  for (let i = 0; i < 4; i++) {
    assert.equal(await answer(ctx.pooledUrl + big), expected, `cached, ${i}`);
    const fresh = `${big}&fresh=${i}`;
    assert.equal(await answer(ctx.pooledUrl + fresh), await answer(ctx.plain.url + fresh), `not cached, ${i}`);
  }
});

/** Bodies of GETs sent at once on one connection (HTTP/1.1 pipelining),
 * read only after a pause: the later answers wait in the server's memory
 * until the earlier ones are written. */
function pipelined(url: string, paths: readonly string[]): Promise<string[]> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    // An answer shorter than its Content-Length would leave the reader waiting.
    const timer = setTimeout(() => {
      socket.destroy();
      const received = Buffer.concat(chunks);
      reject(new Error(`${splitAnswers(received).length} of ${paths.length} answers whole after 10 s (${received.length} bytes)`));
    }, 10_000);
    socket.on('error', reject);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const bodies = splitAnswers(Buffer.concat(chunks));
      if (bodies.length === paths.length) {
        clearTimeout(timer);
        socket.destroy();
        resolve(bodies);
      }
    });
    socket.write(paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`).join(''));
    socket.pause();
    setTimeout(() => socket.resume(), 200);
  });
}

/** The complete bodies (by Content-Length) at the start of a byte stream. */
function splitAnswers(bytes: Buffer): string[] {
  const bodies: string[] = [];
  let at = 0;
  for (;;) {
    const end = bytes.indexOf('\r\n\r\n', at);
    if (end < 0) return bodies;
    const length = Number(/content-length: *(\d+)/i.exec(bytes.subarray(at, end).toString('latin1'))?.[1]);
    if (bytes.length < end + 4 + length) return bodies;
    bodies.push(bytes.subarray(end + 4, end + 4 + length).toString());
    at = end + 4 + length;
  }
}

// The main thread frees a body handed over by a worker once it is written:
// answers that wait behind others for a slow reader keep every byte.
test('pipelined answers to a reader that falls behind arrive whole', async (ctx) => {
  const pages = ['/api/1.4/patches/?per_page=250&order=id', '/api/1.4/patches/?per_page=250&order=-id', '/api/1.4/events/?per_page=250'];
  const expected = await Promise.all(pages.map(async (p) => (await answer(ctx.plain.url + p)).body));
  assert.ok(expected[0].length > 300_000, `${expected[0].length} bytes`);
  for (let round = 0; round < 3; round++) {
    const paths = pages.map((p) => `${p}&n=${round}`);
    const bodies = await pipelined(ctx.pooledUrl, [...paths, ...paths]);
    bodies.forEach((body, i) =>
      assert.ok(body === expected[i % pages.length], `round ${round}, answer ${i}: ${body.length} bytes or other bytes`),
    );
  }
});

test('patch and cover mboxes from the pool: the same status, headers and bytes', async (ctx) => {
  const local = (url: string) => new URL(url).pathname;
  const patch = local((JSON.parse((await answer(`${ctx.plain.url}/api/patches/1/`)).body) as { mbox: string }).mbox);
  const cover = local((JSON.parse((await answer(`${ctx.plain.url}/api/covers/`)).body) as { mbox: string }[])[0].mbox);
  const paths = [patch, `${patch}?nocache=1`, `${patch}?series=*`, cover, patch.replace(/\/patch\/[^/]+\//, '/patch/nope/')];
  for (const path of paths) {
    const pooled = await answer(ctx.pooledUrl + path);
    assert.equal(pooled, await answer(ctx.plain.url + path), path);
  }
  assert.is((await answer(ctx.pooledUrl + patch)).status, 200);
  const pooled = (url: string) => isPooledRead({ method: 'GET', url, headers: {} } as IncomingMessage);
  assert.ok(pooled(patch) && pooled(`${patch}?nocache=1`) && pooled(cover));
  assert.not.ok(pooled(`${patch}?series=*`) || pooled(`${patch}?a=1&%73eries=2`));
  const head = await fetch(ctx.pooledUrl + cover, { method: 'HEAD' });
  assert.is(head.status, 200);
  assert.is(await head.text(), '');
});

// One worker: every request but the first waits in its port behind others,
// and each answer must still reach the client that asked for it.
test('requests queued at one worker get their own answers', async (ctx) => {
  const one = await startServer({ db: ctx.db, host: '127.0.0.1', port: 0, baseUrl: 'http://pw.example.org', readWorkers: 1 });
  const address = one.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  try {
    const paths = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0 ? `/api/patches/${1 + i}/` : i % 3 === 1 ? `/api/1.4/patches/?per_page=${1 + i}` : `/api/1.3/events/?per_page=${i}`,
    );
    const expected = await Promise.all(paths.map((p) => answer(ctx.plain.url + p)));
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(paths.map((p) => answer(url + p)));
      answers.forEach((a, i) => assert.equal(a, expected[i], `round ${round}: ${paths[i]}`));
    }
  } finally {
    await stopServer(one);
  }
});

test('a request goes to the worker holding fewest, never behind a stalled one', () => {
  const slot = (held: number, busySince: number) => ({ waiting: { size: held }, busySince });
  const now = 1000;
  const cases: [string, ReturnType<typeof slot>[], number | undefined][] = [
    ['no worker', [], undefined],
    ['idle', [slot(0, 0)], 0],
    ['an idle one before a busy one', [slot(1, now), slot(0, 0)], 1],
    ['fewest held', [slot(3, now), slot(2, now)], 1],
    ['the first of equals', [slot(2, now), slot(2, now)], 0],
    ['busy, answering', [slot(PIPELINE - 1, now - STALLED_MS / 2)], 0],
    ['full', [slot(PIPELINE, now)], undefined],
    ['stalled', [slot(1, now - STALLED_MS)], undefined],
    ['stalled, then one with more held', [slot(1, now - 5 * STALLED_MS), slot(3, now)], 1],
    ['an idle one is never stalled', [slot(0, now - 1000)], 0],
  ];
  for (const [name, slots, index] of cases) {
    const taker = nextTaker(slots, now);
    assert.is(taker === undefined ? undefined : slots.indexOf(taker), index, name);
  }
});

/** A stand-in for a read worker: it claims each request as a worker does
 * when it starts on it, and answers at once, or, once `hold` is set, not
 * the request it is on until released (the others wait in its port). */
class FakeWorker extends EventEmitter {
  readonly ran: number[] = [];
  readonly skipped: number[] = [];
  hold = false;
  private readonly claims: Int32Array;
  private onHold: ReadRequest | null = null;
  private readonly port: ReadRequest[] = [];
  constructor(data: WorkerData) {
    super();
    this.claims = new Int32Array(data.claims);
    setImmediate(() => this.emit('message', { ready: true }));
  }
  postMessage(request: ReadRequest): void {
    this.port.push(request);
    setImmediate(() => this.next());
  }
  release(): void {
    this.hold = false;
    const request = this.onHold;
    this.onHold = null;
    if (request) this.answer(request);
    this.next();
  }
  private next(): void {
    while (!this.onHold && this.port.length > 0) {
      const request = this.port.shift()!;
      if (!claim(this.claims, request.id, RUNNING)) {
        this.skipped.push(request.id);
        continue;
      }
      this.ran.push(request.id);
      if (this.hold) this.onHold = request;
      else this.answer(request);
    }
  }
  private answer(request: ReadRequest): void {
    const reply: ReadReply = { id: request.id, status: 200, headers: {}, body: new TextEncoder().encode(request.url).buffer as ArrayBuffer };
    this.emit('message', reply);
  }
  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
}

/** Dispatches a GET of `url`; resolves with the body it is answered with. */
function ask(pool: ReadPool, url: string): Promise<string> {
  return new Promise((resolve) => {
    const res = {
      destroyed: false,
      headersSent: false,
      writeHead: () => res,
      end: (body: Buffer, done?: () => void) => {
        resolve(body.toString());
        done?.();
      },
    };
    pool.dispatch({ method: 'GET', url, headers: {} } as IncomingMessage, res as unknown as ServerResponse);
  });
}

test('requests queued behind a slow one are taken back and answered by another worker', async () => {
  const workers: FakeWorker[] = [];
  const pool = await ReadPool.start(2, { dbPath: 'unused' }, (data) => {
    const w = new FakeWorker(data);
    workers.push(w);
    return w as unknown as Worker;
  });
  const [slow, other] = workers;
  try {
    // The first request goes to the first worker, which is then held on it;
    // the second to the other, and the third, both holding one, behind the
    // first (it is not yet known to be slow).
    slow.hold = true;
    const first = ask(pool, '/1');
    const second = ask(pool, '/2');
    const third = ask(pool, '/3');
    assert.is(await second, '/2');
    const late = new Promise((resolve) => setTimeout(() => resolve('not answered while the first is held'), 100 * TAKE_BACK_MS));
    assert.is(await Promise.race([third, late]), '/3');
    assert.equal(other.ran, [2, 3]);
    slow.release();
    assert.is(await first, '/1');
    // The slow worker, once free, finds the third taken back and skips it.
    assert.equal(slow.ran, [1]);
    assert.equal(slow.skipped, [3]);
  } finally {
    await pool.close();
  }
});

test('a write committed before a read is seen by every worker', async (ctx) => {
  for (let i = 0; i < 4; i++) {
    ctx.db.prepare('UPDATE patches SET name = ? WHERE id = 1').run(`renamed ${i}`);
    const [a, b] = await Promise.all([answer(ctx.pooledUrl + '/api/patches/1/'), answer(ctx.pooledUrl + '/api/patches/?q=renamed')]);
    assert.is((JSON.parse(a.body) as { name: string }).name, `renamed ${i}`);
    assert.equal(
      (JSON.parse(b.body) as { id: number }[]).map((p) => p.id),
      [1],
    );
  }
});

test.run();
