// The endpoint catalogue: every API path, its methods and versions, pointing
// at the field tables, filter definitions and request schemas the endpoints
// themselves use. Words for people (summaries, descriptions) live here.
import type { TagObject } from 'openapi3-ts/oas31';
import { LISTS } from '../api/resources/index.ts';
import type { ComponentDoc, PathDoc } from './model.ts';

const uri = { type: 'string', format: 'uri' } as const;

export const COMPONENTS: Record<string, ComponentDoc> = {
  Index: {
    schema: {
      type: 'object',
      title: 'Index',
      description: 'The URL of every list endpoint, in the version of the request.',
      properties: Object.fromEntries(LISTS.map((name) => [name, { ...uri, readOnly: true }])),
      required: [...LISTS],
      additionalProperties: false,
    },
  },
};

export const PATHS: PathDoc[] = [
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

export const TAGS: TagObject[] = [
  { name: 'api', description: 'General API operations' },
  { name: 'projects', description: 'Projects (mailing lists) and their settings' },
  { name: 'people', description: 'People who sent mail (authentication required)' },
  { name: 'users', description: 'User accounts (authentication required)' },
  { name: 'patches', description: 'Patches, their checks and comments' },
  { name: 'covers', description: 'Cover letters and their comments' },
  { name: 'series', description: 'Series of patches' },
  { name: 'bundles', description: 'Bundles of patches' },
  { name: 'events', description: 'The event feed' },
];
