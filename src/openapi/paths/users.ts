// users/ and users/{id}/ (API.md §4.3): authenticated requests only.
import { USER_FIELDS, USER_LIST } from '../../api/resources/users.ts';
import { USER_FIELDS as USER_WRITES } from '../../api/writes/users.ts';
import { since, type ApiVersion } from '../../http/version.ts';
import type { RequestFields } from '../../api/validation.ts';
import { detailOperation, idParam, listOperation, updateOperations } from '../catalog.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

/** First version whose detail shows `settings` (older ones have no UserDetail, as upstream). */
const settingsSince = USER_FIELDS.find((f) => f.name === 'settings')?.since;
const hasSettings = (version: ApiVersion) => !settingsSince || version.minor >= since(settingsSince);

export function userComponents(version: ApiVersion): Record<string, ComponentDoc> {
  return {
    User: { title: 'User', description: 'A user account.', fields: USER_FIELDS },
    ...(hasSettings(version)
      ? {
          UserDetail: {
            title: 'User (detail)',
            description: 'A user account; `settings` appears only on your own account.',
            fields: USER_FIELDS,
            detail: true,
          },
        }
      : {}),
  };
}

const AUTH = 'Requires credentials; without them the answer is 404.';

/** `settings` is written from the version that shows it; a full update then requires it. */
function writable(version: ApiVersion): { fields: RequestFields; putRequired: string[] } {
  if (hasSettings(version)) return { fields: USER_WRITES, putRequired: ['settings'] };
  return { fields: Object.fromEntries(Object.entries(USER_WRITES).filter(([name]) => name !== 'settings')), putRequired: [] };
}

export function userPaths(version: ApiVersion): PathDoc[] {
  const detail = hasSettings(version) ? 'UserDetail' : 'User';
  return [
    {
      path: 'users/',
      tag: 'users',
      operations: [
        listOperation({
          operationId: 'users_list',
          summary: 'List users.',
          description: `Every account, inactive ones included. ${AUTH}`,
          component: 'User',
          list: USER_LIST,
          auth: 'required',
          errors: ['Forbidden', 'NotFound'],
        }),
      ],
    },
    {
      path: 'users/{id}/',
      tag: 'users',
      params: [idParam('user')],
      operations: [
        detailOperation({ operationId: 'users_read', summary: 'Show a user.', description: `A user by id. ${AUTH}`, component: detail, auth: 'required' }),
        ...updateOperations({
          resource: 'users',
          what: 'user',
          ...writable(version),
          component: detail,
          requestComponent: 'UserUpdate',
          errorComponent: 'ErrorUserUpdate',
          description: 'Only your own account: your names and, from 1.2, your settings.',
        }),
      ],
    },
  ];
}
