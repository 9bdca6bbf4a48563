// People: GET people/ and people/<id>/, authenticated only (API.md §4.2).
import type { Db } from '../../db/connection.ts';
import { PERSON_LIST as PERSON_SOURCE, personById, type PersonRow } from '../../db/people.ts';
import { usersByIds, type UserRow } from '../../db/users.ts';
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { listDef, runList } from '../list.ts';
import { byId, embed, EMBEDDED_USER, idsOf, personUrl, S } from './embedded.ts';
import { requireUser } from './guards.ts';
import { pathId as parseId } from '../../http/ids.ts';

export interface PersonView {
  row: PersonRow;
  user: UserRow | null;
}

export const PERSON_FIELDS: readonly Field<PersonView>[] = [
  { name: 'id', schema: S.int, get: (p) => p.row.id },
  { name: 'url', schema: S.uri, get: (p, ctx) => personUrl(ctx, p.row.id) },
  { name: 'name', schema: S.nullableString, get: (p) => p.row.name },
  { name: 'email', schema: S.email, get: (p) => p.row.email },
  { name: 'user', schema: S.nullableRef('UserEmbedded'), get: (p, ctx) => embed(EMBEDDED_USER, p.user, ctx) },
];

export function loadPersonViews(db: Db, rows: readonly PersonRow[]): PersonView[] {
  if (rows.length === 0) return [];
  const users = byId(usersByIds(db, idsOf(rows.map((r) => r.user_id))));
  return rows.map((row) => ({ row, user: row.user_id === null ? null : users.get(row.user_id) ?? null }));
}

export function serializePerson(ctx: ApiContext, view: PersonView, options: SerializeOptions = {}): Record<string, unknown> {
  return serialize(PERSON_FIELDS, view, ctx, options);
}

export const PERSON_LIST = listDef({
  source: PERSON_SOURCE,
  filters: [],
  search: ['name', 'email'],
  order: { fields: { id: 'id', name: 'name', email: 'email' }, default: [{ sql: 'id', desc: false }], tieBreaker: 'id' },
});

export function listPeople(ctx: ApiContext): Reply {
  requireUser(ctx);
  const { rows, headers } = runList(ctx, PERSON_LIST);
  return { body: loadPersonViews(ctx.db, rows).map((v) => serializePerson(ctx, v)), headers };
}

export function getPerson(ctx: ApiContext, params: Record<string, string>): Reply {
  requireUser(ctx);
  const row = personById(ctx.db, parseId(params.id));
  if (!row) throw notFound('Person');
  return { body: serializePerson(ctx, loadPersonViews(ctx.db, [row])[0], { detail: true }) };
}
