// Checks of a patch: patches/<id>/checks/ and .../checks/<id>/ (docs/api.md
// §4.6). CI systems report results; checks are immutable, a re-run is a new
// check with the same context.
import type { Db } from '../../db/connection.ts';
import { CHECK_LIST as CHECK_SOURCE, CHECK_STATES, checkById, insertCheck, type CheckRow } from '../../db/checks.ts';
import { insertEvent } from '../../db/events.ts';
import { patchById } from '../../db/patches.ts';
import { usersByIds, type UserRow } from '../../db/users.ts';
import { where } from '../../db/listing.ts';
import { nowStored, toApi } from '../../util/time.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { notFound, permissionDenied, validationError } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { CHECK_FILTERS } from '../filters.ts';
import { listDef, runList } from '../list.ts';
import { listItems } from '../items.ts';
import { canEditPatch } from '../permissions.ts';
import { idParam, type Params, type Resource } from '../resource.ts';
import { charField, indexedChoiceField, slugField, urlField } from '../validation.ts';
import { inTransaction, type WriteInput } from '../write.ts';
import { byId, checkUrl, EMBEDDED_USER, idsOf, S, embedded } from './embedded.ts';
import { pathId as parseId } from '../../http/ids.ts';

interface CheckView {
  row: CheckRow;
  user: UserRow;
}

const STATE_REQUIRED = 'A check must have a state.';

const CHECK_FIELDS: readonly Field<CheckView>[] = [
  { name: 'id', schema: S.int, get: (c) => c.row.id },
  { name: 'url', schema: S.uri, get: (c, ctx) => checkUrl(ctx, c.row) },
  { name: 'user', schema: S.ref('UserEmbedded'), get: (c, ctx) => embedded(EMBEDDED_USER, c.user, ctx) },
  { name: 'date', schema: S.date, get: (c) => toApi(c.row.date) },
  { name: 'state', schema: { type: 'string', enum: [...CHECK_STATES] }, write: indexedChoiceField(CHECK_STATES), required: true, get: (c) => CHECK_STATES[c.row.state] },
  { name: 'target_url', schema: S.checkTarget, write: urlField({ maxLength: 200, allowBlank: true, nullable: true }), get: (c) => c.row.target_url },
  { name: 'context', schema: S.string, write: slugField({ maxLength: 255 }), get: (c) => c.row.context },
  { name: 'description', schema: S.nullableString, write: charField({ allowBlank: true, nullable: true }), get: (c) => c.row.description },
];

function loadCheckViews(db: Db, rows: readonly CheckRow[]): CheckView[] {
  if (rows.length === 0) return [];
  const users = byId(usersByIds(db, idsOf(rows.map((r) => r.user_id))));
  return rows.map((row) => ({ row, user: users.get(row.user_id)! }));
}

function serializeCheck(ctx: ApiContext, view: CheckView, options: SerializeOptions = {}): JsonText {
  return serialize(CHECK_FIELDS, view, ctx, options);
}

export const CHECK_LIST = listDef({
  source: CHECK_SOURCE,
  filters: CHECK_FILTERS,
  order: {
    fields: {
      id: 'id',
      user: 'user_id',
      date: 'date',
      state: 'state',
      target_url: 'target_url',
      context: 'context',
      description: 'description',
    },
    default: [{ sql: 'id', desc: false }],
    tieBreaker: 'id',
  },
});

function requirePatch(ctx: ApiContext, raw: string | undefined): number {
  const id = parseId(raw);
  if (!patchById(ctx.db, id)) throw notFound('Patch');
  return id;
}

function listChecks(ctx: ApiContext, params: Params) {
  const patchId = requirePatch(ctx, params.id);
  const { rows, headers } = runList(ctx, CHECK_LIST, [where.eq(CHECK_SOURCE, 'patch_id', patchId)]);
  return { body: listItems(ctx, 'check', loadCheckViews(ctx.db, rows), (v) => v.row.id, (v) => serializeCheck(ctx, v)), headers };
}

/** The detail goes through the list's filters too: `?user=nobody` → 404 (docs/api.md §2.4). */
function getCheck(ctx: ApiContext, params: Params) {
  const patchId = requirePatch(ctx, params.id);
  const checkId = parseId(params.checkId);
  const query = new URLSearchParams(ctx.query);
  query.delete('page');
  query.delete('per_page');
  const { rows } = runList({ ...ctx, query }, CHECK_LIST, [where.eq(CHECK_SOURCE, 'patch_id', patchId), where.eq(CHECK_SOURCE, 'id', checkId)]);
  if (rows.length === 0) throw notFound('Check');
  return { body: serializeCheck(ctx, loadCheckViews(ctx.db, rows)[0], { detail: true }) };
}

interface CheckWrite {
  state: number;
  target_url: string | null;
  context: string;
  description: string | null;
}

function createCheck(ctx: ApiContext, patchId: number, input: WriteInput): number {
  return inTransaction(ctx, () => {
    const patch = patchById(ctx.db, patchId);
    if (!patch) throw notFound('Patch');
    // Upstream words this refusal the same for anonymous requests.
    if (!ctx.user || !canEditPatch(ctx.db, ctx.user, patch)) throw permissionDenied();
    const data = input.data();
    // Upstream checks this before any field, and reports it alone.
    if (data.state === undefined || data.state === '') throw validationError({ state: [STATE_REQUIRED] });
    const { values, errors } = input.parse<CheckWrite>();
    input.check(errors);
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
}

export const checks: Resource = {
  tag: { name: 'checks', description: 'Test results on patches' },
  components: {
    Check: { title: 'Check', description: 'The result of a test (CI) run on a patch.', fields: CHECK_FIELDS },
  },
  routes: [
    {
      path: 'patches/:id/checks/',
      params: [idParam('patch')],
      get: {
        operationId: 'checks_list',
        summary: 'List checks of a patch.',
        description: 'The checks of one patch. An unknown patch is 404.',
        component: 'Check',
        list: CHECK_LIST,
        handler: listChecks,
      },
      create: {
        operationId: 'checks_create',
        what: 'check',
        summary: 'Add a check to a patch.',
        description:
          "For the submitter's user, the delegate and the project's maintainers; the check is theirs. " +
          '`state` is `pending`, `success`, `warning` or `fail` (or 0 to 3); `context` defaults to `default`.',
        request: { fields: CHECK_FIELDS, component: 'CheckCreate', errorComponent: 'ErrorCheckCreate', description: 'The new check.' },
        component: 'Check',
        handler: (ctx, params, input) => {
          const id = createCheck(ctx, parseId(params.id), input);
          const row = checkById(ctx.db, id)!;
          const body = serializeCheck(ctx, loadCheckViews(ctx.db, [row])[0], { detail: true });
          return { status: 201, body, headers: { Location: checkUrl(ctx, row) } };
        },
      },
    },
    {
      path: 'patches/:id/checks/:checkId/',
      params: [idParam('patch'), idParam('check', 'check_id')],
      get: {
        operationId: 'checks_read',
        summary: 'Show a check.',
        description: 'A check of the patch. The list filters apply here too: a check they exclude is 404.',
        component: 'Check',
        handler: getCheck,
      },
    },
  ],
};
