// `npm run bench:scale`: the read API at one million patches, uncached (every
// request a distinct URL), 8 connections, while a writer commits once a
// second; then head-of-line blocking: the others' latency while one client
// runs the slowest request, and while one runs requests of a few
// milliseconds, each different. The database (bench/scale-db.ts) is built once
// and cached outside the checkout.
//
// Environment: BENCH_DURATION (seconds per request, default 5),
// BENCH_SCALE_LABEL (names the BENCHMARKS.md section, default "after"),
// BENCH_PWLITE_ROOT (a checkout whose bin/pwlite.mjs serves, e.g. an older
// commit for the "before" figures), BENCH_ONLY (request names, "|" between),
// BENCH_NO_WRITE=1 (print only).
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { ROOT, writeBenchSection } from './lib.ts';
import { openDb } from '../src/db/connection.ts';
import { loadMigrations, migrate, schemaVersion } from '../src/db/migrate.ts';
import { scaleDb } from './scale-db.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const LABEL = process.env.BENCH_SCALE_LABEL ?? 'after';
const SERVER_ROOT = process.env.BENCH_PWLITE_ROOT ?? ROOT;
const CONNECTIONS = 8;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
}

async function startServer(dbPath: string): Promise<{ url: string; child: ChildProcess; startMs: number }> {
  const port = 19000 + Math.floor(Math.random() * 1000);
  const args = [join(SERVER_ROOT, 'bin', 'pwlite.mjs'), '--db', dbPath, 'serve', '--quiet', '--host', '127.0.0.1', '--port', String(port)];
  const started = Date.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], cwd: SERVER_ROOT });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error('pwlite exited before listening');
    try {
      if ((await fetch(`${url}/api/`)).ok) return { url, child, startMs: Date.now() - started };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Every request a distinct URL: `nocache=N`, after what `also` adds to
 * the N-th request's query. */
function uncachedRequests(also: (n: number) => string = () => '') {
  let n = 0;
  return [
    {
      setupRequest: (req: autocannon.Request) => {
        const path = req.path ?? '/';
        const i = n++;
        return { ...req, path: `${path}${path.includes('?') ? '&' : '?'}${also(i)}nocache=${i}` };
      },
    },
  ];
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** A distinct two-letter `q` per request: a substring no trigram serves,
 * so each is a scan of the project's names, a few milliseconds that the
 * next request cannot reuse. */
const twoLetterTerm = (n: number) => `q=${LETTERS[n % 26]}${LETTERS[Math.floor(n / 26) % 26]}&`;

async function measure(url: string, connections = CONNECTIONS, duration = DURATION, requests = uncachedRequests()): Promise<Measured> {
  const r = await autocannon({ url, connections, duration, timeout: 120, requests });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total };
}

function scenarios(dbPath: string): [string, string][] {
  const db = new Database(dbPath, { readonly: true });
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const p7 = one<{ id: number }>("SELECT id FROM projects WHERE linkname = 'p7'").id;
  const patch = one<{ id: number; series_id: number; submitter_id: number; hash: string; msgid: string; date: string }>(
    `SELECT * FROM patches WHERE project_id = ${p7} AND hash IS NOT NULL AND series_id IS NOT NULL ORDER BY id LIMIT 1 OFFSET 1000`,
  );
  const cover = one<{ id: number }>(`SELECT id FROM covers WHERE project_id = ${p7} ORDER BY id LIMIT 1 OFFSET 100`);
  const recent = one<{ date: string }>('SELECT date FROM events ORDER BY date DESC LIMIT 1 OFFSET 200').date;
  const mid = one<{ date: string }>(`SELECT date FROM patches WHERE id = ${patch.id}`).date;
  db.close();
  const iso = (d: string) => encodeURIComponent(d.slice(0, 19));
  const msgid = encodeURIComponent(patch.msgid.slice(1, -1));
  const A = '/api/1.4';
  const orders = ['id', '-id', 'name', '-name', 'date', '-date', 'state', '-state', 'project', 'archived', 'submitter', 'check', '-check'];
  return [
    // The table.
    ['patches ?project=p7', `${A}/patches/?project=p7`],
    ['patches ?project=p7&per_page=250', `${A}/patches/?project=p7&per_page=250`],
    ['patches ?project=p7&page=1000', `${A}/patches/?project=p7&page=1000`],
    ['patches ?page=30000', `${A}/patches/?page=30000`],
    ['events ?project=p7', `${A}/events/?project=p7`],
    ['series ?project=p7', `${A}/series/?project=p7`],
    ['patches (no filter)', `${A}/patches/`],
    ['patch detail', `${A}/patches/${patch.id}/`],
    ['events ?since=(recent)', `${A}/events/?since=${iso(recent)}`],
    // Every other patch filter.
    ['patches ?series=', `${A}/patches/?series=${patch.series_id}`],
    ['patches ?submitter=', `${A}/patches/?submitter=${patch.submitter_id}`],
    ['patches ?delegate=nobody', `${A}/patches/?delegate=nobody`],
    ['patches ?state=new', `${A}/patches/?state=new`],
    ['patches ?state=under-review', `${A}/patches/?state=under-review`],
    ['patches ?archived=true', `${A}/patches/?archived=true`],
    ['patches ?archived=false', `${A}/patches/?archived=false`],
    ['patches ?hash=', `${A}/patches/?hash=${patch.hash}`],
    ['patches ?msgid=', `${A}/patches/?msgid=${msgid}`],
    ['patches ?since=', `${A}/patches/?since=${iso(mid)}`],
    ['patches ?before=', `${A}/patches/?before=${iso(mid)}`],
    ['patches ?q=fix', `${A}/patches/?q=fix`],
    ['patches ?q=zzqx (no match)', `${A}/patches/?q=zzqx`],
    ['patches ?q=v2 (short term)', `${A}/patches/?q=v2`],
    // A term the trigram index narrows (850 names hold it), forwards and backwards.
    ['patches ?project=p7&q=driver', `${A}/patches/?project=p7&q=driver`],
    ['patches ?project=p7&q=driver&order=-id', `${A}/patches/?project=p7&q=driver&order=-id`],
    ['patches git-pw default', `${A}/patches/?project=p7&state=new&state=under-review&archived=false&order=-date`],
    ...orders.map((o): [string, string] => [`patches ?order=${o}`, `${A}/patches/?order=${o}`]),
    ...orders.map((o): [string, string] => [`patches ?project=p7&order=${o}`, `${A}/patches/?project=p7&order=${o}`]),
    ['patch comments', `${A}/patches/${patch.id}/comments/`],
    ['patch checks', `${A}/patches/${patch.id}/checks/`],
    ['events (no filter)', `${A}/events/`],
    ['events ?category=patch-created', `${A}/events/?category=patch-created`],
    ['events ?project=p7&category=series-completed', `${A}/events/?project=p7&category=series-completed`],
    ['events ?series=', `${A}/events/?series=${patch.series_id}`],
    ['events ?patch=', `${A}/events/?patch=${patch.id}`],
    ['events ?cover=', `${A}/events/?cover=${cover.id}`],
    ['events ?actor=1', `${A}/events/?actor=1`],
    ['events ?before=', `${A}/events/?before=${iso(mid)}`],
    ['events 1.2 ?project=p7', `/api/1.2/events/?project=p7`],
    ['events ?project=p7&page=1000', `${A}/events/?project=p7&page=1000`],
    ['series (no filter)', `${A}/series/`],
    ['series ?submitter=', `${A}/series/?submitter=${patch.submitter_id}`],
    ['series ?q=fix', `${A}/series/?q=fix`],
    ['series ?project=p7&order=-date', `${A}/series/?project=p7&order=-date`],
    ['covers ?project=p7', `${A}/covers/?project=p7`],
    ['covers ?q=fix', `${A}/covers/?q=fix`],
    ['covers (no filter), page 100', `${A}/covers/?page=100`],
  ];
}

function startWriter(dbPath: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'scale-writer.ts'), dbPath], {
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: ROOT,
  });
}

