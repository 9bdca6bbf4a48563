import type { Db } from './connection.ts';
import { byDate, IN_JSON, listSource, rowsByIds, where, type Condition } from './listing.ts';
import { stmt } from './statements.ts';
import type { PatchRow } from './patches.ts';

export interface BundleRow {
  id: number;
  owner_id: number;
  project_id: number;
  name: string;
  public: number;
}

/** What bundle lists filter, order and search by (docs/api.md §4.10). */
export const BUNDLE_LIST = listSource<BundleRow>()({
  table: 'bundles',
  columns: { id: 'id', name: 'name', project_id: 'project_id', owner_id: 'owner_id', public: 'public' },
});

/** Public bundles, and the user's own. */
export function bundlesVisibleTo(userId: number | null): Condition {
  return userId === null ? where.eq(BUNDLE_LIST, 'public', 1) : { sql: '(public = 1 OR owner_id = ?)', params: [userId] };
}

export function bundleById(db: Db, id: number): BundleRow | undefined {
  return stmt<[number], BundleRow>(db, 'SELECT * FROM bundles WHERE id = ?').get(id);
}

/** Patches of the given bundles ordered by patch date (the API's order; the mbox uses position). */
export function bundlePatchesByDate(db: Db, bundleIds: readonly number[]): (PatchRow & { bundle_id: number })[] {
  return byDate(
    rowsByIds(
      db,
      `SELECT patches.*, bundle_patches.bundle_id FROM bundle_patches
       JOIN patches ON patches.id = bundle_patches.patch_id
       WHERE bundle_patches.bundle_id ${IN_JSON}`,
      bundleIds,
    ),
  );
}

export function bundleByOwnerAndName(db: Db, ownerId: number, name: string): BundleRow | undefined {
  return stmt<[number, string], BundleRow>(db, 'SELECT * FROM bundles WHERE owner_id = ? AND name = ?').get(ownerId, name);
}

export function insertBundle(db: Db, b: Omit<BundleRow, 'id'>): number {
  return Number(
    stmt(db, 'INSERT INTO bundles (owner_id, project_id, name, public) VALUES (@owner_id, @project_id, @name, @public)').run(b)
      .lastInsertRowid,
  );
}

export function updateBundle(db: Db, id: number, changes: Partial<Pick<BundleRow, 'project_id' | 'name' | 'public'>>): void {
  const columns = (['project_id', 'name', 'public'] as const).filter((c) => changes[c] !== undefined);
  if (columns.length === 0) return;
  // Column names come from the fixed list above, values are bound.
  stmt(db, `UPDATE bundles SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...changes, id });
}

/** Replaces the bundle's patches, keeping the given order (duplicates once). */
export function setBundlePatches(db: Db, bundleId: number, patchIds: readonly number[]): void {
  stmt(db, 'DELETE FROM bundle_patches WHERE bundle_id = ?').run(bundleId);
  stmt(
    db,
    `INSERT INTO bundle_patches (bundle_id, patch_id, position)
     SELECT ?, value, MIN(key) FROM json_each(?) GROUP BY value`,
  ).run(bundleId, JSON.stringify(patchIds));
}

export function deleteBundle(db: Db, id: number): void {
  stmt(db, 'DELETE FROM bundles WHERE id = ?').run(id);
}
