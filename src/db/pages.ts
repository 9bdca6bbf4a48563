// Read queries behind the web pages (src/web/page-routes.ts): one patch or
// cover with what its page shows, its comments, and short patch lists.
import type { Db } from './connection.ts';
import { IN_JSON, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

export interface SubmissionPageRow {
  id: number;
  msgid: string;
  name: string;
  date: string;
  linkname: string;
  project_name: string;
  submitter_name: string | null;
  submitter_email: string;
  headers: string;
  content: string | null;
  /** Patches only: */
  diff: string | null;
  state: string | null;
  archived: number | null;
  delegate: string | null;
  commit_ref: string | null;
  series_id: number | null;
  series_name: string | null;
}

export function patchPageRow(db: Db, id: number): SubmissionPageRow | undefined {
  return stmt<[number], SubmissionPageRow>(
    db,
    `SELECT patches.id, patches.msgid, patches.name, patches.date, projects.linkname, projects.name AS project_name,
            people.name AS submitter_name, people.email AS submitter_email,
            patch_bodies.headers, patch_bodies.content, patch_bodies.diff,
            states.name AS state, patches.archived, users.username AS delegate, patches.commit_ref,
            series.id AS series_id, series.name AS series_name
     FROM patches
     JOIN projects ON projects.id = patches.project_id
     JOIN people ON people.id = patches.submitter_id
     JOIN patch_bodies ON patch_bodies.patch_id = patches.id
     JOIN states ON states.id = patches.state_id
     LEFT JOIN users ON users.id = patches.delegate_id
     LEFT JOIN series ON series.id = patches.series_id
     WHERE patches.id = ?`,
  ).get(id);
}

export function coverPageRow(db: Db, id: number): SubmissionPageRow | undefined {
  return stmt<[number], SubmissionPageRow>(
    db,
    `SELECT covers.id, covers.msgid, covers.name, covers.date, projects.linkname, projects.name AS project_name,
            people.name AS submitter_name, people.email AS submitter_email,
            cover_bodies.headers, cover_bodies.content, NULL AS diff,
            NULL AS state, NULL AS archived, NULL AS delegate, NULL AS commit_ref,
            series.id AS series_id, series.name AS series_name
     FROM covers
     JOIN projects ON projects.id = covers.project_id
     JOIN people ON people.id = covers.submitter_id
     JOIN cover_bodies ON cover_bodies.cover_id = covers.id
     LEFT JOIN series ON series.cover_id = covers.id
     WHERE covers.id = ?`,
  ).get(id);
}

export interface CommentPageRow {
  id: number;
  date: string;
  submitter_name: string | null;
  submitter_email: string;
  content: string | null;
}

export function patchCommentsForPage(db: Db, patchId: number): CommentPageRow[] {
  return stmt<[number], CommentPageRow>(
    db,
    `SELECT patch_comments.id, patch_comments.date, people.name AS submitter_name, people.email AS submitter_email,
            patch_comments.content
     FROM patch_comments JOIN people ON people.id = patch_comments.submitter_id
     WHERE patch_comments.patch_id = ? ORDER BY patch_comments.date, patch_comments.id`,
  ).all(patchId);
}

export function coverCommentsForPage(db: Db, coverId: number): CommentPageRow[] {
  return stmt<[number], CommentPageRow>(
    db,
    `SELECT cover_comments.id, cover_comments.date, people.name AS submitter_name, people.email AS submitter_email,
            cover_comments.content
     FROM cover_comments JOIN people ON people.id = cover_comments.submitter_id
     WHERE cover_comments.cover_id = ? ORDER BY cover_comments.date, cover_comments.id`,
  ).all(coverId);
}

/** Which submission a comment belongs to; patch comments are looked up first (API.md §8.3). */
export function commentParent(db: Db, commentId: number): { kind: 'patch' | 'cover'; id: number } | undefined {
  const patch = stmt<[number], { patch_id: number }>(db, 'SELECT patch_id FROM patch_comments WHERE id = ?').get(commentId);
  if (patch) return { kind: 'patch', id: patch.patch_id };
  const cover = stmt<[number], { cover_id: number }>(db, 'SELECT cover_id FROM cover_comments WHERE id = ?').get(commentId);
  return cover && { kind: 'cover', id: cover.cover_id };
}

export interface PatchListRow {
  id: number;
  msgid: string;
  name: string;
  date: string;
  state: string;
  submitter_name: string | null;
  submitter_email: string;
}

const LIST_COLUMNS = `patches.id, patches.msgid, patches.name, patches.date, states.name AS state,
  people.name AS submitter_name, people.email AS submitter_email
  FROM patches JOIN states ON states.id = patches.state_id JOIN people ON people.id = patches.submitter_id`;

/** A series' patches by number. */
export function seriesPatchList(db: Db, projectId: number, seriesId: number): PatchListRow[] {
  return stmt<[number, number], PatchListRow>(
    db,
    `SELECT ${LIST_COLUMNS} WHERE patches.project_id = ? AND patches.series_id = ? ORDER BY patches.number, patches.id`,
  ).all(projectId, seriesId);
}

/** The newest patches of a project that are not archived. */
export function recentPatchList(db: Db, projectId: number, limit: number): PatchListRow[] {
  return stmt<[number, number], PatchListRow>(
    db,
    `SELECT ${LIST_COLUMNS} WHERE patches.project_id = ? AND patches.archived = 0 ORDER BY patches.date DESC, patches.id DESC LIMIT ?`,
  ).all(projectId, limit);
}

/** Patches by id, in the order given. */
export function patchListByIds(db: Db, ids: readonly number[]): PatchListRow[] {
  const rows = new Map(rowsByIds<PatchListRow>(db, `SELECT ${LIST_COLUMNS} WHERE patches.id ${IN_JSON}`, ids).map((r) => [r.id, r]));
  return ids.flatMap((id) => rows.get(id) ?? []);
}
