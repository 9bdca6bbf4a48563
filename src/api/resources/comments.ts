// Comments on patches and covers: GET <parent>/<id>/comments/ (1.1+) and
// <parent>/<id>/comments/<id>/ (1.3+) (API.md §4.7).
import type { Db } from '../../db/connection.ts';
import {
  commentById,
  COMMENT_LISTS as COMMENT_SOURCES,
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
import type { Reply } from '../endpoint.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { headersObject } from '../headers.ts';
import { listDef, runList } from '../list.ts';
import { byId, EMBEDDED_COMMENT, EMBEDDED_PERSON, idsOf, S, type CommentRef, embedded } from './embedded.ts';
import { requireVersion } from './guards.ts';
import { pathId as parseId } from '../../http/ids.ts';

export interface CommentView extends CommentRef {
  submitter: PersonRow;
  headers: Record<string, string | string[]>;
}

// A comment begins with the fields of its embedded form (API.md §3).
export const COMMENT_FIELDS: readonly Field<CommentView>[] = [
  ...EMBEDDED_COMMENT,
  { name: 'subject', schema: S.string, get: (c) => storedSubject(c.row.headers) },
  { name: 'submitter', schema: S.ref('PersonEmbedded'), get: (c, ctx) => embedded(EMBEDDED_PERSON, c.submitter, ctx) },
  { name: 'content', schema: S.nullableString, get: (c) => c.row.content },
  { name: 'headers', schema: S.headers, get: (c) => c.headers },
  { name: 'addressed', schema: S.nullableBool, since: '1.3', writable: true, get: (c) => (c.row.addressed === null ? null : c.row.addressed === 1) },
];

/** The project of a patch or cover, or undefined when the parent does not exist. */
export function parentProject(db: Db, kind: CommentKind, parentId: number): ProjectRow | undefined {
  const parent = kind === 'patch' ? patchById(db, parentId) : coverById(db, parentId);
  return parent ? projectById(db, parent.project_id) : undefined;
}

export function loadCommentViews(db: Db, kind: CommentKind, project: ProjectRow, rows: readonly CommentRow[]): CommentView[] {
  if (rows.length === 0) return [];
  const people = byId(peopleByIds(db, idsOf(rows.map((r) => r.submitter_id))));
  return rows.map((row) => ({ row, kind, project, submitter: people.get(row.submitter_id)!, headers: headersObject(row.headers) }));
}

/** One comment under the given parent, or undefined when either is missing. */
export function loadComment(db: Db, kind: CommentKind, parentId: number, id: number): CommentView | undefined {
  const project = parentProject(db, kind, parentId);
  const row = project && commentById(db, kind, id);
  return row && row.parent_id === parentId ? loadCommentViews(db, kind, project, [row])[0] : undefined;
}

export function serializeComment(ctx: ApiContext, view: CommentView, options: SerializeOptions = {}): Record<string, unknown> {
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

function listComments(kind: CommentKind) {
  return (ctx: ApiContext, params: Record<string, string>): Reply => {
    requireVersion(ctx, '1.1');
    const parentId = parseId(params.id);
    const project = parentProject(ctx.db, kind, parentId);
    if (!project) throw notFound(PARENT_MODEL[kind]);
    const scope = [where.eq(COMMENT_SOURCES[kind], 'parent_id', parentId)];
    const { rows, headers } = runList(ctx, COMMENT_LISTS[kind], scope);
    return { body: loadCommentViews(ctx.db, kind, project, rows).map((v) => serializeComment(ctx, v)), headers };
  };
}

function getComment(kind: CommentKind) {
  return (ctx: ApiContext, params: Record<string, string>): Reply => {
    requireVersion(ctx, '1.3');
    const parentId = parseId(params.id);
    const commentId = parseId(params.commentId);
    if (!parentProject(ctx.db, kind, parentId)) throw notFound(PARENT_MODEL[kind]);
    const view = loadComment(ctx.db, kind, parentId, commentId);
    if (!view) throw notFound(kind === 'patch' ? 'PatchComment' : 'CoverComment');
    return { body: serializeComment(ctx, view, { detail: true }) };
  };
}

export const listPatchComments = listComments('patch');
export const listCoverComments = listComments('cover');
export const getPatchComment = getComment('patch');
export const getCoverComment = getComment('cover');
