// PUT/PATCH patches/<id>/ (API.md §4.4, §4.5): state, delegate, archived,
// commit_ref, pull_url and related, with their events (§6).
import * as v from 'valibot';
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import { patchById, updatePatch, type PatchChanges, type PatchRow } from '../../db/patches.ts';
import { listStates, type StateRow } from '../../db/states.ts';
import { userById, type UserRow } from '../../db/users.ts';
import { isMaintainer, projectById } from '../../db/projects.ts';
import { existingIds } from '../../db/listing.ts';
import { insertEvent } from '../../db/events.ts';
import { slugify } from '../../util/slug.ts';
import { notFound } from '../../http/errors.ts';
import { pythonType } from '../../http/body.ts';
import { canEditPatch } from '../permissions.ts';
import {
  booleanField,
  charField,
  invalidPk,
  parseFields,
  pkField,
  pkListField,
  throwIfInvalid,
  type FieldErrors,
  type FieldValues,
} from '../validation.ts';
import { inTransaction, refuse, writeInput, type WriteInput } from './request.ts';
import { pathId as parseId } from '../../http/ids.ts';
import { applyRelation } from './relations.ts';
import { renderPatchDetail } from './render.ts';

/** The state as sent: a string, slugified for the lookup. Blank is null, as
 * for any related field in DRF. */
const stateField = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const value = dataset.value;
    if (value === null || value === '') {
      addIssue({ message: 'This field may not be null.' });
      return NEVER;
    }
    if (typeof value !== 'string') {
      addIssue({ message: `Incorrect type. Expected string value, received ${pythonType(value)}.` });
      return NEVER;
    }
    return slugify(value);
  }),
  v.metadata({ openapi: { type: 'string', description: 'State slug (or name), e.g. under-review' } }),
);

/** Writable patch fields, in upstream's serializer order. */
export const PATCH_FIELDS = {
  commit_ref: charField({ maxLength: 255, allowBlank: true, nullable: true }),
  pull_url: charField({ maxLength: 255, allowBlank: true, nullable: true }),
  state: stateField,
  archived: booleanField(),
  delegate: pkField({ nullable: true }),
  related: pkListField(),
};
export const PATCH_PUT_REQUIRED = ['state', 'delegate'] as const;

function checkState(states: StateRow[], slug: string): StateRow | string {
  return (
    states.find((s) => s.slug === slug) ?? `Invalid state ${slug}. Expected one of: ${states.map((s) => s.slug).join(', ')}.`
  );
}

function checkDelegate(ctx: ApiContext, patch: PatchRow, id: number): string | null {
  const user = userById(ctx.db, id);
  if (!user) return invalidPk(id);
  if (!isMaintainer(ctx.db, patch.project_id, id)) {
    return `User '${user.username}' is not a maintainer for project '${projectById(ctx.db, patch.project_id)!.name}'`;
  }
  return null;
}

type PatchValues = FieldValues<typeof PATCH_FIELDS>;

/** Field checks, then the ones that need the database (state lookup,
 * delegate, related ids), all reported together in one 400. */
function validate(ctx: ApiContext, patch: PatchRow, input: WriteInput): { values: PatchValues; state?: StateRow } {
  const { values, errors } = parseFields(PATCH_FIELDS, input.data(), {
    partial: input.partial,
    required: PATCH_PUT_REQUIRED,
    form: input.form,
  });
  const more: FieldErrors = {};
  let state: StateRow | undefined;
  if (values.state !== undefined) {
    const found = checkState(listStates(ctx.db), values.state);
    if (typeof found === 'string') more.state = [found];
    else state = found;
  }
  if (values.delegate !== undefined && values.delegate !== null) {
    const problem = checkDelegate(ctx, patch, values.delegate);
    if (problem) more.delegate = [problem];
  }
  if (values.related !== undefined) {
    const known = existingIds(ctx.db, 'patches', values.related);
    const unknown = values.related.find((r) => !known.has(r));
    if (unknown !== undefined) more.related = [invalidPk(unknown)];
  }
  throwIfInvalid(PATCH_FIELDS, { ...errors, ...more });
  return { values, state };
}

function save(ctx: ApiContext, user: UserRow, patch: PatchRow, values: PatchValues, state: StateRow | undefined): void {
  if (values.related !== undefined) applyRelation(ctx.db, user, patch, values.related);
  const changes: PatchChanges = {};
  if (state) changes.state_id = state.id;
  if (values.delegate !== undefined) changes.delegate_id = values.delegate;
  if (values.archived != null) changes.archived = Number(values.archived);
  if (values.commit_ref !== undefined) changes.commit_ref = values.commit_ref;
  if (values.pull_url !== undefined) changes.pull_url = values.pull_url;
  updatePatch(ctx.db, patch.id, changes);

  if (state && state.id !== patch.state_id) {
    insertEvent(ctx.db, patch.project_id, 'patch-state-changed', {
      actorId: user.id,
      patchId: patch.id,
      previousStateId: patch.state_id,
      currentStateId: state.id,
    });
  }
  if (changes.delegate_id !== undefined && changes.delegate_id !== patch.delegate_id) {
    insertEvent(ctx.db, patch.project_id, 'patch-delegated', {
      actorId: user.id,
      patchId: patch.id,
      previousDelegateId: patch.delegate_id,
      currentDelegateId: changes.delegate_id,
    });
  }
}

export async function updatePatchEndpoint(ctx: ApiContext, params: Record<string, string>): Promise<Reply> {
  const id = parseId(params.id);
  const input = await writeInput(ctx, ['related']);
  inTransaction(ctx, () => {
    const patch = patchById(ctx.db, id);
    if (!patch) throw notFound('Patch');
    if (!canEditPatch(ctx.db, ctx.user, patch)) refuse(ctx.user);
    const { values, state } = validate(ctx, patch, input);
    save(ctx, ctx.user!, patch, values, state);
  });
  return { body: renderPatchDetail(ctx, id) };
}
