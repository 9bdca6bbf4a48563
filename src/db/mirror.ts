// Mirrors (docs/mirrors.md): their bookkeeping, and the writes that copy a
// remote's rows under the remote's ids. Every upsert keeps the row's id, so
// a re-run or a resumed pass overwrites instead of duplicating.
import type { Db } from './connection.ts';
import type { PatchRow } from './patches.ts';
import type { SeriesRow } from './series.ts';
import type { CheckRow } from './checks.ts';
import type { CoverRow } from './covers.ts';
import type { CommentRow } from './comments.ts';
import type { EventRow } from './events.ts';
import { placeholders, stmt } from './statements.ts';
import { nowStored } from '../util/time.ts';

export type MirrorKind = 'patchwork' | 'public-inbox';

export interface MirrorRow {
  id: number;
  kind: MirrorKind;
  source: string;
  projects: string;
  api_version: string | null;
  created: string;
  last_sync: string | null;
  last_full: string | null;
  event_cursor: string | null;
  full_progress: string | null;
}

export function listMirrors(db: Db): MirrorRow[] {
  return stmt<[], MirrorRow>(db, 'SELECT * FROM mirrors ORDER BY id').all();
}

export function mirrorBySource(db: Db, source: string): MirrorRow | undefined {
  return stmt<[string], MirrorRow>(db, 'SELECT * FROM mirrors WHERE source = ?').get(source);
}

export function insertMirror(db: Db, kind: MirrorKind, source: string, projects: readonly string[]): MirrorRow {
  stmt(db, 'INSERT INTO mirrors (kind, source, projects, created) VALUES (?, ?, ?, ?)').run(kind, source, JSON.stringify(projects), nowStored());
  return mirrorBySource(db, source)!;
}

export function setMirrorProjects(db: Db, id: number, projects: readonly string[]): void {
  stmt(db, 'UPDATE mirrors SET projects = ? WHERE id = ?').run(JSON.stringify(projects), id);
}

export interface MirrorProgress {
  api_version?: string | null;
  last_sync?: string | null;
  last_full?: string | null;
  event_cursor?: string | null;
  full_progress?: string | null;
}

