// Where a reply belongs (docs/ingest.md §8): patches first, then covers, each by
// the first reference that is the parent itself or another comment on it.
import type { Db } from '../db/connection.ts';
import { commentParentByMsgid, type CommentKind } from '../db/comments.ts';
import { coverIdByMsgid } from '../db/covers.ts';
import { patchIdByMsgid } from '../db/patches.ts';

export interface CommentParent {
  kind: CommentKind;
  id: number;
}

function search(db: Db, kind: CommentKind, projectId: number, refs: readonly string[]): number | undefined {
  const direct = kind === 'patch' ? patchIdByMsgid : coverIdByMsgid;
  for (const raw of refs) {
    const ref = raw.slice(0, 255);
    const id = direct(db, projectId, ref) ?? commentParentByMsgid(db, kind, projectId, ref);
    if (id !== undefined) return id;
  }
  return undefined;
}

export function findCommentParent(db: Db, projectId: number, refs: readonly string[]): CommentParent | null {
  if (refs.length === 0) return null;
  const patch = search(db, 'patch', projectId, refs);
  if (patch !== undefined) return { kind: 'patch', id: patch };
  const cover = search(db, 'cover', projectId, refs);
  return cover !== undefined ? { kind: 'cover', id: cover } : null;
}
