// GET /api/{v}/: the index of list endpoints.
import { LISTS } from '../../api/resources/index.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

export const indexComponents: Record<string, ComponentDoc> = {
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
};

export const indexPaths: PathDoc[] = [
  {
    path: '',
    tag: 'api',
    operations: [
      {
        method: 'get',
        operationId: 'api_list',
        summary: 'List API resources.',
        description: 'The URLs of the list endpoints.',
        auth: 'optional',
        response: { status: 200, description: 'The list endpoints', component: 'Index' },
        errors: ['Forbidden'],
      },
    ],
  },
];
