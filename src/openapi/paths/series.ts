// series/ and series/{id}/ (API.md §4.9).
import { SERIES_FIELDS, SERIES_LIST } from '../../api/resources/series.ts';
import { detailOperation, idParam, listOperation } from '../catalog.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

export const seriesComponents: Record<string, ComponentDoc> = {
  Series: {
    title: 'Series',
    description: 'A series of patches. `dependencies` and `dependents` appear only when the project shows dependencies (1.4).',
    fields: SERIES_FIELDS,
  },
};

export const seriesPaths: PathDoc[] = [
  {
    path: 'series/',
    tag: 'series',
    operations: [
      listOperation({ operationId: 'series_list', summary: 'List series.', description: 'Every series.', component: 'Series', list: SERIES_LIST }),
    ],
  },
  {
    path: 'series/{id}/',
    tag: 'series',
    params: [idParam('series')],
    operations: [
      detailOperation({ operationId: 'series_read', summary: 'Show a series.', description: 'A series by id.', component: 'Series' }),
    ],
  },
];
