import type { Db } from './connection.ts';
import { byDate, IN_JSON, listSource, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

/** The narrow patch row; bulky text is in PatchBodyRow. */
export interface PatchRow {
  id: number;
  project_id: number;
  msgid: string;
  name: string;
  date: string;
  submitter_id: number;
  delegate_id: number | null;
  state_id: number;
  archived: number;
  hash: string | null;
  commit_ref: string | null;
  pull_url: string | null;
  series_id: number | null;
  number: number | null;
  related_id: number | null;
  /** Moves whenever the row changes (sql/0010). */
  rev: number;
}

/** What patch lists filter, order and search by (docs/api.md §4.4). */
export const PATCH_LIST = listSource<PatchRow>()({
  table: 'patches',
  columns: {
    id: 'id',
    name: 'name',
    project_id: 'project_id',
    series_id: 'series_id',
    submitter_id: 'submitter_id',
    delegate_id: 'delegate_id',
    state_id: 'state_id',
    archived: 'archived',
    hash: 'hash',
    msgid: 'msgid',
    date: 'date',
    // Provided by the joins of orderFrom.
    project_linkname: 'project_order',
    state_ordering: 'state_order',
    // The newest check's id, kept on the patch by triggers (sql/0002).
    newest_check: 'last_check_id',
  },
  // Projects (states) walked in linkname (ordering) order, each one's patches
  // by index: no sort of the whole table.
  orderFrom: {
    project_linkname: {
      from: '(SELECT linkname AS project_order, id AS project_key FROM projects) CROSS JOIN patches ON patches.project_id = project_key',
      value: '(SELECT linkname FROM projects WHERE projects.id = patches.project_id)',
    },
    state_ordering: {
      from: '(SELECT ordering AS state_order, id AS state_key FROM states) CROSS JOIN patches ON patches.state_id = state_key',
      value: '(SELECT ordering FROM states WHERE states.id = patches.state_id)',
    },
  },
  keptCounts: true,
  counter: { table: 'patch_counts', columns: ['project_id', 'state_id', 'archived'], blocks: true },
  trigram: { table: 'patches_fts', column: 'name' },
  revision: 'rev',
});

export interface PatchBodyRow {
  patch_id: number;
  headers: string;
  content: string | null;
  diff: string | null;
}

export function patchById(db: Db, id: number): PatchRow | undefined {
  return stmt<[number], PatchRow>(db, 'SELECT * FROM patches WHERE id = ?').get(id);
}

export function patchBody(db: Db, id: number): PatchBodyRow | undefined {
  return stmt<[number], PatchBodyRow>(db, 'SELECT * FROM patch_bodies WHERE patch_id = ?').get(id);
}

export function patchesByIds(db: Db, ids: readonly number[]): PatchRow[] {
  return rowsByIds<PatchRow>(db, `SELECT * FROM patches WHERE id ${IN_JSON}`, ids);
}

// INDEXED BY: almost every patch has no relation, so planner statistics call
// the related_id index unselective and prefer a full scan; for a list of
// relation ids the index is always right.
/** Members of the given relations, by patch date (docs/api.md §4.4 `related`). */
export function patchesInRelations(db: Db, relationIds: readonly number[]): PatchRow[] {
  return byDate(rowsByIds<PatchRow>(db, `SELECT * FROM patches INDEXED BY patches_related WHERE related_id ${IN_JSON}`, relationIds));
}

/** Patches of the given series, by patch date (docs/api.md §4.9 `patches`).
 * Patches sent within one second tie on date; upstream orders by date
 * alone, and its database returns ties in the order of the unique
 * (series, number) index it reads them through, so ties go by number
 * (docs/compatibility.md). */
export function patchesInSeries(db: Db, seriesIds: readonly number[]): PatchRow[] {
  const rows = rowsByIds<PatchRow>(db, `SELECT * FROM patches INDEXED BY patches_series WHERE series_id ${IN_JSON}`, seriesIds);
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.number ?? 0) - (b.number ?? 0) || a.id - b.id));
}

