// projects/ and projects/{id}/ (API.md §4.1).
import { PROJECT_FIELDS, PROJECT_LIST } from '../../api/resources/projects.ts';
import { PROJECT_FIELDS as PROJECT_WRITES } from '../../api/writes/projects.ts';
import { detailOperation, listOperation, updateOperations } from '../catalog.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

export const projectComponents: Record<string, ComponentDoc> = {
  Project: { title: 'Project', description: 'A project: one mailing list and its settings.', fields: PROJECT_FIELDS },
};

export const projectPaths: PathDoc[] = [
  {
    path: 'projects/',
    tag: 'projects',
    operations: [
      listOperation({ operationId: 'projects_list', summary: 'List projects.', description: 'Every project.', component: 'Project', list: PROJECT_LIST }),
    ],
  },
  {
    path: 'projects/{id}/',
    tag: 'projects',
    params: [
      {
        name: 'id',
        description: 'The project id, or its linkname (a number is tried as an id first).',
        schema: { type: 'string' },
      },
    ],
    operations: [
      detailOperation({ operationId: 'projects_read', summary: 'Show a project.', description: 'A project by its id or linkname.', component: 'Project' }),
      ...updateOperations({
        resource: 'projects',
        what: 'project',
        fields: PROJECT_WRITES,
        component: 'Project',
        requestComponent: 'ProjectUpdate',
        errorComponent: 'ErrorProjectUpdate',
        description: 'For the project\'s maintainers. Strings are trimmed; an empty string clears a link.',
      }),
    ],
  },
];