export function updateMirror(db: Db, id: number, changes: MirrorProgress): void {
  const keys = Object.keys(changes) as (keyof MirrorProgress)[];
  if (keys.length === 0) return;
  // Column names come from the MirrorProgress keys above, never from input.
  db.prepare(`UPDATE mirrors SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => changes[k] ?? null), id);
}

/** The remote mirrored into this database, if it is a Patchwork mirror
 * database (docs/mirrors.md "One remote per database"). */
export function patchworkMirror(db: Db): MirrorRow | undefined {
  return stmt<[], MirrorRow>(db, "SELECT * FROM mirrors WHERE kind = 'patchwork' ORDER BY id LIMIT 1").get();
}

/** The remote a project is a read-only copy of, or undefined for a local project. */
export function mirrorOfProject(db: Db, projectId: number): string | undefined {
  return stmt<[number], { source: string }>(
    db,
    'SELECT m.source FROM mirror_projects mp JOIN mirrors m ON m.id = mp.mirror_id WHERE mp.project_id = ?',
  ).get(projectId)?.source;
}

/** Whether anything is stored that a Patchwork mirror's ids could collide with. */
export function hasLocalData(db: Db): boolean {
  return !!stmt<[], { one: number }>(
    db,
    `SELECT 1 AS one WHERE EXISTS (SELECT 1 FROM projects WHERE id NOT IN (SELECT project_id FROM mirror_projects))
        OR (NOT EXISTS (SELECT 1 FROM mirrors WHERE kind = 'patchwork')
            AND (EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM people)))`,
  ).get();
}

// ---- copied rows ---------------------------------------------------------

export interface ProjectCopy {
  id: number;
  linkname: string;
  name: string;
  listid: string;
  listemail: string;
  web_url: string;
  scm_url: string;
  webscm_url: string;
  subject_match: string | undefined;
  list_archive_url: string | undefined;
  list_archive_url_format: string | undefined;
  commit_url_format: string | undefined;
  show_dependencies: number | undefined;
}

/** Fields a remote version does not show keep their stored (or default) value. */
export function upsertProject(db: Db, p: ProjectCopy, mirrorId: number): void {
  stmt(
    db,
    `INSERT INTO projects (id, linkname, name, listid, listemail, web_url, scm_url, webscm_url, subject_match,
                           list_archive_url, list_archive_url_format, commit_url_format, show_dependencies)
     VALUES (@id, @linkname, @name, @listid, @listemail, @web_url, @scm_url, @webscm_url, coalesce(@subject_match, ''),
             coalesce(@list_archive_url, ''), coalesce(@list_archive_url_format, ''), coalesce(@commit_url_format, ''),
             coalesce(@show_dependencies, 0))
     ON CONFLICT (id) DO UPDATE SET linkname = excluded.linkname, name = excluded.name, listid = excluded.listid,
       listemail = excluded.listemail, web_url = excluded.web_url, scm_url = excluded.scm_url, webscm_url = excluded.webscm_url,
       subject_match = coalesce(@subject_match, subject_match),
       list_archive_url = coalesce(@list_archive_url, list_archive_url),
       list_archive_url_format = coalesce(@list_archive_url_format, list_archive_url_format),
       commit_url_format = coalesce(@commit_url_format, commit_url_format),
       show_dependencies = coalesce(@show_dependencies, show_dependencies)`,
  ).run(p);
  stmt(db, 'INSERT INTO mirror_projects (project_id, mirror_id) VALUES (?, ?) ON CONFLICT DO NOTHING').run(p.id, mirrorId);
}

export function setMaintainers(db: Db, projectId: number, userIds: readonly number[]): void {
  stmt(db, 'DELETE FROM project_maintainers WHERE project_id = ?').run(projectId);
  for (const u of userIds) stmt(db, 'INSERT INTO project_maintainers (project_id, user_id) VALUES (?, ?)').run(projectId, u);
}

export interface UserCopy {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
}

export function upsertUser(db: Db, u: UserCopy): void {
  stmt(
    db,
    `INSERT INTO users (id, username, first_name, last_name, email, password_hash, date_joined)
     VALUES (@id, @username, @first_name, @last_name, @email, NULL, @now)
     ON CONFLICT (id) DO UPDATE SET username = excluded.username, first_name = excluded.first_name,
       last_name = excluded.last_name, email = excluded.email
     WHERE username IS NOT excluded.username OR first_name IS NOT excluded.first_name
        OR last_name IS NOT excluded.last_name OR email IS NOT excluded.email`,
  ).run({ ...u, now: nowStored() });
}

export interface PersonCopy {
  id: number;
  name: string | null;
  email: string;
  /** undefined: not known (people/ needs a token); keep what is stored. */
  user_id?: number | null;
}

export function upsertPerson(db: Db, p: PersonCopy): void {
  stmt(
    db,
    `INSERT INTO people (id, name, email, user_id) VALUES (@id, @name, @email, @user_id)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email,
       user_id = CASE WHEN @known THEN excluded.user_id ELSE user_id END
     WHERE name IS NOT excluded.name OR email IS NOT excluded.email OR (@known AND user_id IS NOT excluded.user_id)`,
  ).run({ id: p.id, name: p.name, email: p.email, user_id: p.user_id ?? null, known: p.user_id === undefined ? 0 : 1 });
}

/** The id of the state with this slug, made when the remote has a state pwlite's defaults lack. */
export function stateIdBySlug(db: Db, slug: string): number {
  const found = stmt<[string], { id: number }>(db, 'SELECT id FROM states WHERE slug = ?').get(slug);
  if (found) return found.id;
  const name = slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  const ordering = stmt<[], { n: number }>(db, 'SELECT coalesce(max(ordering), -1) + 1 AS n FROM states').get()!.n;
  return Number(stmt(db, 'INSERT INTO states (name, slug, ordering, action_required) VALUES (?, ?, ?, 1)').run(name, slug, ordering).lastInsertRowid);
}

export type CoverCopy = CoverRow & { headers: string; content: string | null };

export function upsertCover(db: Db, c: CoverCopy): void {
  stmt(
    db,
    `INSERT INTO covers (id, project_id, msgid, name, date, submitter_id) VALUES (@id, @project_id, @msgid, @name, @date, @submitter_id)
     ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, msgid = excluded.msgid, name = excluded.name,
       date = excluded.date, submitter_id = excluded.submitter_id`,
  ).run(c);
  stmt(db, 'INSERT OR REPLACE INTO cover_bodies (cover_id, headers, content) VALUES (?, ?, ?)').run(c.id, c.headers, c.content);
}

export type SeriesCopy = SeriesRow;

export function upsertSeries(db: Db, s: SeriesCopy): void {
  // A cover belongs to one series: a cover that moved is released first.
  if (s.cover_id !== null) stmt(db, 'UPDATE series SET cover_id = NULL WHERE cover_id = ? AND id <> ?').run(s.cover_id, s.id);
  stmt(
    db,
    `INSERT INTO series (id, project_id, cover_id, name, date, submitter_id, version, total)
     VALUES (@id, @project_id, @cover_id, @name, @date, @submitter_id, @version, @total)
     ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, cover_id = excluded.cover_id, name = excluded.name,
       date = excluded.date, submitter_id = excluded.submitter_id, version = excluded.version, total = excluded.total`,
  ).run(s);
}

export function seriesExists(db: Db, id: number): boolean {
  return !!stmt<[number], { id: number }>(db, 'SELECT id FROM series WHERE id = ?').get(id);
}

/** Dependencies in the order given; ids not (yet) copied are left out. */
export function setSeriesDependencies(db: Db, seriesId: number, dependsOn: readonly number[]): void {
  stmt(db, 'DELETE FROM series_dependencies WHERE series_id = ?').run(seriesId);
  dependsOn.forEach((d, i) => {
    if (seriesExists(db, d)) stmt(db, 'INSERT OR IGNORE INTO series_dependencies (series_id, depends_on_id, position) VALUES (?, ?, ?)').run(seriesId, d, i);
  });
}

export type PatchCopy = Omit<PatchRow, 'related_id' | 'rev'>;

/** What a patch list item can change on a stored patch (docs/mirrors.md). */
export interface PatchState {
  id: number;
  state_id: number;
  delegate_id: number | null;
  archived: number;
  commit_ref: string | null;
  pull_url: string | null;
  series_id: number | null;
}

export function patchStates(db: Db, ids: readonly number[]): Map<number, PatchState> {
  const rows = db
    .prepare(`SELECT id, state_id, delegate_id, archived, commit_ref, pull_url, series_id FROM patches WHERE id IN (${placeholders(ids.length)})`)
    .all(...ids) as PatchState[];
  return new Map(rows.map((r) => [r.id, r]));
}

export function upsertPatch(db: Db, p: PatchCopy): void {
  // (series, number) is unique; a remote with two patches of one number
  // keeps the number on the first only (it is not shown by the API).
  const clash =
    p.series_id !== null &&
    p.number !== null &&
    stmt<[number, number, number], { id: number }>(db, 'SELECT id FROM patches WHERE series_id = ? AND number = ? AND id <> ?').get(p.series_id, p.number, p.id);
  stmt(
    db,
    `INSERT INTO patches (id, project_id, msgid, name, date, submitter_id, delegate_id, state_id, archived, hash, commit_ref,
                          pull_url, series_id, number)
     VALUES (@id, @project_id, @msgid, @name, @date, @submitter_id, @delegate_id, @state_id, @archived, @hash, @commit_ref,
             @pull_url, @series_id, @number)
     ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, msgid = excluded.msgid, name = excluded.name,
       date = excluded.date, submitter_id = excluded.submitter_id, delegate_id = excluded.delegate_id,
       state_id = excluded.state_id, archived = excluded.archived, hash = excluded.hash, commit_ref = excluded.commit_ref,
       pull_url = excluded.pull_url, series_id = excluded.series_id, number = excluded.number`,
  ).run({ ...p, number: clash ? null : p.number });
}

export function updatePatchState(db: Db, s: PatchState): void {
  stmt(
    db,
    `UPDATE patches SET state_id = @state_id, delegate_id = @delegate_id, archived = @archived, commit_ref = @commit_ref,
       pull_url = @pull_url, series_id = @series_id WHERE id = @id`,
  ).run(s);
}

export function setPatchBody(db: Db, id: number, headers: string, content: string | null, diff: string | null): void {
  stmt(db, 'INSERT OR REPLACE INTO patch_bodies (patch_id, headers, content, diff) VALUES (?, ?, ?, ?)').run(id, headers, content, diff);
}

export function existingIdsOf(db: Db, table: 'patches' | 'covers' | 'series' | 'checks' | 'patch_comments' | 'cover_comments' | 'bundles', ids: readonly number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = db.prepare(`SELECT id FROM ${table} WHERE id IN (${placeholders(ids.length)})`).all(...ids) as { id: number }[];
  return new Set(rows.map((r) => r.id));
}

/** Puts a patch and the others the remote shows as related into one relation;
 * an empty list takes the patch out of its relation. Members not copied yet
 * join when they are (their own `related` names this patch). */
export function setRelated(db: Db, patchId: number, related: readonly number[]): void {
  const present = [...existingIdsOf(db, 'patches', related)];
  if (present.length === 0 && related.length === 0) {
    stmt(db, 'UPDATE patches SET related_id = NULL WHERE id = ?').run(patchId);
    return;
  }
  const members = [patchId, ...present];
  const rel = db
    .prepare(`SELECT related_id FROM patches WHERE id IN (${placeholders(members.length)}) AND related_id IS NOT NULL ORDER BY id LIMIT 1`)
    .get(...members) as { related_id: number } | undefined;
  const relationId = rel?.related_id ?? Number(stmt(db, 'INSERT INTO patch_relations DEFAULT VALUES').run().lastInsertRowid);
  // Members the remote no longer lists leave; the listed ones join.
  db.prepare(`UPDATE patches SET related_id = NULL WHERE related_id = ? AND id NOT IN (${placeholders(members.length)})`).run(relationId, ...members);
  db.prepare(`UPDATE patches SET related_id = ? WHERE id IN (${placeholders(members.length)})`).run(relationId, ...members);
}

export type CommentCopy = Omit<CommentRow, 'addressed'> & {
  /** undefined: the remote version does not show it (< 1.3); keep the stored value. */
  addressed: number | null | undefined;
};

/** 'added', 'changed' (only `addressed` changes on a remote) or null. */
export function upsertComment(db: Db, kind: 'patch' | 'cover', c: CommentCopy): 'added' | 'changed' | null {
  const table = kind === 'patch' ? 'patch_comments' : 'cover_comments';
  const parent = kind === 'patch' ? 'patch_id' : 'cover_id';
  const before = stmt<[number], { addressed: number | null }>(db, `SELECT addressed FROM ${table} WHERE id = ?`).get(c.id);
  stmt(
    db,
    `INSERT INTO ${table} (id, ${parent}, msgid, date, submitter_id, headers, content, addressed)
     VALUES (@id, @parent_id, @msgid, @date, @submitter_id, @headers, @content, @addressed)
     ON CONFLICT (id) DO UPDATE SET ${parent} = excluded.${parent}, msgid = excluded.msgid, date = excluded.date,
       submitter_id = excluded.submitter_id, headers = excluded.headers, content = excluded.content,
       addressed = CASE WHEN @known THEN excluded.addressed ELSE addressed END`,
  ).run({ ...c, addressed: c.addressed ?? null, known: c.addressed === undefined ? 0 : 1 });
  if (!before) return 'added';
  return c.addressed !== undefined && before.addressed !== c.addressed ? 'changed' : null;
}

/** Comments of a parent that the remote no longer lists go. */
export function pruneComments(db: Db, kind: 'patch' | 'cover', parentId: number, keep: readonly number[]): void {
  const table = kind === 'patch' ? 'patch_comments' : 'cover_comments';
  const parent = kind === 'patch' ? 'patch_id' : 'cover_id';
  db.prepare(`DELETE FROM ${table} WHERE ${parent} = ? AND id NOT IN (${placeholders(keep.length)})`).run(parentId, ...keep);
}

export type CheckCopy = CheckRow;

/** True when the check is new. */
export function upsertCheck(db: Db, c: CheckCopy): boolean {
  const known = existingIdsOf(db, 'checks', [c.id]).size > 0;
  stmt(
    db,
    `INSERT INTO checks (id, patch_id, user_id, date, state, target_url, description, context)
     VALUES (@id, @patch_id, @user_id, @date, @state, @target_url, @description, @context)
     ON CONFLICT (id) DO UPDATE SET patch_id = excluded.patch_id, user_id = excluded.user_id, date = excluded.date,
       state = excluded.state, target_url = excluded.target_url, description = excluded.description, context = excluded.context`,
  ).run(c);
  return !known;
}

export interface BundleCopy {
  id: number;
  owner_id: number;
  project_id: number;
  name: string;
  public: number;
  patches: readonly number[];
}

export function upsertBundle(db: Db, b: BundleCopy): void {
  stmt(
    db,
    `INSERT INTO bundles (id, owner_id, project_id, name, public) VALUES (@id, @owner_id, @project_id, @name, @public)
     ON CONFLICT (id) DO UPDATE SET owner_id = excluded.owner_id, project_id = excluded.project_id, name = excluded.name,
       public = excluded.public`,
  ).run({ id: b.id, owner_id: b.owner_id, project_id: b.project_id, name: b.name, public: b.public });
  stmt(db, 'DELETE FROM bundle_patches WHERE bundle_id = ?').run(b.id);
  const present = existingIdsOf(db, 'patches', b.patches);
  b.patches.forEach((p, i) => {
    if (present.has(p)) stmt(db, 'INSERT OR IGNORE INTO bundle_patches (bundle_id, patch_id, position) VALUES (?, ?, ?)').run(b.id, p, i);
  });
}

/** Bundle ids of the mirrored projects, with their patch ids in bundle order. */
export function bundleMembers(db: Db, id: number): number[] {
  return (stmt<[number], { patch_id: number }>(db, 'SELECT patch_id FROM bundle_patches WHERE bundle_id = ? ORDER BY position').all(id)).map((r) => r.patch_id);
}

export type EventCopy = Omit<EventRow, 'category'> & { category: string };

// An upsert, not INSERT OR REPLACE: REPLACE deletes without running the
// delete triggers, so the event counters (sql/0002) would count the row twice.
export function upsertEvent(db: Db, e: EventCopy): void {
  stmt(
    db,
    `INSERT INTO events (id, project_id, category, date, actor_id, patch_id, series_id, cover_id, previous_state_id,
       current_state_id, previous_delegate_id, current_delegate_id, created_check_id, patch_comment_id, cover_comment_id)
     VALUES (@id, @project_id, @category, @date, @actor_id, @patch_id, @series_id, @cover_id, @previous_state_id,
       @current_state_id, @previous_delegate_id, @current_delegate_id, @created_check_id, @patch_comment_id, @cover_comment_id)
     ON CONFLICT (id) DO UPDATE SET project_id = excluded.project_id, category = excluded.category, date = excluded.date,
       actor_id = excluded.actor_id, patch_id = excluded.patch_id, series_id = excluded.series_id, cover_id = excluded.cover_id,
       previous_state_id = excluded.previous_state_id, current_state_id = excluded.current_state_id,
       previous_delegate_id = excluded.previous_delegate_id, current_delegate_id = excluded.current_delegate_id,
       created_check_id = excluded.created_check_id, patch_comment_id = excluded.patch_comment_id,
       cover_comment_id = excluded.cover_comment_id`,
  ).run(e);
}

export function eventExists(db: Db, id: number): boolean {
  return !!stmt<[number], { id: number }>(db, 'SELECT id FROM events WHERE id = ?').get(id);
}

/** Rows of a mirrored project the remote no longer has (a complete full pass saw all others). */
export function deleteMissing(db: Db, table: 'patches' | 'covers' | 'series' | 'bundles', projectId: number, seen: ReadonlySet<number>): number {
  const rows = stmt<[number], { id: number }>(db, `SELECT id FROM ${table} WHERE project_id = ?`).all(projectId);
  let n = 0;
  for (const { id } of rows) {
    if (!seen.has(id)) n += stmt(db, `DELETE FROM ${table} WHERE id = ?`).run(id).changes;
  }
  return n;
}

export interface MirrorStatusRow {
  source: string;
  kind: MirrorKind;
  projects: string;
  api_version: string | null;
  last_sync: string | null;
  last_full: string | null;
  event_cursor: string | null;
  full_progress: string | null;
  patches: number;
}

export function mirrorStatus(db: Db): MirrorStatusRow[] {
  return stmt<[], MirrorStatusRow>(
    db,
    `SELECT m.source, m.kind, m.projects, m.api_version, m.last_sync, m.last_full, m.event_cursor, m.full_progress,
       (SELECT count(*) FROM patches p JOIN mirror_projects mp ON mp.project_id = p.project_id WHERE mp.mirror_id = m.id) AS patches
     FROM mirrors m ORDER BY m.id`,
  ).all();
}

// ---- public-inbox epochs -------------------------------------------------

export function epochCommit(db: Db, path: string): string | undefined {
  return stmt<[string], { last_commit: string }>(db, 'SELECT last_commit FROM inbox_epochs WHERE path = ?').get(path)?.last_commit;
}

export function setEpochCommit(db: Db, path: string, commit: string, messages: number): void {
  stmt(
    db,
    `INSERT INTO inbox_epochs (path, last_commit, messages, updated) VALUES (?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET last_commit = excluded.last_commit, messages = inbox_epochs.messages + excluded.messages,
       updated = excluded.updated`,
  ).run(path, commit, messages, nowStored());
}
