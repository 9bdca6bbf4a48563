// GET /api/{v}/: the index of the list endpoints.
import { apiUrl } from '../../http/urls.ts';
import type { Resource } from '../resource.ts';

const LISTS = ['projects', 'users', 'people', 'patches', 'covers', 'series', 'events', 'bundles'];

export const root: Resource = {
  tag: { name: 'api', description: 'General API operations' },
  components: {
    Index: {
      schema: {
        type: 'object',
        title: 'Index',
        description: 'The URL of every list endpoint, in the version of the request.',
        properties: Object.fromEntries(LISTS.map((name) => [name, { type: 'string', format: 'uri', readOnly: true }])),
        required: [...LISTS],
        additionalProperties: false,
      },
    },
  },
  routes: [
    {
      path: '',
      get: {
        operationId: 'api_list',
        summary: 'List API resources.',
        description: 'The URLs of the list endpoints.',
        component: 'Index',
        response: 'The list endpoints',
        // The eight list endpoints, in upstream's order.
        handler: (ctx) => ({ body: Object.fromEntries(LISTS.map((name) => [name, apiUrl(ctx, `${name}/`)])) }),
      },
    },
  ],
};
