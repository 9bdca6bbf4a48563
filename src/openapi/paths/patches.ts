// patches/ and patches/{id}/ (API.md §4.4).
import { PATCH_FIELDS, PATCH_LIST } from '../../api/resources/patches.ts';
import { PATCH_FIELDS as PATCH_WRITES, PATCH_PUT_REQUIRED } from '../../api/writes/patches.ts';
import { detailOperation, idParam, listOperation, updateOperations, WRITE_ERRORS } from '../catalog.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

export const patchComponents: Record<string, ComponentDoc> = {
  PatchList: { title: 'Patch (list item)', description: 'A patch, as lists show it.', fields: PATCH_FIELDS },
  PatchDetail: {
    title: 'Patch',
    description: 'A patch with its headers, message body, diff and subject prefixes.',
    fields: PATCH_FIELDS,
    detail: true,
  },
};

export const patchPaths: PathDoc[] = [
  {
    path: 'patches/',
    tag: 'patches',
    operations: [
      listOperation({
        operationId: 'patches_list',
        summary: 'List patches.',
        description:
          'All patches of all projects, archived ones and every state included, unless filters say otherwise. ' +
          'Invalid filter values give an empty list, not an error.',
        component: 'PatchList',
        list: PATCH_LIST,
      }),
    ],
  },
  {
    path: 'patches/{id}/',
    tag: 'patches',
    params: [idParam('patch')],
    operations: [
      detailOperation({ operationId: 'patches_read', summary: 'Show a patch.', description: 'A patch by its id.', component: 'PatchDetail' }),
      ...updateOperations({
        resource: 'patches',
        what: 'patch',
        fields: PATCH_WRITES,
        putRequired: PATCH_PUT_REQUIRED,
        component: 'PatchDetail',
        requestComponent: 'PatchUpdate',
        errorComponent: 'ErrorPatchUpdate',
        description:
          'For the submitter\'s user, the delegate and the project\'s maintainers. `state` is a state slug or name; ' +
          '`delegate` a user id (a maintainer of the project) or null; `related` adds patches to this patch\'s ' +
          'relation (maintainers of every project involved only; 409 when two relations would merge).',
        errors: [...WRITE_ERRORS, 'Conflict'],
      }),
    ],
  },
];
