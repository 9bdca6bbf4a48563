// Read queries behind the web pages (src/web/page-routes.ts): one patch or
// cover with what its page shows, its comments, and short patch lists.
// Values the planner would compare are written `+?` (see placeholders()
// in statements.ts).
import type { Db } from './connection.ts';
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
     WHERE patches.id = +?`,
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
     WHERE covers.id = +?`,
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
     WHERE patch_comments.patch_id = +? ORDER BY patch_comments.date, patch_comments.id`,
  ).all(patchId);
}

export function coverCommentsForPage(db: Db, coverId: number): CommentPageRow[] {
  return stmt<[number], CommentPageRow>(
    db,
    `SELECT cover_comments.id, cover_comments.date, people.name AS submitter_name, people.email AS submitter_email,
            cover_comments.content
     FROM cover_comments JOIN people ON people.id = cover_comments.submitter_id
     WHERE cover_comments.cover_id = +? ORDER BY cover_comments.date, cover_comments.id`,
  ).all(coverId);
}

/** Which submission a comment belongs to; patch comments are looked up first (docs/api.md §8.3). */
export function commentParent(db: Db, commentId: number): { kind: 'patch' | 'cover'; id: number } | undefined {
  const patch = stmt<[number], { patch_id: number }>(db, 'SELECT patch_id FROM patch_comments WHERE id = ?').get(commentId);
  if (patch) return { kind: 'patch', id: patch.patch_id };
  const cover = stmt<[number], { cover_id: number }>(db, 'SELECT cover_id FROM cover_comments WHERE id = ?').get(commentId);
  return cover && { kind: 'cover', id: cover.cover_id };
}

export interface UserBundleRow {
  id: number;
  name: string;
  public: number;
  project_id: number;
  linkname: string;
  project_name: string;
  patches: number;
}

/** A user's bundles, optionally only those of one project, by name. */
export function userBundles(db: Db, userId: number, projectId: number | null = null): UserBundleRow[] {
  return stmt<[number, number | null, number | null], UserBundleRow>(
    db,
    `SELECT bundles.id, bundles.name, bundles.public, bundles.project_id, projects.linkname, projects.name AS project_name,
            (SELECT count(*) FROM bundle_patches WHERE bundle_patches.bundle_id = bundles.id) AS patches
     FROM bundles JOIN projects ON projects.id = bundles.project_id
     WHERE bundles.owner_id = +? AND (+? IS NULL OR bundles.project_id = +?) ORDER BY bundles.name`,
  ).all(userId, projectId, projectId);
}

export interface CheckPageRow {
  id: number;
  date: string;
  state: number;
  context: string;
  description: string | null;
  target_url: string | null;
  username: string;
}

/** A patch's checks, newest first, with who reported them. */
export function patchChecksForPage(db: Db, patchId: number): CheckPageRow[] {
  return stmt<[number], CheckPageRow>(
    db,
    `SELECT checks.id, checks.date, checks.state, checks.context, checks.description, checks.target_url, users.username
     FROM checks JOIN users ON users.id = checks.user_id
     WHERE checks.patch_id = +? ORDER BY checks.date DESC, checks.id DESC`,
  ).all(patchId);
}

export interface SubmissionLinkRow {
  id: number;
  msgid: string;
  name: string;
  linkname: string;
  state: string | null;
}

/** Other patches in the same relation (docs/api.md §4.5). */
export function relatedPatchesForPage(db: Db, patchId: number): SubmissionLinkRow[] {
  return stmt<[number, number], SubmissionLinkRow>(
    db,
    `SELECT other.id, other.msgid, other.name, projects.linkname, states.name AS state
     FROM patches AS self JOIN patches AS other ON other.related_id = self.related_id AND other.id <> self.id
     JOIN projects ON projects.id = other.project_id JOIN states ON states.id = other.state_id
     WHERE self.id = +? AND self.related_id IS NOT NULL ORDER BY other.date, other.id LIMIT +?`,
  ).all(patchId, 100);
}

/** A series' patches by number, for the series box on a patch page. */
export function seriesPatchesForPage(db: Db, seriesId: number): SubmissionLinkRow[] {
  return stmt<[number, number], SubmissionLinkRow>(
    db,
    `SELECT patches.id, patches.msgid, patches.name, projects.linkname, states.name AS state
     FROM patches JOIN projects ON projects.id = patches.project_id JOIN states ON states.id = patches.state_id
     WHERE patches.series_id = +? ORDER BY patches.number, patches.id LIMIT +?`,
  ).all(seriesId, 500);
}

export interface SeriesVersionRow {
  id: number;
  name: string | null;
  version: number;
  date: string;
}

/** The series with the same name from the same submitter in the project:
 * the other revisions of a patch set, oldest first. */
export function seriesVersions(db: Db, seriesId: number): SeriesVersionRow[] {
  return stmt<[number], SeriesVersionRow>(
    db,
    `SELECT other.id, other.name, other.version, other.date
     FROM series AS self JOIN series AS other
       ON other.project_id = self.project_id AND other.submitter_id = self.submitter_id AND other.name = self.name
     WHERE self.id = +? ORDER BY other.version, other.date, other.id LIMIT 50`,
  ).all(seriesId);
}

export interface SeriesPageRow {
  id: number;
  name: string | null;
  version: number;
  total: number;
  date: string;
  submitter_name: string | null;
  submitter_email: string;
  cover_msgid: string | null;
  cover_name: string | null;
}

export function seriesPageRow(db: Db, seriesId: number, projectId: number): SeriesPageRow | undefined {
  return stmt<[number, number], SeriesPageRow>(
    db,
    `SELECT series.id, series.name, series.version, series.total, series.date,
            people.name AS submitter_name, people.email AS submitter_email, covers.msgid AS cover_msgid, covers.name AS cover_name
     FROM series JOIN people ON people.id = series.submitter_id LEFT JOIN covers ON covers.id = series.cover_id
     WHERE series.id = +? AND series.project_id = +?`,
  ).get(seriesId, projectId);
}

export interface TodoCountRow {
  project_id: number;
  linkname: string;
  name: string;
  n: number;
}

/** How many patches that need action are delegated to the user, per project:
 * for each such state, a range of the (delegate, archived, state, project)
 * index (sql/0007), so the cost follows the user's patches, not the table. */
export function todoCounts(db: Db, userId: number): TodoCountRow[] {
  return stmt<[number], TodoCountRow>(
    db,
    `SELECT projects.id AS project_id, projects.linkname, projects.name, todo.n
     FROM (SELECT patches.project_id, count(*) AS n FROM states CROSS JOIN patches
             ON patches.delegate_id = +? AND patches.archived = 0 AND patches.state_id = states.id
           WHERE states.action_required = 1 GROUP BY patches.project_id) AS todo
     JOIN projects ON projects.id = todo.project_id ORDER BY projects.linkname`,
  ).all(userId);
}

export interface ProjectSummaryRow {
  id: number;
  linkname: string;
  name: string;
  listemail: string;
}

export function projectSummaries(db: Db): ProjectSummaryRow[] {
  return stmt<[], ProjectSummaryRow>(db, 'SELECT id, linkname, name, listemail FROM projects ORDER BY linkname').all();
}

export function hasToken(db: Db, userId: number): { created: string } | undefined {
  return stmt<[number], { created: string }>(db, 'SELECT created FROM api_tokens WHERE user_id = ?').get(userId);
}
