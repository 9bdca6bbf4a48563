import type { Db } from './connection.ts';
import { IN_JSON, rowsByIds } from './listing.ts';
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
}

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

/** Members of the given relations, by patch date (API.md §4.4 `related`). */
export function patchesInRelations(db: Db, relationIds: readonly number[]): PatchRow[] {
  return rowsByIds<PatchRow>(db, `SELECT * FROM patches WHERE related_id ${IN_JSON} ORDER BY date, id`, relationIds);
}

/** Patches of the given series, by patch date (API.md §4.9 `patches`). */
export function patchesInSeries(db: Db, seriesIds: readonly number[]): PatchRow[] {
  return rowsByIds<PatchRow>(db, `SELECT * FROM patches WHERE series_id ${IN_JSON} ORDER BY date, id`, seriesIds);
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
