// npm run bench:mirror — a full mirror of a pwlite loaded with corpus-10k
// (objects/s, requests per object), a sync with nothing new (requests), and
// the two ways of reading a public-inbox epoch: the system git's
// `cat-file --batch` and isomorphic-git (when installed: it is not a
// dependency; `npm install --no-save isomorphic-git` to include it).
// Prints a Markdown section for BENCHMARKS.md.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../src/db/connection.ts';
import { syncPatchwork } from '../src/mirror/sync.ts';
import { readMbox } from '../src/mail/mbox.ts';
import { readCommits } from '../src/mail/public-inbox.ts';

const root = mkdtempSync(join(tmpdir(), 'pwlite-bench-mirror-'));
const bin = fileURLToPath(new URL('../bin/pwlite.mjs', import.meta.url));
const generated = fileURLToPath(new URL('../../shared/corpus/generated/', import.meta.url));
const corpusName = ['corpus-10k.mbox.xz', 'corpus-1k.mbox.xz'].find((f) => existsSync(join(generated, f)));
if (!corpusName) {
  console.error('bench:mirror needs ../shared/corpus/generated/corpus-10k.mbox.xz (or corpus-1k)');
  process.exit(1);
}
const corpusLabel = corpusName.replace('.mbox.xz', '');
const corpus = join(generated, corpusName);
const pwlite = (db: string, ...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', bin, '--db', db, ...args]).toString();
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function rows(db: Db): number {
  const tables = [
    'projects',
    'users',
    'people',
    'patches',
    'covers',
    'series',
    'patch_comments',
    'cover_comments',
    'checks',
    'bundles',
    'events',
  ];
  return tables.reduce((n, t) => n + (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, 0);
}

async function startSource(db: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, '--db', db, 'serve', '--port', '0', '--quiet'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      const m = /on (http:\/\/[\d.]+:\d+)\/api\//.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error(`source server ended: ${err}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function mirrorBench(): Promise<string[]> {
  const src = join(root, 'source.sqlite3');
  for (const name of ['git', 'util-linux'])
    pwlite(src, 'project', 'add', name, '--name', name, '--list-id', `${name}.vger.kernel.org`, '--list-email', `${name}@vger.kernel.org`);
  pwlite(src, 'parsearchive', corpus, '--quiet');
  const source = await startSource(src);
  const loadBefore = load();
  const db = openDb(join(root, 'mirror.sqlite3'));
  try {
    const full = await syncPatchwork(db, source.url, { projects: ['git', 'util-linux'] });
    const objects = rows(db);
    const patches = (db.prepare('SELECT count(*) AS n FROM patches').get() as { n: number }).n;
    const idle = await syncPatchwork(db, source.url, { projects: [] });
    const loadAfter = load();
    return [
      `### Mirror of a pwlite loaded with ${corpusLabel} (source in its own process, default concurrency 2)`,
      '',
      `Load (1/5/15 min) before: ${loadBefore}; after: ${loadAfter} (2 cores, shared).`,
      '',
      '| run | objects | requests | requests/object | seconds | objects/s |',
      '|---|---:|---:|---:|---:|---:|',
      `| first sync (full copy, ${patches} patches) | ${objects} | ${full.requests} | ${(full.requests / objects).toFixed(3)} | ${full.seconds.toFixed(1)} | ${Math.round(objects / full.seconds)} |`,
      `| sync with nothing new | 0 | ${idle.requests} | - | ${idle.seconds.toFixed(2)} | - |`,
      '',
      'Objects are the copied rows: projects, users, people, patches, covers, series, comments, checks, bundles, events.',
    ];
  } finally {
    db.close();
    source.stop();
  }
}

/** One epoch repository holding the corpus, one commit per message (git fast-import). */
async function makeEpoch(): Promise<{ dir: string; commits: string[] }> {
  const dir = join(root, 'epoch.git');
  execFileSync('git', ['init', '--quiet', '--bare', dir]);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const { raw } of readMbox(corpus)) {
    n++;
    chunks.push(
      Buffer.from(
        `commit refs/heads/master\ncommitter pi <pi@example.org> ${1_600_000_000 + n} +0000\ndata 0\nM 100644 inline m\ndata ${raw.length}\n`,
      ),
      raw,
      Buffer.from('\n'),
    );
  }
  execFileSync('git', ['--git-dir', dir, 'fast-import', '--quiet'], { input: Buffer.concat(chunks), maxBuffer: 1 << 30 });
  execFileSync('git', ['--git-dir', dir, 'symbolic-ref', 'HEAD', 'refs/heads/master']);
  const commits = execFileSync('git', ['--git-dir', dir, 'rev-list', '--reverse', 'HEAD'], { maxBuffer: 1 << 28 })
    .toString()
    .split('\n')
    .filter(Boolean);
  return { dir, commits };
}

async function readersBench(): Promise<string[]> {
  const { dir, commits } = await makeEpoch();
  const lines = [
    `### Reading a public-inbox epoch (${commits.length} commits, one message each)`,
    '',
    `Load before: ${load()}.`,
    '',
    '| reader | seconds | messages/s | bytes read |',
    '|---|---:|---:|---:|',
  ];
  let t = performance.now();
  let bytes = 0;
  for await (const { raw } of readCommits(dir, commits)) bytes += raw?.length ?? 0;
  let s = (performance.now() - t) / 1000;
  lines.push(`| system git, one \`cat-file --batch\` | ${s.toFixed(2)} | ${Math.round(commits.length / s)} | ${bytes} |`);
  // Not a dependency: named through a variable so the typecheck does not need it.
  const isoName = 'isomorphic-git';
  let iso: { readBlob(o: object): Promise<{ blob: Uint8Array }>; version(): string } | null = null;
  try {
    iso = await import(isoName);
  } catch {
    lines.push('| isomorphic-git | not installed | | |');
  }
  if (iso) {
    const fs = await import('node:fs');
    const cache = {};
    t = performance.now();
    bytes = 0;
    for (const oid of commits) {
      const { blob } = await iso.readBlob({ fs, gitdir: dir, oid, filepath: 'm', cache });
      bytes += blob.length;
    }
    s = (performance.now() - t) / 1000;
    lines.push(
      `| isomorphic-git ${iso.version()}, readBlob per commit (shared cache) | ${s.toFixed(2)} | ${Math.round(commits.length / s)} | ${bytes} |`,
    );
  }
  lines.push('', `Load after: ${load()}.`);
  return lines;
}

try {
  const out = [...(await mirrorBench()), '', ...(await readersBench())];
  console.log(out.join('\n'));
} finally {
  rmSync(root, { recursive: true, force: true });
}
