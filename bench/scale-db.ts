// The 1M-patch database of `npm run bench:scale`: corpus-100k imported once
// per project, 25 projects (p1 … p25), through the real ingestion path, so
// series, comments and events are what a mailing list would have produced.
// Built once and kept in $PWLITE_BENCH_DIR (default ~/.cache/pwlite-bench),
// outside the checkout; running this file builds it.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDb, type Db } from '../src/db/connection.ts';
import { insertProject } from '../src/db/projects.ts';
import { importMessages } from '../src/ingest/archive.ts';
import { readMbox } from '../src/mail/mbox.ts';
import { CORPUS } from './lib.ts';

export const CORPUS_100K = join(CORPUS, 'generated', 'corpus-100k.mbox.zst');
export const BENCH_DIR = process.env.PWLITE_BENCH_DIR || join(homedir(), '.cache', 'pwlite-bench');
export const SCALE_PROJECTS = Number(process.env.BENCH_SCALE_PROJECTS ?? 25);

const patchCount = (db: Db) => (db.prepare('SELECT count(*) AS n FROM patches').get() as { n: number }).n;

/** Path of the cached database, built first when missing. */
export async function scaleDb(projects = SCALE_PROJECTS): Promise<string> {
  const path = join(BENCH_DIR, `scale-${projects}p.sqlite3`);
  if (existsSync(path)) return path;
  if (!existsSync(CORPUS_100K)) throw new Error(`${CORPUS_100K} is missing: bench:scale builds its database from it`);
  mkdirSync(BENCH_DIR, { recursive: true, mode: 0o700 });
  const partial = `${path}.partial`;
  // A partial build resumes at the first project not yet imported.
  const db = openDb(partial);
  db.pragma('cache_size = -262144');
  const started = Date.now();
  for (let p = 1; p <= projects; p++) {
    const linkname = `p${p}`;
    const done = db.prepare('SELECT 1 FROM projects WHERE linkname = ?').get(linkname);
    const listId = `${linkname}.bench.example.org`;
    if (done && p < projects && db.prepare('SELECT 1 FROM projects WHERE linkname = ?').get(`p${p + 1}`)) continue;
    if (done) {
      // The last project started may be incomplete: start it again.
      db.prepare('DELETE FROM projects WHERE linkname = ?').run(linkname);
    }
    insertProject(db, { linkname, name: `Project ${p}`, listid: listId, listemail: `${linkname}@bench.example.org` });
    await importMessages(db, readMbox(CORPUS_100K), { listId });
    process.stderr.write(`  ${partial}: ${linkname}, ${patchCount(db)} patches, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, path);
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  return path;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await scaleDb());
