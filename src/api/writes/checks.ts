// POST patches/<id>/checks/ (API.md §4.6): CI systems report results.
// Checks are immutable; a re-run is a new check with the same context.
import * as v from 'valibot';
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import { patchById } from '../../db/patches.ts';
import { CHECK_STATES, insertCheck } from '../../db/checks.ts';
import { insertEvent } from '../../db/events.ts';
import { nowStored } from '../../util/time.ts';
import { notFound, permissionDenied, validationError } from '../../http/errors.ts';
import { canEditPatch } from '../permissions.ts';
import { charField, parseFields, slugField, throwIfInvalid, urlField } from '../validation.ts';
import { inTransaction, writeInput } from './request.ts';
import { pathId as parseId } from '../../http/ids.ts';
import { renderCheck } from './render.ts';

const STATE_REQUIRED = 'A check must have a state.';

/** str() of a JSON value as Python shows it in DRF's choice message. */
function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return JSON.stringify(value);
}

/** The label or upstream's internal integer (0 pending ... 3 fail). */
const checkStateField = v.pipe(
  v.unknown(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const value = dataset.value;
    if (value === null) {
      addIssue({ message: 'This field may not be null.' });
      return NEVER;
    }
    const label = CHECK_STATES.indexOf(value as never);
    if (label >= 0) return label;
    const number = typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)) ? Number(value) : -1;
    if (Number.isInteger(number) && number >= 0 && number < CHECK_STATES.length) return number;
    addIssue({ message: `"${pythonStr(value)}" is not a valid choice.` });
    return NEVER;
  }),
  v.metadata({ openapi: { type: 'string', enum: [...CHECK_STATES] } }),
);

/** Writable check fields, in upstream's serializer order. */
export const CHECK_FIELDS = {
  state: checkStateField,
  target_url: urlField({ maxLength: 200, allowBlank: true, nullable: true }),
  context: slugField({ maxLength: 255 }),
  description: charField({ allowBlank: true, nullable: true }),
};
export const CHECK_REQUIRED = ['state'] as const;

export async function createCheckEndpoint(ctx: ApiContext, params: Record<string, string>): Promise<Reply> {
  const patchId = parseId(params.id);
  const input = await writeInput(ctx);
  const checkId = inTransaction(ctx, () => {
    const patch = patchById(ctx.db, patchId);
    if (!patch) throw notFound('Patch');
    // Upstream words this refusal the same for anonymous requests.
    if (!ctx.user || !canEditPatch(ctx.db, ctx.user, patch)) throw permissionDenied();
    const data = input.data();
    // Upstream checks this before any field, and reports it alone.
    if (data.state === undefined || data.state === '') throw validationError({ state: [STATE_REQUIRED] });
    const { values, errors } = parseFields(CHECK_FIELDS, data, { partial: false, required: CHECK_REQUIRED });
    throwIfInvalid(CHECK_FIELDS, errors);
    const id = insertCheck(ctx.db, {
      patch_id: patch.id,
      user_id: ctx.user.id,
      date: nowStored(),
      state: values.state!,
      target_url: values.target_url ?? null,
      description: values.description ?? null,
      context: values.context ?? 'default',
    });
    insertEvent(ctx.db, patch.project_id, 'check-created', { actorId: ctx.user.id, patchId: patch.id, createdCheckId: id });
    return id;
  });
  const body = renderCheck(ctx, checkId);
  return { status: 201, body, headers: { Location: String(body.url) } };
}
