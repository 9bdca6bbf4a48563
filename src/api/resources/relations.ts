// Patch relations through the `related` field (docs/api.md §4.5): additive,
// "break before make", maintainers only. planRelation is the pure rule;
// applyRelation carries a plan out and records the events.
import type { Db } from '../../db/connection.ts';
import type { UserRow } from '../../db/users.ts';
import { patchesByIds, patchesInRelations, type PatchRow } from '../../db/patches.ts';
import { deleteEmptyRelations, insertRelation, setPatchesRelation } from '../../db/relations.ts';
import { insertEvent } from '../../db/events.ts';
import { conflict, permissionDenied } from '../../http/errors.ts';
import { maintainsAll } from '../permissions.ts';

export interface RelationMember {
  id: number;
  related_id: number | null;
}

type RelationPlan =
  | { conflict: true }
  | {
      conflict: false;
      /** The relation the moved patches end up in: an existing one, a new one, or none. */
      relation: number | 'new' | null;
      /** Patches whose relation changes. */
      move: number[];
    };

/**
 * target: the patch being updated; members: everyone in its relation now
 * (target included); listed: the patches named in the request.
 */
export function planRelation(target: RelationMember, members: readonly RelationMember[], listed: readonly RelationMember[]): RelationPlan {
  if (listed.length === 0) {
    if (target.related_id === null) return { conflict: false, relation: null, move: [] };
    // A relation of two has no meaning once one leaves: it is dissolved.
    const move = members.length <= 2 ? members.map((m) => m.id) : [target.id];
    return { conflict: false, relation: null, move };
  }
  const everyone = new Map<number, RelationMember>();
  for (const m of [target, ...members, ...listed]) everyone.set(m.id, m);
  const relations = new Set([...everyone.values()].map((m) => m.related_id).filter((r): r is number => r !== null));
  if (relations.size > 1) return { conflict: true };
  const relation = relations.size === 1 ? [...relations][0] : 'new';
  const move = [...everyone.values()].filter((m) => m.related_id !== relation).map((m) => m.id);
  return { conflict: false, relation, move };
}

export const RELATION_CONFLICT =
  'At least one patch is already part of another relation. You have to explicitly remove a patch from its existing relation before moving it to this one.';
const RELATION_NOT_MAINTAINER = 'At least one patch is part of a project you are not maintaining.';

/** Checks rights and conflicts, then regroups. Listed ids must exist. */
export function applyRelation(db: Db, user: UserRow, target: PatchRow, listedIds: readonly number[]): void {
  const members = target.related_id === null ? [target] : patchesInRelations(db, [target.related_id]);
  const listed = patchesByIds(db, [...new Set(listedIds)]);
  const projects = [target, ...members, ...listed].map((p) => p.project_id);
  if (!maintainsAll(db, user, projects)) throw permissionDenied(RELATION_NOT_MAINTAINER);
  const plan = planRelation(target, members, listed);
  if (plan.conflict) throw conflict(RELATION_CONFLICT);
  if (plan.move.length === 0) return;
  const relationId = plan.relation === 'new' ? insertRelation(db) : plan.relation;
  setPatchesRelation(db, plan.move, relationId);
  const previous = [...new Set([...members, ...listed].map((p) => p.related_id).filter((r): r is number => r !== null))];
  deleteEmptyRelations(db, previous);
  const projectOf = new Map([...members, ...listed, target].map((p) => [p.id, p.project_id]));
  for (const id of plan.move) {
    insertEvent(db, projectOf.get(id)!, 'patch-relation-changed', { patchId: id, actorId: id === target.id ? user.id : null });
  }
}
