// `npm run bench:web`: how long the web UI's patch list takes to answer at
// 100k patches (docs/web.md). The database is generated with SQL (no mail
// parsing): one project, 100k patches over 2000 submitters, a tenth of them
// archived, states spread over all ten, series of five, tags and checks on
// some, so each column and filter has real work. The server runs in its own
// process; every page is asked for BENCH_ROUNDS times (default 100) one after
// another, uncached; the median and 90th percentile of the wall time and the
// server's CPU time per request are reported.
// Environment: BENCH_PATCHES (default 100000), BENCH_NO_WRITE=1 (print only).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../src/db/connection.ts';
import { hashPassword } from '../src/auth/password.ts';
import { startPwlite, writeBenchSection } from './lib.ts';

const PATCHES = Number(process.env.BENCH_PATCHES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const CACHE = join(tmpdir(), 'pwlite-bench');

function buildDb(): string {
  const path = join(CACHE, `web-${PATCHES}.sqlite3`);
  if (existsSync(path)) return path;
  mkdirSync(CACHE, { recursive: true });
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  const db = openDb(partial);
  db.exec(`
    INSERT INTO projects (linkname, name, listid, listemail) VALUES ('big', 'Big', 'big.example.org', 'big@example.org');
    INSERT INTO users (username, email, date_joined) VALUES ('maint', 'maint@example.org', '2026-01-01T00:00:00.000000');
    INSERT INTO project_maintainers (project_id, user_id) VALUES (1, 1);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO people (email, name) SELECT 'dev' || i || '@example.org', 'Developer ' || i FROM n;
  `);
  db.transaction(() => {
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO series (project_id, name, date, submitter_id, version, total)
       SELECT 1, 'series ' || i, strftime('%Y-%m-%dT%H:%M:%S.000000', '2020-01-01', '+' || (i * 5) || ' minutes'), 1 + i % 2000, 1 + i % 3, 5 FROM n`,
    ).run(PATCHES / 5);
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO patches (project_id, msgid, name, date, submitter_id, delegate_id, state_id, archived, series_id, number)
       SELECT 1, '<p' || i || '@example.org>', '[PATCH ' || (1 + i % 5) || '/5] subsystem ' || (i % 97) || ': change number ' || i,
              strftime('%Y-%m-%dT%H:%M:%S.000000', '2020-01-01', '+' || i || ' minutes'), 1 + (i / 5) % 2000,
              CASE WHEN i % 7 = 0 THEN 1 END, CASE WHEN i % 3 = 0 THEN 1 ELSE 1 + i % 10 END, i % 10 = 0, 1 + (i - 1) / 5, 1 + (i - 1) % 5
       FROM n`,
    ).run(PATCHES);
    db.exec(`
      INSERT INTO patch_bodies (patch_id, headers, content, diff) SELECT id, 'Subject: x', 'message', '+x' FROM patches;
      INSERT INTO patch_tags (patch_id, tag_id, count) SELECT id, 1 + id % 3, 1 + id % 2 FROM patches WHERE id % 3 = 0;
      INSERT INTO checks (patch_id, user_id, date, state, context) SELECT id, 1, date, id % 4, 'build' FROM patches WHERE id % 5 = 0;
    `);
  })();
  db.prepare("UPDATE users SET password_hash = ? WHERE username = 'maint'").run(hashPassword('maint'));
  db.pragma('optimize=0x10002');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, path);
  return path;
}

const PAGES: [string, string][] = [
  ['default list (action required, newest first)', '/project/big/list/'],
  ['page 50 of the default list', '/project/big/list/?page=50'],
  ['every state and archived, oldest first', '/project/big/list/?state=*&archive=both&order=date'],
  ['one state (accepted)', '/project/big/list/?state=accepted'],
  ['one submitter', '/project/big/list/?submitter=dev42@example.org&state=*'],
  ['delegated to a user', '/project/big/list/?delegate=maint'],
  ['search in names', '/project/big/list/?q=subsystem+42%3A'],
  ['sorted by submitter', '/project/big/list/?order=submitter'],
  ['sorted by state, descending', '/project/big/list/?order=-state'],
  ['a series', '/project/big/list/?series=777'],
  ['a patch page', '/project/big/patch/p5000@example.org/'],
];

/** CPU time the server process has used, in ms (Linux /proc; clock ticks of 10 ms). */
function serverCpu(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

async function time(
  url: string,
  pid: number,
  cookie?: string,
): Promise<{ median: number; p90: number; bytes: number; cpu: number | null }> {
  const ms: number[] = [];
  let cpuStart: number | null = null;
  let bytes = 0;
  for (let i = 0; i < ROUNDS + 3; i++) {
    const t = process.hrtime.bigint();
    const res = await fetch(url, { headers: cookie ? { cookie } : {} });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    if (i >= 3) ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (i === 2) cpuStart = serverCpu(pid);
    bytes = text.length;
  }
  ms.sort((a, b) => a - b);
  const cpuEnd = serverCpu(pid);
  const cpu = cpuStart === null || cpuEnd === null ? null : (cpuEnd - cpuStart) / ROUNDS;
  return { median: ms[Math.floor(ms.length / 2)], p90: ms[Math.floor(ms.length * 0.9)], bytes, cpu };
}

async function login(base: string): Promise<string> {
  const page = await fetch(`${base}/user/login/`);
  const csrfCookie = page.headers.getSetCookie()[0].split(';')[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${base}/user/login/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, username: 'maint', password: 'maint' }),
  });
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('pwlite_session='))!
    .split(';')[0];
}

const path = buildDb();
const { url, child } = await startPwlite(path);
try {
  const cookie = await login(url);
  const load = loadavg()[0].toFixed(1);
  const lines = [
    `## Web UI (\`npm run bench:web\`)`,
    '',
    `${PATCHES} patches in one project, 100 per page, ${ROUNDS} sequential requests each, server in its own process,`,
    `logged in as a maintainer (bulk forms rendered). Load average at start: ${load} (on a busy machine the`,
    `wall times wait for the CPU; the server's CPU time per request says what a page costs).`,
    '',
    '| page | median ms | p90 ms | server CPU ms | KiB |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const [name, page] of PAGES) {
    const r = await time(url + page, child.pid!, cookie);
    lines.push(
      `| ${name} | ${r.median.toFixed(1)} | ${r.p90.toFixed(1)} | ${r.cpu === null ? '-' : r.cpu.toFixed(1)} | ${(r.bytes / 1024).toFixed(0)} |`,
    );
    console.log(lines[lines.length - 1]);
  }
  writeBenchSection('web', lines.join('\n'));
} finally {
  child.kill();
}
