import type { Db } from './connection.ts';
import { stmt } from './statements.ts';
import { IN_JSON, listSource, rowsByIds } from './listing.ts';
import type { UserRow } from './users.ts';

export interface ProjectRow {
  id: number;
  linkname: string;
  name: string;
  listid: string;
  listemail: string;
  subject_match: string;
  web_url: string;
  scm_url: string;
  webscm_url: string;
  list_archive_url: string;
  list_archive_url_format: string;
  commit_url_format: string;
  send_notifications: number;
  use_tags: number;
  show_dependencies: number;
}

/** What project lists order and search by (docs/api.md §4.1). */
export const PROJECT_LIST = listSource<ProjectRow>()({
  table: 'projects',
  columns: {
    id: 'id',
    name: 'name',
    linkname: 'linkname',
    listid: 'listid',
    listemail: 'listemail',
    web_url: 'web_url',
    scm_url: 'scm_url',
    webscm_url: 'webscm_url',
    list_archive_url: 'list_archive_url',
    list_archive_url_format: 'list_archive_url_format',
    commit_url_format: 'commit_url_format',
  },
});

/** Columns an administrator may set after creation. */
export const PROJECT_EDITABLE = [
  'name',
  'listid',
  'listemail',
  'subject_match',
  'web_url',
  'scm_url',
  'webscm_url',
  'list_archive_url',
  'list_archive_url_format',
  'commit_url_format',
  'send_notifications',
  'use_tags',
  'show_dependencies',
] as const;
export type ProjectChanges = Partial<Pick<ProjectRow, (typeof PROJECT_EDITABLE)[number]>>;

export function listProjects(db: Db): ProjectRow[] {
  return stmt<[], ProjectRow>(db, 'SELECT * FROM projects ORDER BY linkname').all();
}

export function projectByLinkname(db: Db, linkname: string): ProjectRow | undefined {
  return stmt<[string], ProjectRow>(db, 'SELECT * FROM projects WHERE linkname = ?').get(linkname);
}

export function projectById(db: Db, id: number): ProjectRow | undefined {
  return stmt<[number], ProjectRow>(db, 'SELECT * FROM projects WHERE id = ?').get(id);
}

export function insertProject(db: Db, p: Pick<ProjectRow, 'linkname' | 'name' | 'listid' | 'listemail'> & ProjectChanges): number {
  const columns = Object.keys(p).filter((k) => (p as Record<string, unknown>)[k] !== undefined);
  const sql = `INSERT INTO projects (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`;
  return Number(db.prepare(sql).run(p).lastInsertRowid);
}

export function updateProject(db: Db, id: number, changes: ProjectChanges): void {
  const columns = PROJECT_EDITABLE.filter((c) => changes[c] !== undefined);
  if (columns.length === 0) return;
  // Column names come from the fixed PROJECT_EDITABLE list, values are bound.
  const sql = `UPDATE projects SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`;
  db.prepare(sql).run({ ...changes, id });
}

export function addMaintainer(db: Db, projectId: number, userId: number): boolean {
  const info = stmt(db, 'INSERT OR IGNORE INTO project_maintainers (project_id, user_id) VALUES (?, ?)').run(projectId, userId);
  return info.changes > 0;
}

export function removeMaintainer(db: Db, projectId: number, userId: number): boolean {
  const info = stmt(db, 'DELETE FROM project_maintainers WHERE project_id = ? AND user_id = ?').run(projectId, userId);
  return info.changes > 0;
}

export function isMaintainer(db: Db, projectId: number, userId: number): boolean {
  return !!stmt(db, 'SELECT 1 FROM project_maintainers WHERE project_id = ? AND user_id = ?').get(projectId, userId);
}

export function maintainerIds(db: Db, projectId: number): number[] {
  return stmt<[number], { user_id: number }>(db, 'SELECT user_id FROM project_maintainers WHERE project_id = ? ORDER BY id')
    .all(projectId)
    .map((r) => r.user_id);
}

export function projectsByIds(db: Db, ids: readonly number[]): ProjectRow[] {
  return rowsByIds<ProjectRow>(db, `SELECT * FROM projects WHERE id ${IN_JSON}`, ids);
}

/** Maintainers of the given projects, in the order they were added. */
export function maintainersOf(db: Db, projectIds: readonly number[]): (UserRow & { project_id: number })[] {
  return rowsByIds(
    db,
    `SELECT users.*, project_maintainers.project_id FROM project_maintainers
     JOIN users ON users.id = project_maintainers.user_id
     WHERE project_maintainers.project_id ${IN_JSON} ORDER BY project_maintainers.id`,
    projectIds,
  );
}

/** Project id for a linkname, compared case-insensitively (filter value form). */
export function projectIdByLinknameNocase(db: Db, linkname: string): number | undefined {
  return stmt<[string], { id: number }>(db, 'SELECT id FROM projects WHERE linkname = ? COLLATE NOCASE').get(linkname)?.id;
}

/** Which of the given projects the user maintains, in one query. */
export function projectsMaintainedAmong(db: Db, userId: number, projectIds: readonly number[]): Set<number> {
  const rows = stmt<[number, string], { project_id: number }>(
    db,
    `SELECT project_id FROM project_maintainers WHERE user_id = ? AND project_id ${IN_JSON}`,
  ).all(userId, JSON.stringify(projectIds));
  return new Set(rows.map((r) => r.project_id));
}

/** Projects fed by a mailing list, in linkname order (docs/ingest.md §4.7). */
/** In linkname order. Run for every ingested mail: sorted here, since an
 * ORDER BY would make SQLite plan the statement again on every run
 * (docs/PERFORMANCE.md, ingestion). Linknames are ASCII, so code-unit order
 * is SQLite's byte order. */
export function projectsByListid(db: Db, listid: string): ProjectRow[] {
  const rows = stmt<[string], ProjectRow>(db, 'SELECT * FROM projects WHERE listid = ?').all(listid);
  return rows.length < 2 ? rows : rows.sort((a, b) => (a.linkname < b.linkname ? -1 : a.linkname > b.linkname ? 1 : 0));
}
