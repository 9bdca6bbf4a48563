// `npm run bench:api`: requests/s and latency of the read API under
// autocannon (8 connections) against the real server in its own process,
// next to a bare node:http server sending the same bytes (the ceiling).
// Databases of ~10k and ~100k patches are built once from
// ../shared/corpus/generated/corpus-100k (imported into several projects
// until the patch count is reached) and cached in the temp directory.
// Results are printed and written to the API section of BENCHMARKS.md.
//
// Environment: BENCH_DURATION (seconds per run, default 10), BENCH_SIZES
// (e.g. "10000" to skip the 100k database), BENCH_ONLY (a regular expression
// the request's name must match, e.g. "^patch list, per_page"),
// BENCH_BEFORE_ROOT (another checkout, e.g. of the commit before a change: its
// server is measured uncached too, side by side, and its answers must be the
// same bytes), BENCH_NO_WRITE=1 (print only).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { openDb, type Db } from '../src/db/connection.ts';
import { insertProject } from '../src/db/projects.ts';
import { patchLocation } from '../src/db/downloads.ts';
import { patchMboxPath } from '../src/http/urls.ts';
import { importMessages } from '../src/ingest/archive.ts';
import { readMbox, type MboxMessage } from '../src/mail/mbox.ts';
import { CORPUS, ROOT, startPwlite, writeBenchSection } from './lib.ts';

const CORPUS_100K = join(CORPUS, 'generated', 'corpus-100k.mbox.zst');
const CACHE = join(tmpdir(), 'pwlite-bench');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const CONNECTIONS = 8;
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const BEFORE_ROOT = process.env.BENCH_BEFORE_ROOT;

const patchCount = (db: Db) => (db.prepare('SELECT count(*) AS n FROM patches').get() as { n: number }).n;

/** Mails of the corpus until `enough()` says stop (checked every 500 mails). */
async function* until(messages: AsyncIterable<MboxMessage>, enough: () => boolean): AsyncGenerator<MboxMessage> {
  let n = 0;
  for await (const m of messages) {
    if (++n % 500 === 0 && enough()) return;
    yield m;
  }
}

async function buildDb(target: number): Promise<string> {
  const path = join(CACHE, `api-${target}.sqlite3`);
  if (existsSync(path)) return path;
  if (!existsSync(CORPUS_100K)) throw new Error(`${CORPUS_100K} is missing: the API benchmark builds its databases from it`);
  mkdirSync(CACHE, { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const db = openDb(partial);
  const started = Date.now();
  // Each pass imports the corpus into a project of its own, so the copies
  // stay distinct series and patches; the last pass stops at the target.
  for (let pass = 0; patchCount(db) < target; pass++) {
    const listId = `bench${pass}.example.org`;
    insertProject(db, { linkname: `bench${pass}`, name: `Bench ${pass}`, listid: listId, listemail: `bench${pass}@example.org` });
    await importMessages(
      db,
      until(readMbox(CORPUS_100K), () => patchCount(db) >= target),
      { listId },
    );
    process.stderr.write(`  ${path}: pass ${pass}, ${patchCount(db)} patches, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, path);
  return path;
}

function waitForLine(child: ChildProcess, test: (line: string) => string | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const found = test(line);
      if (found !== null) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function startRaw(responsesFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'raw-server.ts'), responsesFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: ROOT,
  });
  const port = await waitForLine(child, (line) => (/^\d+$/.test(line) ? line : null));
  return { url: `http://127.0.0.1:${port}`, child };
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
}

/** With `uncached`, every request carries a distinct extra parameter (which
 * the API ignores), so each one misses the response cache and is rendered
 * from the database. The raw server gets the same distinct URLs. */
async function measure(url: string, uncached = false): Promise<Measured> {
  let n = 0;
  const requests = uncached
    ? [
        {
          setupRequest: (req: autocannon.Request) => {
            const path = req.path ?? '/';
            return { ...req, path: `${path}${path.includes('?') ? '&' : '?'}nocache=${n++}` };
          },
        },
      ]
    : undefined;
  // A short warm-up fills the prepared-statement cache and the JIT.
  await autocannon({ url, connections: CONNECTIONS, duration: 1, requests });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, requests });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, bytes: 0 };
}

function scenarios(db: Db): [string, string][] {
  const detail = (
    db.prepare('SELECT id FROM patches ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM patches)').get() as { id: number }
  ).id;
  const at = patchLocation(db, detail)!;
  const filters = 'project=bench0&state=new&state=under-review&archived=false&order=-date';
  const all: [string, string][] = [
    ['patch list, per_page=30', '/api/1.2/patches/?per_page=30'],
    ['patch list, per_page=250', '/api/1.2/patches/?per_page=250'],
    ['patch list, filtered, per_page=30', `/api/1.2/patches/?${filters}&per_page=30`],
    ['patch list, filtered, per_page=250', `/api/1.2/patches/?${filters}&per_page=250`],
    ['patch list, page 100, per_page=30', '/api/1.2/patches/?per_page=30&page=100'],
    ['patch detail', `/api/1.2/patches/${detail}/`],
    // Downloads have no response cache: "cached" renders it again too.
    ['patch mbox', patchMboxPath(at.linkname, at.msgid)],
    ['series list, per_page=30', '/api/1.2/series/?per_page=30'],
    ['events list, per_page=30', '/api/1.2/events/?per_page=30'],
  ];
  return all.filter(([name]) => !ONLY || ONLY.test(name));
}

interface Row {
  size: number;
  name: string;
  path: string;
  bytes: number;
  pwlite: Measured;
  uncached: Measured;
  raw: Measured;
  /** BENCH_BEFORE_ROOT's server, uncached. */
  before?: Measured;
  /** 1-minute load average when the row started. */
  load: number;
}

/** Body and headers of one answer (Date and connection headers left out). */
async function record(url: string): Promise<{ headers: Record<string, string>; body: Buffer }> {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (k !== 'date' && k !== 'connection' && k !== 'keep-alive') headers[k] = v;
  });
  return { headers, body };
}

