// Read queries behind the downloads (src/web/): everything one mbox message
// needs, for a batch of patches or one cover, joined in one statement, and
// the lookups from URL parts (project linkname + Message-ID, owner + bundle
// name) to ids. Batches travel as one JSON parameter (IN_JSON) so the
// statement text never varies and stays cached. Looked-up values are
// written `+?` (see placeholders() in statements.ts).
import type { Db } from './connection.ts';
import { IN_JSON, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

/** One patch or cover with its body, submitter, delegate and list address. */
export interface MboxRow {
  id: number;
  name: string;
  date: string;
  headers: string;
  content: string | null;
  diff: string | null;
  submitter_name: string | null;
  submitter_email: string;
  delegate_email: string | null;
  listemail: string;
}

export interface CommentContentRow {
  parent_id: number;
  content: string | null;
}

export function patchMboxRows(db: Db, ids: readonly number[]): MboxRow[] {
  return rowsByIds<MboxRow>(
    db,
    `SELECT patches.id, patches.name, patches.date, patch_bodies.headers, patch_bodies.content, patch_bodies.diff,
            people.name AS submitter_name, people.email AS submitter_email,
            users.email AS delegate_email, projects.listemail
     FROM patches
     JOIN patch_bodies ON patch_bodies.patch_id = patches.id
     JOIN people ON people.id = patches.submitter_id
     JOIN projects ON projects.id = patches.project_id
     LEFT JOIN users ON users.id = patches.delegate_id
     WHERE patches.id ${IN_JSON}`,
    ids,
  );
}

export function coverMboxRow(db: Db, id: number): MboxRow | undefined {
  return stmt<[number], MboxRow>(
    db,
    `SELECT covers.id, covers.name, covers.date, cover_bodies.headers, cover_bodies.content, NULL AS diff,
            people.name AS submitter_name, people.email AS submitter_email,
            NULL AS delegate_email, projects.listemail
     FROM covers
     JOIN cover_bodies ON cover_bodies.cover_id = covers.id
     JOIN people ON people.id = covers.submitter_id
     JOIN projects ON projects.id = covers.project_id
     WHERE covers.id = ?`,
  ).get(id);
}

/** Comment contents of the given patches, oldest first within each patch. */
export function patchCommentContents(db: Db, patchIds: readonly number[]): CommentContentRow[] {
  return rowsByIds<CommentContentRow>(
    db,
    `SELECT patch_id AS parent_id, content FROM patch_comments
     WHERE patch_id ${IN_JSON} ORDER BY patch_id, date, id`,
    patchIds,
  );
}

export function coverCommentContents(db: Db, coverId: number): CommentContentRow[] {
  return stmt<[number], CommentContentRow>(
    db,
    'SELECT cover_id AS parent_id, content FROM cover_comments WHERE cover_id = ? ORDER BY date, id',
  ).all(coverId);
}

/** A patch or cover found from a URL: enough to pick what to send. */
export interface SubmissionRef {
  id: number;
  name: string;
  series_id: number | null;
  number: number | null;
}

export function patchRefByMsgid(db: Db, linkname: string, msgid: string): SubmissionRef | undefined {
  return stmt<[string, string], SubmissionRef>(
    db,
    `SELECT patches.id, patches.name, patches.series_id, patches.number FROM patches
     JOIN projects ON projects.id = patches.project_id
     WHERE projects.linkname = +? AND patches.msgid = +?`,
  ).get(linkname, msgid);
}

export function coverRefByMsgid(db: Db, linkname: string, msgid: string): SubmissionRef | undefined {
  return stmt<[string, string], SubmissionRef>(
    db,
    `SELECT covers.id, covers.name, NULL AS series_id, NULL AS number FROM covers
     JOIN projects ON projects.id = covers.project_id
     WHERE projects.linkname = +? AND covers.msgid = +?`,
  ).get(linkname, msgid);
}

export interface SubmissionLocation {
  linkname: string;
  msgid: string;
}

export function patchLocation(db: Db, id: number): SubmissionLocation | undefined {
  return stmt<[number], SubmissionLocation>(
    db,
    'SELECT projects.linkname, patches.msgid FROM patches JOIN projects ON projects.id = patches.project_id WHERE patches.id = ?',
  ).get(id);
}

export function coverLocation(db: Db, id: number): SubmissionLocation | undefined {
  return stmt<[number], SubmissionLocation>(
    db,
    'SELECT projects.linkname, covers.msgid FROM covers JOIN projects ON projects.id = covers.project_id WHERE covers.id = ?',
  ).get(id);
}

export function patchDiff(db: Db, id: number): string | null {
  return stmt<[number], { diff: string | null }>(db, 'SELECT diff FROM patch_bodies WHERE patch_id = ?').get(id)?.diff ?? null;
}

/** Patch ids of a series in number order; with `below`, only lower numbers. */
export function seriesPatchIdsByNumber(db: Db, seriesId: number, below: number | null = null): number[] {
  return stmt<[number, number | null, number | null], { id: number }>(
    db,
    'SELECT id FROM patches WHERE series_id = +? AND (+? IS NULL OR number < +?) ORDER BY number, id',
  )
    .all(seriesId, below, below)
    .map((r) => r.id);
}

export interface BundleRef {
  id: number;
  name: string;
  public: number;
  owner_id: number;
  /** The bundle's project. */
  linkname: string;
}

export function bundleRefByOwnerName(db: Db, username: string, name: string): BundleRef | undefined {
  return stmt<[string, string], BundleRef>(
    db,
    `SELECT bundles.id, bundles.name, bundles.public, bundles.owner_id, projects.linkname FROM bundles
     JOIN users ON users.id = bundles.owner_id
     JOIN projects ON projects.id = bundles.project_id
     WHERE users.username = ? AND bundles.name = ?`,
  ).get(username, name);
}

export function bundlePatchIdsByPosition(db: Db, bundleId: number): number[] {
  return stmt<[number], { patch_id: number }>(
    db,
    'SELECT patch_id FROM bundle_patches WHERE bundle_id = ? ORDER BY position, patch_id',
  )
    .all(bundleId)
    .map((r) => r.patch_id);
}
