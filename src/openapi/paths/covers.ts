// covers/ and covers/{id}/ (API.md §4.8).
import { COVER_FIELDS, COVER_LIST } from '../../api/resources/covers.ts';
import { detailOperation, idParam, listOperation } from '../catalog.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

export const coverComponents: Record<string, ComponentDoc> = {
  CoverList: { title: 'Cover letter (list item)', description: 'A cover letter, as lists show it.', fields: COVER_FIELDS },
  CoverDetail: { title: 'Cover letter', description: 'A cover letter with its headers and body.', fields: COVER_FIELDS, detail: true },
};

export const coverPaths: PathDoc[] = [
  {
    path: 'covers/',
    tag: 'covers',
    operations: [
      listOperation({ operationId: 'covers_list', summary: 'List cover letters.', description: 'Every cover letter.', component: 'CoverList', list: COVER_LIST }),
    ],
  },
  {
    path: 'covers/{id}/',
    tag: 'covers',
    params: [idParam('cover letter')],
    operations: [
      detailOperation({ operationId: 'covers_read', summary: 'Show a cover letter.', description: 'A cover letter by id.', component: 'CoverDetail' }),
    ],
  },
];
