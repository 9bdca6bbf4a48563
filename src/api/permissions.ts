// Who may write what (docs/api.md §2.8). Superusers get nothing extra; a person
// linked to no user account can never edit anything.
import type { Db } from '../db/connection.ts';
import type { UserRow } from '../db/users.ts';
import type { PatchRow } from '../db/patches.ts';
import type { CoverRow } from '../db/covers.ts';
import type { CommentRow } from '../db/comments.ts';
import type { BundleRow } from '../db/bundles.ts';
import { isMaintainer, projectsMaintainedAmong } from '../db/projects.ts';
import { personById } from '../db/people.ts';

function isPersonOf(db: Db, personId: number, user: UserRow): boolean {
  return personById(db, personId)?.user_id === user.id;
}

export function canEditProject(db: Db, user: UserRow | null, projectId: number): boolean {
  return !!user && isMaintainer(db, projectId, user.id);
}

/** "Can edit patch": the submitter's user, the delegate, or a maintainer. */
export function canEditPatch(db: Db, user: UserRow | null, patch: PatchRow): boolean {
  if (!user) return false;
  return patch.delegate_id === user.id || isPersonOf(db, patch.submitter_id, user) || isMaintainer(db, patch.project_id, user.id);
}

/** Relations need maintainer rights over every project involved (docs/api.md §4.5). */
export function maintainsAll(db: Db, user: UserRow | null, projectIds: Iterable<number>): boolean {
  if (!user) return false;
  const wanted = new Set(projectIds);
  return projectsMaintainedAmong(db, user.id, [...wanted]).size === wanted.size;
}

export function canEditPatchComment(db: Db, user: UserRow | null, comment: CommentRow, patch: PatchRow): boolean {
  if (!user) return false;
  return isPersonOf(db, comment.submitter_id, user) || canEditPatch(db, user, patch);
}

export function canEditCoverComment(db: Db, user: UserRow | null, comment: CommentRow, cover: CoverRow): boolean {
  if (!user) return false;
  return (
    isPersonOf(db, comment.submitter_id, user) || isPersonOf(db, cover.submitter_id, user) || isMaintainer(db, cover.project_id, user.id)
  );
}

export function canEditUser(user: UserRow | null, target: UserRow): boolean {
  return !!user && user.id === target.id;
}

export function ownsBundle(user: UserRow | null, bundle: BundleRow): boolean {
  return !!user && bundle.owner_id === user.id;
}
