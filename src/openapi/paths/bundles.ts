// bundles/ and bundles/{id}/ (API.md §4.10).
import { BUNDLE_FIELDS, BUNDLE_LIST } from '../../api/resources/bundles.ts';
import { BUNDLE_FIELDS as BUNDLE_WRITES, BUNDLE_REQUIRED } from '../../api/writes/bundles.ts';
import { detailOperation, idParam, listOperation, updateOperations, WRITE_ERRORS } from '../catalog.ts';
import type { RequestDoc } from '../model.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

export const bundleComponents: Record<string, ComponentDoc> = {
  Bundle: { title: 'Bundle', description: 'A named list of patches of one project.', fields: BUNDLE_FIELDS },
};

const request: RequestDoc = {
  component: 'BundleCreateUpdate',
  errorComponent: 'ErrorBundleCreateUpdate',
  fields: BUNDLE_WRITES,
  forms: true,
  description: 'The bundle\'s name, its patches (ids) and whether it is public.',
};

export const bundlePaths: PathDoc[] = [
  {
    path: 'bundles/',
    tag: 'bundles',
    operations: [
      listOperation({
        operationId: 'bundles_list',
        summary: 'List bundles.',
        description: 'Public bundles, and with credentials also your own private ones.',
        component: 'Bundle',
        list: BUNDLE_LIST,
      }),
      {
        method: 'post',
        since: '1.2',
        operationId: 'bundles_create',
        summary: 'Create a bundle.',
        description: 'A new bundle owned by you. Its patches must all belong to one project.',
        auth: 'required',
        request: { ...request, required: BUNDLE_REQUIRED },
        response: { status: 201, description: 'The new bundle', component: 'Bundle', location: true },
        errors: WRITE_ERRORS,
      },
    ],
  },
  {
    path: 'bundles/{id}/',
    tag: 'bundles',
    params: [idParam('bundle')],
    operations: [
      detailOperation({
        operationId: 'bundles_read',
        summary: 'Show a bundle.',
        description: 'A public bundle, or one of your own. Someone else\'s private bundle is 404.',
        component: 'Bundle',
      }),
      ...updateOperations({
        resource: 'bundles',
        since: '1.2',
        what: 'bundle',
        fields: BUNDLE_WRITES,
        putRequired: BUNDLE_REQUIRED,
        component: 'Bundle',
        requestComponent: request.component,
        errorComponent: request.errorComponent,
        description: 'For the bundle\'s owner. A non-empty `patches` replaces the bundle\'s patches, in the order given.',
      }),
      {
        method: 'delete',
        since: '1.2',
        operationId: 'bundles_delete',
        summary: 'Delete a bundle.',
        description: 'For the bundle\'s owner.',
        auth: 'required',
        response: { status: 204, description: 'Deleted' },
        errors: ['Forbidden', 'NotFound'],
      },
    ],
  },
];
