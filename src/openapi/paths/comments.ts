// Comments of patches and covers (API.md §4.7): lists from 1.1, one comment from 1.3.
import { COMMENT_FIELDS, COMMENT_LISTS } from '../../api/resources/comments.ts';
import { COMMENT_FIELDS as COMMENT_WRITES } from '../../api/writes/comments.ts';
import { detailOperation, idParam, listOperation, updateOperations } from '../catalog.ts';
import type { ComponentDoc, PathDoc } from '../model.ts';

export const commentComponents: Record<string, ComponentDoc> = {
  Comment: { title: 'Comment', description: 'A reply to a patch or a cover letter.', fields: COMMENT_FIELDS },
};

const PARENTS = [
  { kind: 'patch', plural: 'patches', what: 'patch' },
  { kind: 'cover', plural: 'covers', what: 'cover letter' },
] as const;

export const commentPaths: PathDoc[] = PARENTS.flatMap(({ kind, plural, what }): PathDoc[] => [
  {
    path: `${plural}/{id}/comments/`,
    tag: 'comments',
    since: '1.1',
    params: [idParam(what)],
    operations: [
      listOperation({
        operationId: `${plural}_comments_list`,
        summary: `List comments of a ${what}.`,
        description: `The replies to one ${what}, oldest first. An unknown ${what} is 404.`,
        component: 'Comment',
        list: COMMENT_LISTS[kind],
        errors: ['Forbidden', 'NotFound'],
      }),
    ],
  },
  {
    path: `${plural}/{id}/comments/{comment_id}/`,
    tag: 'comments',
    since: '1.3',
    params: [idParam(what), idParam('comment', 'comment_id')],
    operations: [
      detailOperation({
        operationId: `${plural}_comments_read`,
        summary: `Show a comment of a ${what}.`,
        description: `One reply to the ${what}.`,
        component: 'Comment',
      }),
      ...updateOperations({
        resource: `${plural}_comments`,
        what: 'comment',
        fields: COMMENT_WRITES,
        component: 'Comment',
        requestComponent: 'CommentUpdate',
        errorComponent: 'ErrorCommentUpdate',
        description:
          `Marks the comment addressed (true), needing action (false) or neither (null). For the comment's ` +
          (kind === 'patch' ? 'author and whoever may change the patch.' : 'author, the cover letter\'s submitter and the project\'s maintainers.'),
      }),
    ],
  },
]);
