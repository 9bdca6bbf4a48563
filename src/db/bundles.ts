import type { Db } from './connection.ts';
import { IN_JSON, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';
import type { PatchRow } from './patches.ts';

export interface BundleRow {
  id: number;
  owner_id: number;
  project_id: number;
  name: string;
  public: number;
}

export function bundleById(db: Db, id: number): BundleRow | undefined {
  return stmt<[number], BundleRow>(db, 'SELECT * FROM bundles WHERE id = ?').get(id);
}

/** Patches of the given bundles ordered by patch date (the API's order; the mbox uses position). */
export function bundlePatchesByDate(db: Db, bundleIds: readonly number[]): (PatchRow & { bundle_id: number })[] {
  return rowsByIds(
    db,
    `SELECT patches.*, bundle_patches.bundle_id FROM bundle_patches
     JOIN patches ON patches.id = bundle_patches.patch_id
     WHERE bundle_patches.bundle_id ${IN_JSON} ORDER BY patches.date, patches.id`,
    bundleIds,
  );
}
