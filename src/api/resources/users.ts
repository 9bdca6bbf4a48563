// Users: GET users/ and users/<id>/, authenticated only (API.md §4.3).
import { USER_LIST as USER_SOURCE, userById, type UserRow } from '../../db/users.ts';
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { listDef, runList } from '../list.ts';
import { S, userUrl } from './embedded.ts';
import { requireUser } from './guards.ts';
import { pathId as parseId } from '../../http/ids.ts';

export const USER_FIELDS: readonly Field<UserRow>[] = [
  { name: 'id', schema: S.int, get: (u) => u.id },
  { name: 'url', schema: S.uri, get: (u, ctx) => userUrl(ctx, u.id) },
  { name: 'username', schema: S.string, get: (u) => u.username },
  { name: 'first_name', schema: S.string, writable: true, get: (u) => u.first_name },
  { name: 'last_name', schema: S.string, writable: true, get: (u) => u.last_name },
  { name: 'email', schema: S.email, get: (u) => u.email },
  {
    name: 'settings',
    schema: {
      type: 'object',
      properties: { send_email: S.bool, items_per_page: S.int, show_ids: S.bool },
    },
    since: '1.2',
    detailOnly: true,
    writable: true,
    present: (u, ctx) => ctx.user?.id === u.id,
    get: (u) => ({ send_email: u.send_email === 1, items_per_page: u.items_per_page, show_ids: u.show_ids === 1 }),
  },
];

export function serializeUser(ctx: ApiContext, row: UserRow, options: SerializeOptions = {}): Record<string, unknown> {
  return serialize(USER_FIELDS, row, ctx, options);
}

export const USER_LIST = listDef({
  source: USER_SOURCE,
  filters: [],
  search: ['username', 'first_name', 'last_name', 'email'],
  order: { fields: { id: 'id', username: 'username', email: 'email' }, default: [{ sql: 'id', desc: false }], tieBreaker: 'id' },
});

export function listUsers(ctx: ApiContext): Reply {
  requireUser(ctx);
  const { rows, headers } = runList(ctx, USER_LIST);
  return { body: rows.map((u) => serializeUser(ctx, u)), headers };
}

export function getUser(ctx: ApiContext, params: Record<string, string>): Reply {
  requireUser(ctx);
  const row = userById(ctx.db, parseId(params.id));
  if (!row) throw notFound('User');
  return { body: serializeUser(ctx, row, { detail: true }) };
}
