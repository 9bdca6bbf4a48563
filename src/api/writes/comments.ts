// PUT/PATCH patches|covers/<id>/comments/<id>/ (API.md §4.7, 1.3+): mark a
// comment addressed. No event: comment-created fires once, on creation
// (DECISIONS.md 7).
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import { commentById, setCommentAddressed, type CommentKind } from '../../db/comments.ts';
import { patchById } from '../../db/patches.ts';
import { coverById } from '../../db/covers.ts';
import { notFound } from '../../http/errors.ts';
import { canEditCoverComment, canEditPatchComment } from '../permissions.ts';
import { booleanField, parseFields, throwIfInvalid } from '../validation.ts';
import { inTransaction, refuse, writeInput } from './request.ts';
import { pathId as parseId } from '../../http/ids.ts';
import { requireVersion } from '../resources/guards.ts';
import { renderComment } from './render.ts';

export const COMMENT_FIELDS = {
  addressed: booleanField({ nullable: true }),
};

function allowed(ctx: ApiContext, kind: CommentKind, parentId: number, commentId: number): boolean {
  const comment = commentById(ctx.db, kind, commentId);
  if (!comment || comment.parent_id !== parentId) throw notFound(kind === 'patch' ? 'PatchComment' : 'CoverComment');
  if (kind === 'patch') return canEditPatchComment(ctx.db, ctx.user, comment, patchById(ctx.db, parentId)!);
  return canEditCoverComment(ctx.db, ctx.user, comment, coverById(ctx.db, parentId)!);
}

export function updateCommentEndpoint(kind: CommentKind) {
  return async (ctx: ApiContext, params: Record<string, string>): Promise<Reply> => {
    requireVersion(ctx, '1.3');
    const parentId = parseId(params.id);
    const commentId = parseId(params.commentId);
    const input = await writeInput(ctx);
    inTransaction(ctx, () => {
      const parent = kind === 'patch' ? patchById(ctx.db, parentId) : coverById(ctx.db, parentId);
      if (!parent) throw notFound(kind === 'patch' ? 'Patch' : 'Cover');
      if (!allowed(ctx, kind, parentId, commentId)) refuse(ctx.user);
      const { values, errors } = parseFields(COMMENT_FIELDS, input.data(), { partial: input.partial, form: input.form });
      throwIfInvalid(COMMENT_FIELDS, errors);
      if (values.addressed !== undefined) setCommentAddressed(ctx.db, kind, commentId, values.addressed);
    });
    return { body: renderComment(ctx, kind, parentId, commentId) };
  };
}
