// people/ and people/{id}/ (API.md §4.2): authenticated requests only.
import { PERSON_FIELDS, PERSON_LIST } from '../../api/resources/people.ts';
import { detailOperation, idParam, listOperation } from '../catalog.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

export const personComponents: Record<string, ComponentDoc> = {
  Person: { title: 'Person', description: 'Someone who sent mail, and the user account linked to them.', fields: PERSON_FIELDS },
};

const AUTH = 'Requires credentials; without them the answer is 404.';

export const personPaths: PathDoc[] = [
  {
    path: 'people/',
    tag: 'people',
    operations: [
      listOperation({
        operationId: 'people_list',
        summary: 'List people.',
        description: `Everyone who sent mail. ${AUTH}`,
        component: 'Person',
        list: PERSON_LIST,
        auth: 'required',
        errors: ['Forbidden', 'NotFound'],
      }),
    ],
  },
  {
    path: 'people/{id}/',
    tag: 'people',
    params: [idParam('person')],
    operations: [
      detailOperation({ operationId: 'people_read', summary: 'Show a person.', description: `A person by id. ${AUTH}`, component: 'Person', auth: 'required' }),
    ],
  },
];
