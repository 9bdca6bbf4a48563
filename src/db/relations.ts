// Patch relations: anonymous groups of patches (docs/api.md §4.5). A patch points
// at its group through patches.related_id.
import type { Db } from './connection.ts';
import { IN_JSON } from './listing.ts';
import { stmt } from './statements.ts';

export function insertRelation(db: Db): number {
  return Number(stmt(db, 'INSERT INTO patch_relations DEFAULT VALUES').run().lastInsertRowid);
}

/** Moves the given patches into a relation (or out of any, with null). */
export function setPatchesRelation(db: Db, patchIds: readonly number[], relationId: number | null): void {
  stmt(db, `UPDATE patches SET related_id = ? WHERE id ${IN_JSON}`).run(relationId, JSON.stringify(patchIds));
}

/** Drops relations no patch belongs to any more. */
export function deleteEmptyRelations(db: Db, relationIds: readonly number[]): void {
  stmt(
    db,
    `DELETE FROM patch_relations WHERE id ${IN_JSON} AND NOT EXISTS (SELECT 1 FROM patches WHERE related_id = patch_relations.id)`,
  ).run(JSON.stringify(relationIds));
}
