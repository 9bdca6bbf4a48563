// Users: users/ and users/<id>/, authenticated only (docs/api.md §4.3); users
// edit their own names and, from 1.2, their settings.
import { updateUser, USER_LIST as USER_SOURCE, userById, type UserChanges, type UserRow } from '../../db/users.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { notFound } from '../../http/errors.ts';
import { pathId } from '../../http/ids.ts';
import { hasVersion, type ApiVersion } from '../../http/version.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { listDef, runList } from '../list.ts';
import { canEditUser } from '../permissions.ts';
import { idParam, type Resource } from '../resource.ts';
import { booleanField, charField, integerField, nestedField } from '../validation.ts';
import { inTransaction, refuse, valuesInput, type WriteInput } from '../write.ts';
import { S, userUrl } from './embedded.ts';

const SETTINGS = {
  send_email: booleanField(),
  items_per_page: integerField({ min: 0, max: 2147483647 }),
  show_ids: booleanField(),
};

const SETTINGS_SINCE = '1.2';

const USER_FIELDS: readonly Field<UserRow>[] = [
  { name: 'id', schema: S.int, get: (u) => u.id },
  { name: 'url', schema: S.uri, get: (u, ctx) => userUrl(ctx, u.id) },
  { name: 'username', schema: S.string, get: (u) => u.username },
  { name: 'first_name', schema: S.string, write: charField({ maxLength: 150, allowBlank: true }), get: (u) => u.first_name },
  { name: 'last_name', schema: S.string, write: charField({ maxLength: 150, allowBlank: true }), get: (u) => u.last_name },
  { name: 'email', schema: S.email, get: (u) => u.email },
  {
    name: 'settings',
    schema: {
      type: 'object',
      properties: { send_email: S.bool, items_per_page: S.int, show_ids: S.bool },
    },
    since: SETTINGS_SINCE,
    detailOnly: true,
    // Upstream's nested settings serializer is required on a full update.
    write: nestedField(SETTINGS),
    required: true,
    writeSince: SETTINGS_SINCE,
    present: (u, ctx) => ctx.user?.id === u.id,
    get: (u) => ({ send_email: u.send_email === 1, items_per_page: u.items_per_page, show_ids: u.show_ids === 1 }),
  },
];

function serializeUser(ctx: ApiContext, row: UserRow, options: SerializeOptions = {}): JsonText {
  return serialize(USER_FIELDS, row, ctx, options);
}

function userDetail(ctx: ApiContext, row: UserRow | undefined): JsonText {
  if (!row) throw notFound('User');
  return serializeUser(ctx, row, { detail: true });
}

export const USER_LIST = listDef({
  source: USER_SOURCE,
  filters: [],
  search: ['username', 'first_name', 'last_name', 'email'],
  order: { fields: { id: 'id', username: 'username', email: 'email' }, default: [{ sql: 'id', desc: false }], tieBreaker: 'id' },
});

interface UserWrite {
  first_name: string | null;
  last_name: string | null;
  settings: { send_email?: boolean | null; items_per_page?: number; show_ids?: boolean | null };
}

function updateUserFields(ctx: ApiContext, id: number, input: WriteInput): void {
  inTransaction(ctx, () => {
    const target = userById(ctx.db, id);
    if (!target) throw notFound('User');
    if (!canEditUser(ctx.user, target)) refuse(ctx.user);
    const { values, errors } = input.parse<UserWrite>();
    input.check(errors);
    const changes: UserChanges = {};
    if (values.first_name != null) changes.first_name = values.first_name;
    if (values.last_name != null) changes.last_name = values.last_name;
    // Upstream validates settings in every version (a PUT needs them) but
    // applies them only from the version that has them (writeSince).
    const settings = (hasVersion(ctx.version, SETTINGS_SINCE) && values.settings) || {};
    if (settings.send_email != null) changes.send_email = Number(settings.send_email);
    if (settings.items_per_page != null) changes.items_per_page = settings.items_per_page;
    if (settings.show_ids != null) changes.show_ids = Number(settings.show_ids);
    updateUser(ctx.db, id, changes);
  });
}

/** The API's user update, for the web's settings form: `values` as JSON. */
export function changeUser(ctx: ApiContext, id: number, values: Record<string, unknown>): void {
  updateUserFields(ctx, id, valuesInput(USER_FIELDS, values, { form: false, partial: true }));
}

/** Older versions have no UserDetail, as upstream. */
const detailComponent = (version: ApiVersion) => (hasVersion(version, SETTINGS_SINCE) ? 'UserDetail' : 'User');

const AUTH = 'Requires credentials; without them the answer is 404.';

export const users: Resource = {
  tag: { name: 'users', description: 'User accounts (authentication required)' },
  components: (version) => ({
    User: { title: 'User', description: 'A user account.', fields: USER_FIELDS },
    ...(detailComponent(version) === 'UserDetail'
      ? {
          UserDetail: {
            title: 'User (detail)',
            description: 'A user account; `settings` appears only on your own account.',
            fields: USER_FIELDS,
            detail: true,
          },
        }
      : {}),
  }),
  routes: [
    {
      path: 'users/',
      authenticated: true,
      get: {
        operationId: 'users_list',
        summary: 'List users.',
        description: `Every account, inactive ones included. ${AUTH}`,
        component: 'User',
        list: USER_LIST,
        handler: (ctx) => {
          const { rows, headers } = runList(ctx, USER_LIST);
          return { body: rows.map((u) => serializeUser(ctx, u)), headers };
        },
      },
    },
    {
      path: 'users/:id/',
      authenticated: true,
      params: [idParam('user')],
      get: {
        operationId: 'users_read',
        summary: 'Show a user.',
        description: `A user by id. ${AUTH}`,
        component: detailComponent,
        handler: (ctx, params) => ({ body: userDetail(ctx, userById(ctx.db, pathId(params.id))) }),
      },
      update: {
        operationIds: 'users',
        what: 'user',
        description: 'Only your own account: your names and, from 1.2, your settings.',
        request: { fields: USER_FIELDS, component: 'UserUpdate', errorComponent: 'ErrorUserUpdate' },
        component: detailComponent,
        handler: (ctx, params, input) => {
          const id = pathId(params.id);
          updateUserFields(ctx, id, input);
          return { body: userDetail(ctx, userById(ctx.db, id)) };
        },
      },
    },
  ],
};