/** Columns the REST API may change on a patch. */
export type PatchChanges = Partial<Pick<PatchRow, 'state_id' | 'delegate_id' | 'archived' | 'commit_ref' | 'pull_url'>>;
const PATCH_WRITABLE = ['state_id', 'delegate_id', 'archived', 'commit_ref', 'pull_url'] as const;

export function updatePatch(db: Db, id: number, changes: PatchChanges): void {
  const columns = PATCH_WRITABLE.filter((c) => changes[c] !== undefined);
  if (columns.length === 0) return;
  // Column names come from the fixed PATCH_WRITABLE list, values are bound.
  stmt(db, `UPDATE patches SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...changes, id });
}

// --- ingestion (write side) ---

export type NewPatch = Omit<PatchRow, 'id' | 'archived' | 'commit_ref' | 'related_id' | 'rev'> &
  Pick<PatchBodyRow, 'headers' | 'content' | 'diff'>;

export function patchIdByMsgid(db: Db, projectId: number, msgid: string): number | undefined {
  return stmt<[string, number], { id: number }>(db, 'SELECT id FROM patches WHERE msgid = ? AND project_id = ?').get(msgid, projectId)?.id;
}

/** The first patch with this msgid in any project (Depends-on, docs/ingest.md §7.7). */
export function firstPatchByMsgid(db: Db, msgid: string): PatchRow | undefined {
  return stmt<[string], PatchRow>(db, 'SELECT * FROM patches WHERE msgid = ? ORDER BY id LIMIT 1').get(msgid);
}

export function insertPatch(db: Db, p: NewPatch): number {
  const id = Number(
    stmt(
      db,
      `INSERT INTO patches (project_id, msgid, name, date, submitter_id, delegate_id, state_id, hash, pull_url, series_id, number)
       VALUES (@project_id, @msgid, @name, @date, @submitter_id, @delegate_id, @state_id, @hash, @pull_url, @series_id, @number)`,
    ).run(p).lastInsertRowid,
  );
  stmt(db, 'INSERT INTO patch_bodies (patch_id, headers, content, diff) VALUES (?, ?, ?, ?)').run(id, p.headers, p.content, p.diff);
  return id;
}

export function setPatchHash(db: Db, patchId: number, hash: string | null): void {
  stmt(db, 'UPDATE patches SET hash = ? WHERE id = ?').run(hash, patchId);
}

/** Patch ids in id order, all of them or the given ones (rehash, retag). */
export function patchIdsForMaintenance(db: Db, ids: readonly number[] | null): number[] {
  const rows = ids
    ? rowsByIds<{ id: number }>(db, `SELECT id FROM patches WHERE id ${IN_JSON} ORDER BY id`, ids)
    : stmt<[], { id: number }>(db, 'SELECT id FROM patches ORDER BY id').all();
  return rows.map((r) => r.id);
}

export interface PatchTagCount {
  tag_id: number;
  count: number;
}

/** Adds to a patch's tag counts (a new comment only ever adds). */
export function addPatchTagCounts(db: Db, patchId: number, counts: readonly PatchTagCount[]): void {
  const add = stmt(
    db,
    `INSERT INTO patch_tags (patch_id, tag_id, count) VALUES (?, ?, ?)
     ON CONFLICT (patch_id, tag_id) DO UPDATE SET count = count + excluded.count`,
  );
  for (const c of counts) if (c.count > 0) add.run(patchId, c.tag_id, c.count);
}

/** Replaces a patch's tag counts; rows exist only for counts above zero. */
export function replacePatchTagCounts(db: Db, patchId: number, counts: readonly PatchTagCount[]): void {
  stmt(db, 'DELETE FROM patch_tags WHERE patch_id = ?').run(patchId);
  addPatchTagCounts(db, patchId, counts);
}

/** A project's patch ids in the default (date) order (dumparchive). */
export function projectPatchIdsByDate(db: Db, projectId: number): number[] {
  return stmt<[number], { id: number }>(db, 'SELECT id FROM patches WHERE project_id = ? ORDER BY date, id')
    .all(projectId)
    .map((r) => r.id);
}
