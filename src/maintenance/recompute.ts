// rehash and retag (docs/ingest.md §2.4, §2.5): recompute stored derived data
// for all patches or the given ones, in batches of one transaction each.
import type { Db } from '../db/connection.ts';
import { patchBody, patchById, patchIdsForMaintenance, setPatchHash } from '../db/patches.ts';
import { projectById } from '../db/projects.ts';
import { hashDiff } from '../mail/hash.ts';
import { retagPatch } from '../ingest/tags.ts';

const BATCH = 500;

export class UnknownPatchError extends Error {
  constructor(readonly ids: number[]) {
    super(`no patch with id ${ids.join(', ')}`);
  }
}

function forEachPatch(db: Db, ids: readonly number[] | null, work: (id: number) => void, progress?: (done: number, total: number) => void): number {
  const found = patchIdsForMaintenance(db, ids);
  if (ids) {
    const known = new Set(found);
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw new UnknownPatchError(missing);
  }
  const batch = db.transaction((slice: number[]) => slice.forEach(work));
  for (let i = 0; i < found.length; i += BATCH) {
    const slice = found.slice(i, i + BATCH);
    batch.immediate(slice);
    progress?.(i + slice.length, found.length);
  }
  return found.length;
}

function useTagsOf(db: Db): (patchId: number) => { useTags: boolean } {
  const cache = new Map<number, boolean>();
  return (patchId) => {
    const projectId = patchById(db, patchId)!.project_id;
    let useTags = cache.get(projectId);
    if (useTags === undefined) cache.set(projectId, (useTags = Boolean(projectById(db, projectId)!.use_tags)));
    return { useTags };
  };
}

/** Recomputes each patch's hash from its diff, then its tags (a save upstream). */
export function rehash(db: Db, ids: readonly number[] | null, progress?: (done: number, total: number) => void): number {
  const project = useTagsOf(db);
  return forEachPatch(
    db,
    ids,
    (id) => {
      const diff = patchBody(db, id)?.diff ?? null;
      setPatchHash(db, id, diff === null ? null : hashDiff(diff));
      retagPatch(db, id, project(id).useTags);
    },
    progress,
  );
}

export function retag(db: Db, ids: readonly number[] | null, progress?: (done: number, total: number) => void): number {
  const project = useTagsOf(db);
  return forEachPatch(db, ids, (id) => retagPatch(db, id, project(id).useTags), progress);
}
