// People: people/ and people/<id>/, authenticated only (docs/api.md §4.2).
import type { Db } from '../../db/connection.ts';
import { PERSON_LIST as PERSON_SOURCE, personById, type PersonRow } from '../../db/people.ts';
import { usersByIds, type UserRow } from '../../db/users.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { notFound } from '../../http/errors.ts';
import { pathId } from '../../http/ids.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { listDef, runList } from '../list.ts';
import { listItems } from '../items.ts';
import { idParam, type Resource } from '../resource.ts';
import { byId, embed, EMBEDDED_USER, idsOf, personUrl, S } from './embedded.ts';

interface PersonView {
  row: PersonRow;
  user: UserRow | null;
}

const PERSON_FIELDS: readonly Field<PersonView>[] = [
  { name: 'id', schema: S.int, get: (p) => p.row.id },
  { name: 'url', schema: S.uri, get: (p, ctx) => personUrl(ctx, p.row.id) },
  { name: 'name', schema: S.nullableString, get: (p) => p.row.name },
  { name: 'email', schema: S.email, get: (p) => p.row.email },
  { name: 'user', schema: S.nullableRef('UserEmbedded'), get: (p, ctx) => embed(EMBEDDED_USER, p.user, ctx) },
];

function loadPersonViews(db: Db, rows: readonly PersonRow[]): PersonView[] {
  if (rows.length === 0) return [];
  const users = byId(usersByIds(db, idsOf(rows.map((r) => r.user_id))));
  return rows.map((row) => ({ row, user: row.user_id === null ? null : users.get(row.user_id) ?? null }));
}

function serializePerson(ctx: ApiContext, view: PersonView, options: SerializeOptions = {}): JsonText {
  return serialize(PERSON_FIELDS, view, ctx, options);
}

export const PERSON_LIST = listDef({
  source: PERSON_SOURCE,
  filters: [],
  search: ['name', 'email'],
  order: { fields: { id: 'id', name: 'name', email: 'email' }, default: [{ sql: 'id', desc: false }], tieBreaker: 'id' },
});

const AUTH = 'Requires credentials; without them the answer is 404.';

export const people: Resource = {
  tag: { name: 'people', description: 'People who sent mail (authentication required)' },
  components: {
    Person: { title: 'Person', description: 'Someone who sent mail, and the user account linked to them.', fields: PERSON_FIELDS },
  },
  routes: [
    {
      path: 'people/',
      authenticated: true,
      get: {
        operationId: 'people_list',
        summary: 'List people.',
        description: `Everyone who sent mail. ${AUTH}`,
        component: 'Person',
        list: PERSON_LIST,
        handler: (ctx) => {
          const { rows, headers } = runList(ctx, PERSON_LIST);
          return { body: listItems(ctx, 'person', loadPersonViews(ctx.db, rows), (v) => v.row.id, (v) => serializePerson(ctx, v)), headers };
        },
      },
    },
    {
      path: 'people/:id/',
      authenticated: true,
      params: [idParam('person')],
      get: {
        operationId: 'people_read',
        summary: 'Show a person.',
        description: `A person by id. ${AUTH}`,
        component: 'Person',
        handler: (ctx, params) => {
          const row = personById(ctx.db, pathId(params.id));
          if (!row) throw notFound('Person');
          return { body: serializePerson(ctx, loadPersonViews(ctx.db, [row])[0], { detail: true }) };
        },
      },
    },
  ],
};
