// Comments on patches and covers: <parent>/<id>/comments/ (1.1+) and
// <parent>/<id>/comments/<id>/ (1.3+) (docs/api.md §4.7), where a comment is
// marked addressed. No event for that: comment-created fires once, on
// creation (docs/compatibility.md 7).
import type { Db } from '../../db/connection.ts';
import {
  commentById,
  COMMENT_LISTS as COMMENT_SOURCES,
  setCommentAddressed,
  storedSubject,
  type CommentKind,
  type CommentRow,
} from '../../db/comments.ts';
import { coverById } from '../../db/covers.ts';
import { patchById } from '../../db/patches.ts';
import { peopleByIds, type PersonRow } from '../../db/people.ts';
import { projectById, type ProjectRow } from '../../db/projects.ts';
import { where } from '../../db/listing.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { headersJson } from '../headers.ts';
import { listDef, runList } from '../list.ts';
import { listItems } from '../items.ts';
import { canEditCoverComment, canEditPatchComment } from '../permissions.ts';
import { idParam, type Params, type Resource, type Route } from '../resource.ts';
import { booleanField } from '../validation.ts';
import { inTransaction, refuse, type WriteInput } from '../write.ts';
import { byId, EMBEDDED_COMMENT, EMBEDDED_PERSON, idsOf, S, type CommentRef, embedded } from './embedded.ts';
import { pathId as parseId } from '../../http/ids.ts';

interface CommentView extends CommentRef {
  submitter: PersonRow;
}

// A comment begins with the fields of its embedded form (docs/api.md §3).
const COMMENT_FIELDS: readonly Field<CommentView>[] = [
  ...EMBEDDED_COMMENT,
  { name: 'subject', schema: S.string, get: (c) => storedSubject(c.row.headers) },
  { name: 'submitter', schema: S.ref('PersonEmbedded'), get: (c, ctx) => embedded(EMBEDDED_PERSON, c.submitter, ctx) },
  { name: 'content', schema: S.nullableString, get: (c) => c.row.content },
  { name: 'headers', schema: S.headers, get: (c) => headersJson(c.row.headers) },
  { name: 'addressed', schema: S.nullableBool, since: '1.3', write: booleanField({ nullable: true }), get: (c) => (c.row.addressed === null ? null : c.row.addressed === 1) },
];

/** The project of a patch or cover, or undefined when the parent does not exist. */
function parentProject(db: Db, kind: CommentKind, parentId: number): ProjectRow | undefined {
  const parent = kind === 'patch' ? patchById(db, parentId) : coverById(db, parentId);
  return parent ? projectById(db, parent.project_id) : undefined;
}

function loadCommentViews(db: Db, kind: CommentKind, project: ProjectRow, rows: readonly CommentRow[]): CommentView[] {
  if (rows.length === 0) return [];
  const people = byId(peopleByIds(db, idsOf(rows.map((r) => r.submitter_id))));
  return rows.map((row) => ({ row, kind, project, submitter: people.get(row.submitter_id)! }));
}

/** One comment under the given parent, or undefined when either is missing. */
function loadComment(db: Db, kind: CommentKind, parentId: number, id: number): CommentView | undefined {
  const project = parentProject(db, kind, parentId);
  const row = project && commentById(db, kind, id);
  return row && row.parent_id === parentId ? loadCommentViews(db, kind, project, [row])[0] : undefined;
}

function serializeComment(ctx: ApiContext, view: CommentView, options: SerializeOptions = {}): JsonText {
  return serialize(COMMENT_FIELDS, view, ctx, options);
}

const commentList = (kind: CommentKind) =>
  listDef({
    source: COMMENT_SOURCES[kind],
    filters: [],
    // Upstream's search and subject ordering name columns that do not exist
    // (500); these use the Subject header, as intended.
    search: ['subject'],
    order: {
      fields: { id: 'id', date: 'date', submitter: 'submitter_id', subject: 'subject' },
      default: [{ sql: 'id', desc: false }],
      tieBreaker: 'id',
    },
  });

export const COMMENT_LISTS = { patch: commentList('patch'), cover: commentList('cover') } as const;

const PARENT_MODEL = { patch: 'Patch', cover: 'Cover' } as const;
const COMMENT_MODEL = { patch: 'PatchComment', cover: 'CoverComment' } as const;

