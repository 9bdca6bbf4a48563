// Checks of a patch: GET patches/<id>/checks/ and .../checks/<id>/ (API.md §4.6).
import type { Db } from '../../db/connection.ts';
import { CHECK_LIST as CHECK_SOURCE, CHECK_STATES, type CheckRow } from '../../db/checks.ts';
import { patchById } from '../../db/patches.ts';
import { usersByIds, type UserRow } from '../../db/users.ts';
import { where } from '../../db/listing.ts';
import { toApi } from '../../util/time.ts';
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { CHECK_FILTERS } from '../filters.ts';
import { listDef, runList } from '../list.ts';
import { byId, checkUrl, EMBEDDED_USER, idsOf, S, embedded } from './embedded.ts';
import { pathId as parseId } from '../../http/ids.ts';

export interface CheckView {
  row: CheckRow;
  user: UserRow;
}

export const CHECK_FIELDS: readonly Field<CheckView>[] = [
  { name: 'id', schema: S.int, get: (c) => c.row.id },
  { name: 'url', schema: S.uri, get: (c, ctx) => checkUrl(ctx, c.row) },
  { name: 'user', schema: S.ref('UserEmbedded'), get: (c, ctx) => embedded(EMBEDDED_USER, c.user, ctx) },
  { name: 'date', schema: S.date, get: (c) => toApi(c.row.date) },
  { name: 'state', schema: { type: 'string', enum: [...CHECK_STATES] }, writable: true, get: (c) => CHECK_STATES[c.row.state] },
  { name: 'target_url', schema: S.checkTarget, writable: true, get: (c) => c.row.target_url },
  { name: 'context', schema: S.string, writable: true, get: (c) => c.row.context },
  { name: 'description', schema: S.nullableString, writable: true, get: (c) => c.row.description },
];

export function loadCheckViews(db: Db, rows: readonly CheckRow[]): CheckView[] {
  if (rows.length === 0) return [];
  const users = byId(usersByIds(db, idsOf(rows.map((r) => r.user_id))));
  return rows.map((row) => ({ row, user: users.get(row.user_id)! }));
}

export function serializeCheck(ctx: ApiContext, view: CheckView, options: SerializeOptions = {}): Record<string, unknown> {
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

export function listChecks(ctx: ApiContext, params: Record<string, string>): Reply {
  const patchId = requirePatch(ctx, params.id);
  const { rows, headers } = runList(ctx, CHECK_LIST, [where.eq(CHECK_SOURCE, 'patch_id', patchId)]);
  return { body: loadCheckViews(ctx.db, rows).map((v) => serializeCheck(ctx, v)), headers };
}

/** The detail goes through the list's filters too: `?user=nobody` → 404 (API.md §2.4). */
export function getCheck(ctx: ApiContext, params: Record<string, string>): Reply {
  const patchId = requirePatch(ctx, params.id);
  const checkId = parseId(params.checkId);
  const query = new URLSearchParams(ctx.query);
  query.delete('page');
  query.delete('per_page');
  const { rows } = runList({ ...ctx, query }, CHECK_LIST, [where.eq(CHECK_SOURCE, 'patch_id', patchId), where.eq(CHECK_SOURCE, 'id', checkId)]);
  if (rows.length === 0) throw notFound('Check');
  return { body: serializeCheck(ctx, loadCheckViews(ctx.db, rows)[0], { detail: true }) };
}