const dbPath = await scaleDb();
// A database built by an older checkout is migrated to this checkout's
// schema here, timed, once. A "before" checkout (BENCH_PWLITE_ROOT) opens
// only a database at a schema it knows: give it one it built
// (PWLITE_BENCH_DIR).
let migration = '';
if (SERVER_ROOT === ROOT) {
  const db = openDb(dbPath, { migrate: false });
  const from = schemaVersion(db);
  const started = Date.now();
  const applied = migrate(db, loadMigrations());
  db.close();
  if (applied.length) {
    migration = `Migrating the database from schema ${from} (${applied.join(', ')}) took ${((Date.now() - started) / 1000).toFixed(0)} s. `;
    process.stderr.write(`  ${migration}\n`);
  }
}
const only = process.env.BENCH_ONLY?.split('|');
const cases = scenarios(dbPath).filter(([name]) => !only || only.some((o) => name === o));
const loadStart = loadavg()[0];
const server = await startServer(dbPath);
const writer = startWriter(dbPath);
const rows: { name: string; path: string; m: Measured }[] = [];
let hol = '';
try {
  for (const [name, path] of cases) {
    const m = await measure(server.url + path);
    rows.push({ name, path, m });
    process.stderr.write(`  ${name}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms\n`);
  }
  // Head-of-line: one client loops on the slowest request while seven others
  // ask for a project's first page.
  const slowest = [...rows].sort((a, b) => b.m.p50 - a.m.p50)[0];
  if (slowest) {
    const fast = `${server.url}/api/1.4/patches/?project=p7`;
    const alone = await measure(fast, CONNECTIONS - 1);
    const [others, slow] = await Promise.all([measure(fast, CONNECTIONS - 1), measure(server.url + slowest.path, 1)]);
    // A request of a few milliseconds is the harder case: what a worker
    // queues behind it in its first millisecond, before it is known to be
    // slow, waits until it is taken back (docs/PERFORMANCE.md).
    const mediumPath = '/api/1.4/patches/?project=p7&order=-name';
    const [othersByMedium, medium] = await Promise.all([
      measure(fast, CONNECTIONS - 1),
      measure(server.url + mediumPath, 1, DURATION, uncachedRequests(twoLetterTerm)),
    ]);
    hol =
      `Head-of-line: 7 connections on \`/api/1.4/patches/?project=p7\` alone: p50 ${alone.p50} ms, p99 ${alone.p99} ms, ${alone.rps.toFixed(0)} req/s; ` +
      `while an 8th loops on the slowest request (${slowest.name}, ${slow.requests} done, p50 ${slow.p50} ms): ` +
      `p50 ${others.p50} ms, p99 ${others.p99} ms, ${others.rps.toFixed(0)} req/s; ` +
      `while an 8th loops on \`${mediumPath}&q=\` with a new two-letter term each time (${medium.requests} done, p50 ${medium.p50} ms): ` +
      `p50 ${othersByMedium.p50} ms, p99 ${othersByMedium.p99} ms, ${othersByMedium.rps.toFixed(0)} req/s.`;
    process.stderr.write(`  ${hol}\n`);
  }
} finally {
  writer.kill('SIGTERM');
  server.child.kill();
}
const loadEnd = loadavg()[0];
const table = [
  '| request | req/s | p50 ms | p99 ms |',
  '|---|---:|---:|---:|',
  // A request slower than the run finishes none: autocannon then reports zeros.
  ...rows.map((r) =>
    r.m.requests === 0
      ? `| \`${r.name}\` | 0 (none finished) | > ${DURATION * 1000} | > ${DURATION * 1000} |`
      : `| \`${r.name}\` | ${r.m.rps.toFixed(1)} | ${r.m.p50} | ${r.m.p99} |`,
  ),
].join('\n');
console.log(table);
const db = new Database(dbPath, { readonly: true });
const counts = db
  .prepare('SELECT (SELECT count(*) FROM patches) AS p, (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM projects) AS j')
  .get() as { p: number; e: number; j: number };
db.close();
writeBenchSection(
  `scale-${LABEL}`,
  `### 1M patches, ${LABEL} (\`npm run bench:scale\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)\n\n` +
    `${counts.p.toLocaleString('en')} patches, ${counts.e.toLocaleString('en')} events, ${counts.j} projects; uncached (every request a distinct URL), ` +
    `${CONNECTIONS} connections, ${DURATION} s per request, a writer committing once a second; load average ${loadStart.toFixed(1)} at the start, ` +
    `${loadEnd.toFixed(1)} at the end (${cpus().length} cores; the benchmark's own server, load generator and writer count in it). ${migration}Server start-up to first answer: ${(server.startMs / 1000).toFixed(1)} s.\n\n` +
    `${table}\n\n${hol}`,
);
