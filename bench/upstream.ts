// `npm run bench:upstream`: pwlite and upstream Patchwork side by side, the
// same archive in both, the same requests from the same client. Upstream is
// set up beforehand by bench/upstream/setup.sh (see BENCHMARKS.md, "Upstream
// side by side"), which imports the archive with upstream's parsearchive and
// records its ingest rate; this script imports the same archive into a fresh
// pwlite database, starts `pwlite serve` and measures both servers, then the
// client alone against a bare node:http server replaying pwlite's answers
// (the most this client can measure on this machine).
//
// Usage: UPSTREAM_URL=http://127.0.0.1:8000 npm run bench:upstream [-- ARCHIVE]
// Environment: UPSTREAM_URL (required), UPSTREAM_INGEST (the JSON setup.sh
// wrote; default /opt/upstream-pw/ingest.json), UPSTREAM_PROJECT (linkname;
// default from that file), BENCH_DURATION (seconds per run, default 10),
// BENCH_CONNECTIONS (default 8), BENCH_NO_WRITE=1 (print only).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { CORPUS, ROOT, startPwlite, writeBenchSection } from './lib.ts';
import { closedLoop, getJson, type Measured } from './upstream/client.ts';

const UPSTREAM_URL = process.env.UPSTREAM_URL?.replace(/\/$/, '');
if (!UPSTREAM_URL) {
  console.error(
    'bench:upstream needs a running upstream Patchwork: set UPSTREAM_URL (e.g. http://127.0.0.1:8000).\n' +
      'bench/upstream/setup.sh SRC_DIR ARCHIVE sets one up from Debian packages; see BENCHMARKS.md, "Upstream side by side".',
  );
  process.exit(2);
}
const INGEST_FILE = process.env.UPSTREAM_INGEST ?? '/opt/upstream-pw/ingest.json';
const ARCHIVE = process.argv[2] ?? join(CORPUS, 'real', 'linux-modules.vger.kernel.org.0.mbox.zst');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

interface UpstreamIngest {
  mails: number;
  seconds: number;
  mailsPerSecond: number;
  linkname: string;
  listid: string;
  version?: string;
  stack?: string;
  load?: string;
}
const ingest: UpstreamIngest | null = existsSync(INGEST_FILE) ? (JSON.parse(readFileSync(INGEST_FILE, 'utf8')) as UpstreamIngest) : null;
const PROJECT = process.env.UPSTREAM_PROJECT ?? ingest?.linkname;
if (!PROJECT) {
  console.error(`no project: set UPSTREAM_PROJECT (the linkname) or UPSTREAM_INGEST (${INGEST_FILE} does not exist)`);
  process.exit(2);
}

/** The archive as a plain mbox, as setup.sh hands it to upstream. */
async function plainMbox(dir: string): Promise<string> {
  const tool = ARCHIVE.endsWith('.zst') ? 'zstd' : ARCHIVE.endsWith('.xz') ? 'xz' : null;
  if (!tool) return ARCHIVE;
  const out = join(dir, 'archive.mbox');
  const child = spawn(tool, ['-d', '-c', ARCHIVE], { stdio: ['ignore', 'pipe', 'inherit'] });
  await pipeline(child.stdout, createWriteStream(out));
  return out;
}

function pwlite(db: string, ...args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin', 'pwlite.mjs'), '--db', db, ...args], { encoding: 'utf8' });
}

/** A fresh pwlite database holding the archive; the import's mails/s. */
async function buildPwlite(dir: string, listid: string): Promise<{ db: string; mails: number; seconds: number }> {
  const mbox = await plainMbox(dir);
  const mails = readFileSync(mbox, 'latin1').match(/^From /gm)?.length ?? 0;
  const db = join(dir, 'pwlite.sqlite3');
  pwlite(db, 'project', 'add', PROJECT!, '--name', PROJECT!, '--list-id', listid, '--list-email', listid);
  const started = process.hrtime.bigint();
  pwlite(db, 'parsearchive', mbox, '--list-id', listid, '--quiet');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { db, mails, seconds };
}

interface Target {
  url: string;
  patches: { id: number; mbox: string }[];
}

/** Ids and mbox URLs of the project's newest patches, as the server itself names them. */
async function discover(url: string): Promise<Target> {
  const list = (await getJson(`${url}/api/1.3/patches/?project=${PROJECT}&per_page=250&order=-id`)) as { id: number; mbox: string }[];
  if (list.length === 0) throw new Error(`${url}: no patches in project ${PROJECT}`);
  return { url, patches: list.map((p) => ({ id: p.id, mbox: p.mbox })) };
}

/** Each request is distinct (a counter in an ignored parameter, ids in
 * rotation), so no response cache can answer it. */
