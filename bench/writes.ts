// `npm run bench:writes`: requests/s and latency of API writes under
// autocannon (8 connections) against the real server in its own process.
// Every request is a full write: token lookup, permission, validation, one
// IMMEDIATE transaction with its event, and the detail representation back.
// The database is synthetic (BENCH_PATCHES patches, default 10000, in one
// project with a maintainer), so no test data is needed.
//
// Environment: BENCH_DURATION (seconds per run, default 10), BENCH_PATCHES.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDb } from '../src/db/connection.ts';
import { addMaintainer, insertProject } from '../src/db/projects.ts';
import { insertUser, setTokenHash } from '../src/db/users.ts';
import { generateToken, hashToken } from '../src/auth/token.ts';
import { startPwlite } from './lib.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const PATCHES = Number(process.env.BENCH_PATCHES ?? 10000);
const CONNECTIONS = 8;
const STATES = ['new', 'under-review', 'accepted', 'rejected', 'changes-requested'];

function buildDb(): { path: string; token: string } {
  const path = join(mkdtempSync(join(tmpdir(), 'pwlite-bench-writes-')), 'bench.sqlite3');
  const db = openDb(path);
  const token = generateToken();
  db.transaction(() => {
    const project = insertProject(db, { linkname: 'bench', name: 'Bench', listid: 'bench.example.org', listemail: 'bench@example.org' });
    const user = insertUser(db, { username: 'maint', email: 'maint@example.org' });
    setTokenHash(db, user, hashToken(token));
    addMaintainer(db, project, user);
    const person = Number(db.prepare("INSERT INTO people (email, name) VALUES ('dev@example.org', 'Dev')").run().lastInsertRowid);
    const patch = db.prepare(`INSERT INTO patches (project_id, msgid, name, date, submitter_id, state_id) VALUES (?, ?, ?, ?, ?, 1)`);
    const body = db.prepare('INSERT INTO patch_bodies (patch_id, headers, content, diff) VALUES (?, ?, ?, ?)');
    const diff = '--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-old\n+new\n';
    for (let i = 1; i <= PATCHES; i++) {
      const date = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString().slice(0, 19) + '.000000';
      const id = Number(patch.run(project, `<bench-${i}@example.org>`, `[PATCH] change ${i}`, date, person).lastInsertRowid);
      body.run(
        id,
        `Subject: [PATCH] change ${i}\nMessage-Id: <bench-${i}@example.org>`,
        `change ${i}\n\nSigned-off-by: Dev <dev@example.org>\n`,
        diff,
      );
    }
  })();
  db.close();
  return { path, token };
}

const pick = (n: number) => 1 + Math.floor(Math.random() * n);

interface Scenario {
  name: string;
  method: 'PATCH' | 'POST';
  expect: number;
  request(): { path: string; body: string; headers?: Record<string, string> };
}

const SCENARIOS: Scenario[] = [
  {
    name: 'PATCH patch state (JSON, pwclient)',
    method: 'PATCH',
    expect: 200,
    request: () => ({ path: `/api/1.2/patches/${pick(PATCHES)}/`, body: JSON.stringify({ state: STATES[pick(STATES.length) - 1] }) }),
  },
  {
    name: 'PATCH patch state+archived (form, git-pw/b4)',
    method: 'PATCH',
    expect: 200,
    request: () => ({
      path: `/api/1.2/patches/${pick(PATCHES)}/`,
      body: `state=${STATES[pick(STATES.length) - 1]}&archived=${Math.random() < 0.5 ? 'True' : 'False'}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  },
  {
    name: 'POST check (JSON, CI)',
    method: 'POST',
    expect: 201,
    request: () => ({
      path: `/api/1.2/patches/${pick(PATCHES)}/checks/`,
      body: JSON.stringify({ state: 'success', context: `ci-${pick(4)}`, target_url: 'https://ci.example.org/run/1', description: '' }),
    }),
  },
];

async function run(url: string, token: string, s: Scenario) {
  let wrong = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    method: s.method,
    headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const r = s.request();
          return { ...req, method: s.method, path: r.path, body: r.body, headers: { ...req.headers, ...r.headers } };
        },
        onResponse: (status) => {
          if (status !== s.expect) wrong++;
        },
      },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, wrong, total: result.requests.total };
}

const { path, token } = buildDb();
const { url, child } = await startPwlite(path);
try {
  console.log(`API writes, ${PATCHES} patches, ${CONNECTIONS} connections, ${DURATION} s per run`);
  console.log('| scenario | req/s | p50 ms | p99 ms |');
  console.log('|---|---|---|---|');
  for (const s of SCENARIOS) {
    const r = await run(url, token, s);
    if (r.wrong > 0) throw new Error(`${s.name}: ${r.wrong} of ${r.total} answers were not ${s.expect}`);
    console.log(`| ${s.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} |`);
  }
  const db = openDb(path, { migrate: false });
  const events = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  console.log(`events recorded: ${events}`);
  db.close();
} finally {
  child.kill();
}