async function benchSize(target: number): Promise<Row[]> {
  const dbPath = await buildDb(target);
  const db = openDb(dbPath, { readonly: true, migrate: false });
  const size = patchCount(db);
  const cases = scenarios(db);
  db.close();
  // The other checkout may not know this one's schema: it runs on a copy
  // taken the first time, before this checkout's server migrates the database.
  const beforePath = `${dbPath}.before`;
  if (BEFORE_ROOT && !existsSync(beforePath)) copyFileSync(dbPath, beforePath);
  const pwlite = await startPwlite(dbPath);
  const before = BEFORE_ROOT ? await startPwlite(beforePath, BEFORE_ROOT) : null;
  const rows: Row[] = [];
  try {
    const recorded: Record<string, { headers: Record<string, string>; body: string }> = {};
    for (const [, path] of cases) {
      const { headers, body } = await record(pwlite.url + path);
      if (before) {
        // Links carry each server's own port.
        const old = await record(before.url + path);
        const same = (a: string, b: string) => a.replaceAll(before.url, pwlite.url) === b;
        if (!same(old.body.toString('latin1'), body.toString('latin1')) || !same(JSON.stringify(old.headers), JSON.stringify(headers))) {
          throw new Error(`${path}: ${BEFORE_ROOT} answers other bytes`);
        }
      }
      recorded[path] = { headers, body: body.toString('base64') };
    }
    const file = join(CACHE, `responses-${target}.json`);
    writeFileSync(file, JSON.stringify(recorded));
    const raw = await startRaw(file);
    try {
      for (const [name, path] of cases) {
        const load = loadavg()[0];
        const b = before ? await measure(before.url + path, true) : undefined;
        const u = await measure(pwlite.url + path, true);
        const p = await measure(pwlite.url + path);
        const r = await measure(raw.url + path, true);
        const bytes = Buffer.from(recorded[path].body, 'base64').length;
        rows.push({ size, name, path, bytes, pwlite: p, uncached: u, raw: r, before: b, load });
        process.stderr.write(
          `  ${size} patches, ${name} (load ${load.toFixed(1)}): ${b ? `before ${b.rps.toFixed(0)} req/s p50 ${b.p50} ms; ` : ''}` +
            `uncached ${u.rps.toFixed(0)} req/s p50 ${u.p50} p99 ${u.p99} ms; cached ${p.rps.toFixed(0)} req/s p99 ${p.p99} ms; raw ${r.rps.toFixed(0)} req/s\n`,
        );
      }
    } finally {
      raw.child.kill();
    }
  } finally {
    pwlite.child.kill();
    before?.child.kill();
  }
  return rows;
}

function table(rows: Row[]): string {
  const withBefore = rows.some((r) => r.before);
  const lines = [
    `| patches | request | load | body bytes |${withBefore ? ' before: uncached req/s | p50 ms | p99 ms | before / raw |' : ''} uncached req/s | p50 ms | p99 ms | cached req/s | p50 ms | p99 ms | raw node:http req/s | cached / raw | uncached / raw |`,
    `|---:|---|---:|---:|${withBefore ? '---:|---:|---:|---:|' : ''}---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  const share = (a: Measured, b: Measured) => `${((100 * a.rps) / b.rps).toFixed(0)}%`;
  for (const r of rows) {
    const u = r.uncached;
    const p = r.pwlite;
    const b = r.before;
    const beforeCells = withBefore ? (b ? ` ${b.rps.toFixed(0)} | ${b.p50} | ${b.p99} | ${share(b, r.raw)} |` : ' | | | |') : '';
    lines.push(
      `| ${r.size.toLocaleString('en')} | ${r.name} | ${r.load.toFixed(1)} | ${r.bytes.toLocaleString('en')} |${beforeCells} ${u.rps.toFixed(0)} | ${u.p50} | ${u.p99} | ${p.rps.toFixed(0)} | ${p.p50} | ${p.p99} | ${r.raw.rps.toFixed(0)} | ${share(p, r.raw)} | ${share(u, r.raw)} |`,
    );
  }
  return lines.join('\n');
}

const rows: Row[] = [];
const loadBefore = loadavg()[0];
for (const size of SIZES) rows.push(...(await benchSize(size)));
const load = `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after (other processes on the machine are not controlled)`;
const result = table(rows);
console.log(result);
{
  const when = new Date().toISOString().slice(0, 10);
  writeBenchSection(
    'api',
    `## REST API reads (\`npm run bench:api\`)\n\nMeasured ${when} with \`npm run bench:api\` (autocannon, ${CONNECTIONS} connections, ${DURATION} s per run after a 1 s warm-up; ` +
      `server and load generator on the same 2-core machine; ${load}). "uncached": every request carries a distinct ignored parameter, so each ` +
      `response is rendered from the database (list counts stay cached until a write); "cached": the same URL repeated, answered from the ` +
      `response cache, which any write empties. "raw node:http" is a bare server answering with the bytes pwlite sent for the same URL ` +
      `(given the same distinct URLs). "load": the 1-minute load average when the row started` +
      `${BEFORE_ROOT ? `; "before": the server of another checkout (${BEFORE_ROOT}), uncached, whose answers were checked to be the same bytes` : ''}.\n\n${result}`,
  );
}
