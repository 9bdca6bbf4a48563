// Tag counts per patch (docs/ingest.md §9): matches of each tag's pattern in the
// patch content and in the content of every comment on the patch.
import type { Db } from '../db/connection.ts';
import { patchCommentContents } from '../db/comments.ts';
import { patchBody, replacePatchTagCounts, addPatchTagCounts, type PatchTagCount } from '../db/patches.ts';
import { listTags, type TagRow } from '../db/tags.ts';
import { countTags } from '../mail/tags.ts';

function tagCounts(tags: readonly TagRow[], contents: readonly (string | null)[]): PatchTagCount[] {
  const counts = countTags(contents, tags);
  return tags.map((tag, i) => ({ tag_id: tag.id, count: counts[i] }));
}

/** Counts a new patch's or comment's own text onto the patch. */
export function addTagsFrom(db: Db, tags: readonly TagRow[], patchId: number, content: string | null): void {
  if (!content) return;
  addPatchTagCounts(db, patchId, tagCounts(tags, [content]));
}

/** Recomputes a patch's counts from scratch (retag, rehash); a project
 * without tags keeps none. */
export function retagPatch(db: Db, patchId: number, useTags: boolean): void {
  if (!useTags) return replacePatchTagCounts(db, patchId, []);
  const contents = [patchBody(db, patchId)?.content ?? null, ...patchCommentContents(db, patchId)];
  replacePatchTagCounts(db, patchId, tagCounts(listTags(db), contents));
}