function listComments(kind: CommentKind) {
  return (ctx: ApiContext, params: Params) => {
    const parentId = parseId(params.id);
    const project = parentProject(ctx.db, kind, parentId);
    if (!project) throw notFound(PARENT_MODEL[kind]);
    const scope = [where.eq(COMMENT_SOURCES[kind], 'parent_id', parentId)];
    const { rows, headers } = runList(ctx, COMMENT_LISTS[kind], scope);
    return { body: listItems(ctx, `${kind}-comment`, loadCommentViews(ctx.db, kind, project, rows), (v) => v.row.id, (v) => serializeComment(ctx, v)), headers };
  };
}

function commentDetail(ctx: ApiContext, kind: CommentKind, parentId: number, commentId: number) {
  if (!parentProject(ctx.db, kind, parentId)) throw notFound(PARENT_MODEL[kind]);
  const view = loadComment(ctx.db, kind, parentId, commentId);
  if (!view) throw notFound(COMMENT_MODEL[kind]);
  return serializeComment(ctx, view, { detail: true });
}

function mayEdit(ctx: ApiContext, kind: CommentKind, parentId: number, commentId: number): boolean {
  const comment = commentById(ctx.db, kind, commentId);
  if (!comment || comment.parent_id !== parentId) throw notFound(COMMENT_MODEL[kind]);
  if (kind === 'patch') return canEditPatchComment(ctx.db, ctx.user, comment, patchById(ctx.db, parentId)!);
  return canEditCoverComment(ctx.db, ctx.user, comment, coverById(ctx.db, parentId)!);
}

function updateComment(ctx: ApiContext, kind: CommentKind, parentId: number, commentId: number, input: WriteInput): void {
  inTransaction(ctx, () => {
    const parent = kind === 'patch' ? patchById(ctx.db, parentId) : coverById(ctx.db, parentId);
    if (!parent) throw notFound(PARENT_MODEL[kind]);
    if (!mayEdit(ctx, kind, parentId, commentId)) refuse(ctx.user);
    const { values, errors } = input.parse<{ addressed: boolean | null }>();
    input.check(errors);
    if (values.addressed !== undefined) setCommentAddressed(ctx.db, kind, commentId, values.addressed);
  });
}

const PARENTS = [
  { kind: 'patch', plural: 'patches', what: 'patch', editors: 'author and whoever may change the patch.' },
  { kind: 'cover', plural: 'covers', what: 'cover letter', editors: "author, the cover letter's submitter and the project's maintainers." },
] as const;

export const comments: Resource = {
  tag: { name: 'comments', description: 'Replies to patches and cover letters' },
  components: {
    Comment: { title: 'Comment', description: 'A reply to a patch or a cover letter.', fields: COMMENT_FIELDS },
  },
  routes: PARENTS.flatMap(({ kind, plural, what, editors }): Route[] => [
    {
      path: `${plural}/:id/comments/`,
      since: '1.1',
      params: [idParam(what)],
      get: {
        operationId: `${plural}_comments_list`,
        summary: `List comments of a ${what}.`,
        description: `The replies to one ${what}, oldest first. An unknown ${what} is 404.`,
        component: 'Comment',
        list: COMMENT_LISTS[kind],
        handler: listComments(kind),
      },
    },
    {
      path: `${plural}/:id/comments/:commentId/`,
      since: '1.3',
      params: [idParam(what), idParam('comment', 'comment_id')],
      get: {
        operationId: `${plural}_comments_read`,
        summary: `Show a comment of a ${what}.`,
        description: `One reply to the ${what}.`,
        component: 'Comment',
        handler: (ctx, params) => ({ body: commentDetail(ctx, kind, parseId(params.id), parseId(params.commentId)) }),
      },
      update: {
        operationIds: `${plural}_comments`,
        what: 'comment',
        description: `Marks the comment addressed (true), needing action (false) or neither (null). For the comment's ${editors}`,
        request: { fields: COMMENT_FIELDS, component: 'CommentUpdate', errorComponent: 'ErrorCommentUpdate' },
        component: 'Comment',
        handler: (ctx, params, input) => {
          const [parentId, commentId] = [parseId(params.id), parseId(params.commentId)];
          updateComment(ctx, kind, parentId, commentId, input);
          return { body: commentDetail(ctx, kind, parentId, commentId) };
        },
      },
    },
  ]),
};
