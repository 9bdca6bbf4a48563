// patches/{id}/checks/ and patches/{id}/checks/{check_id}/ (API.md §4.6).
import { CHECK_FIELDS, CHECK_LIST } from '../../api/resources/checks.ts';
import { CHECK_FIELDS as CHECK_WRITES, CHECK_REQUIRED } from '../../api/writes/checks.ts';
import { detailOperation, idParam, listOperation, WRITE_ERRORS } from '../catalog.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

export const checkComponents: Record<string, ComponentDoc> = {
  Check: { title: 'Check', description: 'The result of a test (CI) run on a patch.', fields: CHECK_FIELDS },
};

export const checkPaths: PathDoc[] = [
  {
    path: 'patches/{id}/checks/',
    tag: 'checks',
    params: [idParam('patch')],
    operations: [
      listOperation({
        operationId: 'checks_list',
        summary: 'List checks of a patch.',
        description: 'The checks of one patch. An unknown patch is 404.',
        component: 'Check',
        list: CHECK_LIST,
        errors: ['Forbidden', 'NotFound'],
      }),
      {
        method: 'post',
        operationId: 'checks_create',
        summary: 'Add a check to a patch.',
        description:
          'For the submitter\'s user, the delegate and the project\'s maintainers; the check is theirs. ' +
          '`state` is `pending`, `success`, `warning` or `fail` (or 0 to 3); `context` defaults to `default`.',
        auth: 'required',
        request: {
          component: 'CheckCreate',
          errorComponent: 'ErrorCheckCreate',
          fields: CHECK_WRITES,
          required: CHECK_REQUIRED,
          forms: true,
          description: 'The new check.',
        },
        response: { status: 201, description: 'The new check', component: 'Check', location: true },
        errors: WRITE_ERRORS,
      },
    ],
  },
  {
    path: 'patches/{id}/checks/{check_id}/',
    tag: 'checks',
    params: [idParam('patch'), idParam('check', 'check_id')],
    operations: [
      detailOperation({
        operationId: 'checks_read',
        summary: 'Show a check.',
        description: 'A check of the patch. The list filters apply here too: a check they exclude is 404.',
        component: 'Check',
      }),
    ],
  },
];