const SCENARIOS: [string, (t: Target, n: number) => string][] = [
  ['patch list, per_page=30', (t, n) => `${t.url}/api/1.3/patches/?project=${PROJECT}&per_page=30&nocache=${n}`],
  ['patch list, per_page=250', (t, n) => `${t.url}/api/1.3/patches/?project=${PROJECT}&per_page=250&nocache=${n}`],
  ['patch detail', (t, n) => `${t.url}/api/1.3/patches/${t.patches[n % t.patches.length].id}/?nocache=${n}`],
  ['series list, per_page=30', (t, n) => `${t.url}/api/1.3/series/?project=${PROJECT}&per_page=30&nocache=${n}`],
  ['events list, per_page=30', (t, n) => `${t.url}/api/1.3/events/?project=${PROJECT}&per_page=30&nocache=${n}`],
  ['patch mbox', (t, n) => `${t.patches[n % t.patches.length].mbox}?nocache=${n}`],
  ['patch search, q=fix', (t, n) => `${t.url}/api/1.3/patches/?project=${PROJECT}&q=fix&per_page=30&nocache=${n}`],
];

interface Row {
  name: string;
  upstream: Measured;
  pwlite: Measured;
  raw: Measured;
}

/** One answer of pwlite per scenario, headers and body, for the raw server. */
async function record(target: Target): Promise<{ headers: Record<string, string>; body: string }[]> {
  const recorded = [];
  for (const [, make] of SCENARIOS) {
    const res = await fetch(make(target, 0));
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (k !== 'date' && k !== 'connection' && k !== 'keep-alive' && k !== 'transfer-encoding') headers[k] = v;
    });
    recorded.push({ headers, body: Buffer.from(await res.arrayBuffer()).toString('base64') });
  }
  return recorded;
}

async function startRaw(file: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'raw-server.ts'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: ROOT,
  });
  const port = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`raw server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

const fmt = (m: Measured) => `${m.rps.toFixed(m.rps < 100 ? 1 : 0)} | ${m.p50.toFixed(0)} | ${m.p99.toFixed(0)}`;

function table(rows: Row[]): string {
  const lines = [
    '| request | upstream req/s | p50 ms | p99 ms | pwlite req/s | p50 ms | p99 ms | pwlite / upstream | client ceiling req/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${fmt(r.upstream)} | ${fmt(r.pwlite)} | ${(r.pwlite.rps / r.upstream.rps).toFixed(0)}× | ${r.raw.rps.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pwlite-upstream-'));
  const loadBefore = loadavg()[0];
  const upstreamTarget = await discover(UPSTREAM_URL!);
  const listid = ingest?.listid ?? ((await getJson(`${UPSTREAM_URL}/api/1.3/projects/${PROJECT}/`)) as { list_id: string }).list_id;
  process.stderr.write(`importing ${ARCHIVE} into pwlite (list ${listid})\n`);
  const built = await buildPwlite(dir, listid);
  const pwliteLoad = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const server = await startPwlite(built.db);
  const rows: Row[] = [];
  let raw: { url: string; child: ChildProcess } | null = null;
  try {
    const pwliteTarget = await discover(server.url);
    const responses = join(dir, 'responses.json');
    writeFileSync(responses, JSON.stringify(await record(pwliteTarget)));
    raw = await startRaw(responses);
    const rawUrl = raw.url;
    for (const [i, [name, make]] of SCENARIOS.entries()) {
      const measured: Partial<Row> = { name };
      for (const [side, target] of [
        ['upstream', upstreamTarget],
        ['pwlite', pwliteTarget],
      ] as const) {
        await closedLoop((n) => make(target, n), CONNECTIONS, 1);
        measured[side] = await closedLoop((n) => make(target, n), CONNECTIONS, DURATION);
        process.stderr.write(`  ${name}, ${side}: ${fmt(measured[side]!)}\n`);
      }
      measured.raw = await closedLoop((n) => `${rawUrl}/${i}?nocache=${n}`, CONNECTIONS, DURATION);
      process.stderr.write(`  ${name}, raw node:http: ${fmt(measured.raw)}\n`);
      rows.push(measured as Row);
    }
  } finally {
    server.child.kill();
    raw?.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  const load = `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`;
  const pwliteRate = built.mails / built.seconds;
  const ingestLines = [
    '| ingest (parsearchive, one archive into a fresh database) | mails | seconds | mails/s |',
    '|---|---:|---:|---:|',
    ingest
      ? `| upstream (load average ${ingest.load ?? '?'} at the end) | ${ingest.mails} | ${ingest.seconds} | ${ingest.mailsPerSecond.toFixed(0)} |`
      : '| upstream | (no ingest record) | | |',
    `| pwlite, from the checkout (load average ${pwliteLoad} at the end) | ${built.mails} | ${built.seconds.toFixed(1)} | ${pwliteRate.toFixed(0)} |`,
  ];
  const result = `${table(rows)}\n\n${ingestLines.join('\n')}`;
  console.log(result);
  console.log(load);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  writeBenchSection(
    'upstream',
    `### Measured (\`npm run bench:upstream\`, ${when} UTC)\n\n` +
      `${ingest?.version ? `Upstream ${ingest.version}${ingest.stack ? ` (${ingest.stack})` : ''}; ` : ''}pwlite ${commit}; project \`${PROJECT}\`, ` +
      `${CONNECTIONS} connections, closed loop, ${DURATION} s per run after a 1 s warm-up, every request a distinct URL; ${load}.\n\n${result}`,
  );
}

await main();
