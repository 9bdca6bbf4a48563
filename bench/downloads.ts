// `npm run bench:downloads`: the mbox endpoints against `pwlite serve` in its
// own process, on a synthetic database (no corpus needed): one project, a
// series of 2,000 patches with ~16 KB diffs and two review replies each, and
// a bundle of the same patches. Measures single-patch mbox requests/s under
// autocannon (8 connections), and for the ~35 MB series, ?series=* and bundle
// downloads the time to the first byte, the total time, the throughput and
// the server's peak RSS (VmHWM), which shows the download is streamed.
// Results are printed (BENCH_NO_WRITE=1) or also written to BENCHMARKS.md.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDb } from '../src/db/connection.ts';
import { hashToken } from '../src/auth/token.ts';
import { patchMboxPath } from '../src/http/urls.ts';
import { startPwlite, writeBenchSection } from './lib.ts';

const PATCHES = 2000;
const TOKEN = 'c'.repeat(40);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);

function buildDb(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pwlite-bench-dl-')), 'downloads.sqlite3');
  const db = openDb(path);
  const run = (sql: string, ...p: unknown[]) => Number(db.prepare(sql).run(...p).lastInsertRowid);
  db.transaction(() => {
    const project = run(
      "INSERT INTO projects (linkname, name, listid, listemail) VALUES ('bench', 'Bench', 'bench.example.org', 'bench@example.org')",
    );
    const user = run(
      "INSERT INTO users (username, email, date_joined) VALUES ('owner', 'owner@example.org', '2026-01-01T00:00:00.000000')",
    );
    run("INSERT INTO api_tokens (user_id, key_hash, created) VALUES (?, ?, '2026-01-01T00:00:00.000000')", user, hashToken(TOKEN));
    const author = run("INSERT INTO people (email, name) VALUES ('author@example.org', 'Aut Hor')");
    const series = run(
      "INSERT INTO series (project_id, name, date, submitter_id, total) VALUES (?, 'big series', '2026-11-01T00:00:00.000000', ?, ?)",
      project,
      author,
      PATCHES,
    );
    const bundle = run("INSERT INTO bundles (owner_id, project_id, name, public) VALUES (?, ?, 'all', 0)", user, project);
    const hunk = Array.from({ length: 400 }, (_, i) => `+static int value_${i} = ${i}; /* some code */`).join('\n');
    for (let n = 1; n <= PATCHES; n++) {
      const msgid = `<bench-${n}@example.org>`;
      const id = run(
        `INSERT INTO patches (project_id, msgid, name, date, submitter_id, state_id, series_id, number)
         VALUES (?, ?, ?, '2026-11-01T00:00:00.000000', ?, 1, ?, ?)`,
        project,
        msgid,
        `[PATCH ${n}/${PATCHES}] bench: change ${n}`,
        author,
        series,
        n,
      );
      const headers = `Message-Id: ${msgid}\nSubject: [PATCH ${n}/${PATCHES}] bench: change ${n}\nFrom: Aut Hor <author@example.org>\nDate: Sun, 01 Nov 2026 00:00:00 +0000`;
      run(
        'INSERT INTO patch_bodies (patch_id, headers, content, diff) VALUES (?, ?, ?, ?)',
        id,
        headers,
        `Change ${n}.\n\nSigned-off-by: Aut Hor <author@example.org>\n---\n notes\n`,
        `diff --git a/f${n}.c b/f${n}.c\n--- a/f${n}.c\n+++ b/f${n}.c\n@@ -0,0 +1,400 @@\n${hunk}\n`,
      );
      for (const k of [1, 2]) {
        run(
          "INSERT INTO patch_comments (patch_id, msgid, date, submitter_id, headers, content) VALUES (?, ?, '2026-11-02T00:00:00.000000', ?, '', ?)",
          id,
          `<r${k}-${n}@example.org>`,
          author,
          `> quoted\nReviewed-by: Reviewer ${k} <r${k}@example.org>\n`,
        );
      }
      run('INSERT INTO bundle_patches (bundle_id, patch_id, position) VALUES (?, ?, ?)', bundle, id, PATCHES - n);
    }
  })();
  db.close();
  return path;
}

const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

interface Download {
  firstByteMs: number;
  totalMs: number;
  mb: number;
}

async function download(url: string, headers: Record<string, string> = {}): Promise<Download> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  const reader = res.body!.getReader();
  let firstByteMs = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes === 0) firstByteMs = performance.now() - started;
    bytes += value.byteLength;
  }
  return { firstByteMs, totalMs: performance.now() - started, mb: bytes / 1e6 };
}

const dbPath = buildDb();
const { url, child } = await startPwlite(dbPath);
try {
  const rows: string[] = [];
  await autocannon({ url: url + patchMboxPath('bench', '<bench-1000@example.org>'), connections: 8, duration: 1 });
  const single = await autocannon({ url: url + patchMboxPath('bench', '<bench-1000@example.org>'), connections: 8, duration: DURATION });
  if (single.non2xx || single.errors) throw new Error('single patch mbox: errors');
  const rssBefore = peakRssMb(child.pid!);
  const big: [string, string, Record<string, string>][] = [
    [`series mbox, ${PATCHES} patches`, '/series/1/mbox/', {}],
    [`patch mbox ?series=*, patch ${PATCHES}`, patchMboxPath('bench', `<bench-${PATCHES}@example.org>`) + '?series=*', {}],
    [`private bundle mbox, ${PATCHES} patches (token)`, '/bundle/owner/all/mbox/', { Authorization: `Token ${TOKEN}` }],
  ];
  const lines = [
    `| single patch mbox (8 connections, ${DURATION} s) | ${Math.round(single.requests.average)} req/s | p50 ${single.latency.p50} ms, p99 ${single.latency.p99} ms |`,
  ];
  for (const [name, path, headers] of big) {
    await download(url + path, headers);
    const d = await download(url + path, headers);
    lines.push(
      `| ${name} | ${d.mb.toFixed(1)} MB in ${d.totalMs.toFixed(0)} ms (${(d.mb / (d.totalMs / 1000)).toFixed(0)} MB/s) | first byte ${d.firstByteMs.toFixed(1)} ms |`,
    );
  }
  const rssAfter = peakRssMb(child.pid!);
  lines.push(`| server peak RSS (VmHWM) | ${rssBefore.toFixed(0)} MB before the large downloads, ${rssAfter.toFixed(0)} MB after | |`);
  rows.push('| scenario | result | latency |', '|---|---|---|', ...lines);
  const section = [
    '## Downloads (`npm run bench:downloads`)',
    '',
    `\`pwlite serve\` in its own process; a synthetic series of ${PATCHES} patches (~16 KB diff and two review`,
    'replies each). Large downloads are generated in batches of 100 patches and streamed with backpressure, so',
    "the first byte leaves before the rest is built and the server's memory does not grow with the download.",
    '',
    ...rows,
  ].join('\n');
  console.log(section);
  writeBenchSection('downloads', section);
} finally {
  child.kill();
}
