// The 1M-patch database of `npm run bench:scale`: corpus-100k in each of 25
// projects (p1 … p25). The first BENCH_SCALE_IMPORTED projects go through the
// real ingestion path (series, comments and events as a mailing list would
// have produced them); the others are copies of p1 made in SQL with fresh
// ids, the same mails delivered to another list, which is much faster (the
// triggers keep counters and search indexes as for any insert). The
// database is built at the schema of the checkout that builds it: its
// ingestion needs that schema (until 2026-12-07 the database was built at
// schema version 1, which the deferred search index of sql/0011 no longer
// allows). Built once and kept in $PWLITE_BENCH_DIR (default
// ~/.cache/pwlite-bench), outside the checkout; running this file builds it.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDb, type Db } from '../src/db/connection.ts';
import { loadMigrations, migrate } from '../src/db/migrate.ts';
import { insertProject } from '../src/db/projects.ts';
import { importMessages } from '../src/ingest/archive.ts';
import { readMbox } from '../src/mail/mbox.ts';
import { CORPUS } from './lib.ts';

export const CORPUS_100K = process.env.BENCH_SCALE_CORPUS ?? join(CORPUS, 'generated', 'corpus-100k.mbox.zst');
export const BENCH_DIR = process.env.PWLITE_BENCH_DIR || join(homedir(), '.cache', 'pwlite-bench');
export const SCALE_PROJECTS = Number(process.env.BENCH_SCALE_PROJECTS ?? 25);
const IMPORTED = Number(process.env.BENCH_SCALE_IMPORTED ?? 5);

const patchCount = (db: Db) => (db.prepare('SELECT count(*) AS n FROM patches').get() as { n: number }).n;

/** Path of the cached database, built first when missing. */
export async function scaleDb(projects = SCALE_PROJECTS): Promise<string> {
  const path = join(BENCH_DIR, `scale-${projects}p.sqlite3`);
  if (existsSync(path)) return path;
  if (!existsSync(CORPUS_100K)) throw new Error(`${CORPUS_100K} is missing: bench:scale builds its database from it`);
  mkdirSync(BENCH_DIR, { recursive: true, mode: 0o700 });
  const partial = `${path}.partial`;
  // A partial build resumes at the first project not yet imported.
  const db = openDb(partial, { migrate: false });
  migrate(db, loadMigrations());
  db.pragma('cache_size = -262144');
  const started = Date.now();
  // Projects finished so far: a build that was stopped resumes after them.
  db.exec('CREATE TABLE IF NOT EXISTS bench_built (linkname TEXT PRIMARY KEY)');
  for (let p = 1; p <= projects; p++) {
    const linkname = `p${p}`;
    if (db.prepare('SELECT 1 FROM bench_built WHERE linkname = ?').get(linkname)) continue;
    if (db.prepare('SELECT 1 FROM projects WHERE linkname = ?').get(linkname)) {
      throw new Error(`${partial}: project ${linkname} is half built; remove the file to start again`);
    }
    const listId = `${linkname}.bench.example.org`;
    const project = insertProject(db, { linkname, name: `Project ${p}`, listid: listId, listemail: `${linkname}@bench.example.org` });
    if (p <= IMPORTED) await importMessages(db, readMbox(CORPUS_100K), { listId });
    else copyFirstProject(db, project);
    db.prepare('INSERT INTO bench_built VALUES (?)').run(linkname);
    process.stderr.write(`  ${partial}: ${linkname}, ${patchCount(db)} patches, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  renameSync(partial, path);
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  return path;
}

/** Every row of project p1 again under another project, with new ids (p1
 * was imported first, so its rows hold the lowest ids of every table). */
function copyFirstProject(db: Db, project: number): void {
  const max = (table: string, where = '') =>
    (db.prepare(`SELECT coalesce(max(id), 0) AS m FROM ${table} ${where}`).get() as { m: number }).m;
  const first = db.prepare("SELECT id FROM projects WHERE linkname = 'p1'").get() as { id: number };
  const src = {
    covers: max('covers', `WHERE project_id = ${first.id}`),
    series: max('series', `WHERE project_id = ${first.id}`),
    patches: max('patches', `WHERE project_id = ${first.id}`),
  };
  const o = {
    proj: project,
    first: first.id,
    c: max('covers'),
    s: max('series'),
    p: max('patches'),
    pc: max('patch_comments'),
    cc: max('cover_comments'),
    e: max('events'),
    c1: src.covers,
    s1: src.series,
    p1: src.patches,
  };
  db.transaction(() => {
    const run = (sql: string) => db.prepare(sql).run(Object.fromEntries(Object.entries(o).filter(([k]) => sql.includes('@' + k))));
    run(`INSERT INTO covers (id, project_id, msgid, name, date, submitter_id)
         SELECT id + @c, @proj, msgid, name, date, submitter_id FROM covers WHERE project_id = @first`);
    run(
      `INSERT INTO cover_bodies (cover_id, headers, content) SELECT cover_id + @c, headers, content FROM cover_bodies WHERE cover_id <= @c1`,
    );
    run(`INSERT INTO series (id, project_id, cover_id, name, date, submitter_id, version, total)
         SELECT id + @s, @proj, cover_id + @c, name, date, submitter_id, version, total FROM series WHERE project_id = @first`);
    run(
      `INSERT INTO series_references (project_id, series_id, msgid) SELECT @proj, series_id + @s, msgid FROM series_references WHERE project_id = @first`,
    );
    run(`INSERT INTO series_dependencies (series_id, depends_on_id, position)
         SELECT series_id + @s, depends_on_id + @s, position FROM series_dependencies WHERE series_id <= @s1`);
    run(`INSERT INTO patches (id, project_id, msgid, name, date, submitter_id, delegate_id, state_id, archived, hash, commit_ref, pull_url, series_id, number)
         SELECT id + @p, @proj, msgid, name, date, submitter_id, delegate_id, state_id, archived, hash, commit_ref, pull_url, series_id + @s, number
         FROM patches WHERE project_id = @first`);
    run(
      `INSERT INTO patch_bodies (patch_id, headers, content, diff) SELECT patch_id + @p, headers, content, diff FROM patch_bodies WHERE patch_id <= @p1`,
    );
    run(`INSERT INTO patch_tags (patch_id, tag_id, count) SELECT patch_id + @p, tag_id, count FROM patch_tags WHERE patch_id <= @p1`);
    run(`INSERT INTO patch_comments (id, patch_id, msgid, date, submitter_id, headers, content, addressed)
         SELECT id + @pc, patch_id + @p, msgid, date, submitter_id, headers, content, addressed FROM patch_comments WHERE patch_id <= @p1`);
    run(`INSERT INTO cover_comments (id, cover_id, msgid, date, submitter_id, headers, content, addressed)
         SELECT id + @cc, cover_id + @c, msgid, date, submitter_id, headers, content, addressed FROM cover_comments WHERE cover_id <= @c1`);
    run(`INSERT INTO events (id, project_id, category, date, actor_id, patch_id, series_id, cover_id, previous_state_id, current_state_id,
                             previous_delegate_id, current_delegate_id, patch_comment_id, cover_comment_id)
         SELECT id + @e, @proj, category, date, actor_id, patch_id + @p, series_id + @s, cover_id + @c, previous_state_id, current_state_id,
                previous_delegate_id, current_delegate_id, patch_comment_id + @pc, cover_comment_id + @cc
         FROM events WHERE project_id = @first`);
  })();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await scaleDb());
