// Write responses are the read side's representations, loaded fresh after
// the transaction so they show exactly what was stored.
import type { ApiContext } from '../../http/context.ts';
import { loadPatch, serializePatch } from '../resources/patches.ts';
import { loadProjectViews, serializeProject } from '../resources/projects.ts';
import { serializeUser } from '../resources/users.ts';
import { loadCheckViews, serializeCheck } from '../resources/checks.ts';
import { loadComment, serializeComment } from '../resources/comments.ts';
import { loadBundle, serializeBundle } from '../resources/bundles.ts';
import { projectById } from '../../db/projects.ts';
import { userById } from '../../db/users.ts';
import { checkById } from '../../db/checks.ts';
import type { CommentKind } from '../../db/comments.ts';

export function renderPatchDetail(ctx: ApiContext, id: number): Record<string, unknown> {
  return serializePatch(ctx, loadPatch(ctx.db, id)!, { detail: true });
}

export function renderProject(ctx: ApiContext, id: number): Record<string, unknown> {
  return serializeProject(ctx, loadProjectViews(ctx.db, [projectById(ctx.db, id)!])[0], { detail: true });
}

export function renderUser(ctx: ApiContext, id: number): Record<string, unknown> {
  return serializeUser(ctx, userById(ctx.db, id)!, { detail: true });
}

export function renderCheck(ctx: ApiContext, id: number): Record<string, unknown> {
  return serializeCheck(ctx, loadCheckViews(ctx.db, [checkById(ctx.db, id)!])[0], { detail: true });
}

export function renderComment(ctx: ApiContext, kind: CommentKind, parentId: number, id: number): Record<string, unknown> {
  return serializeComment(ctx, loadComment(ctx.db, kind, parentId, id)!, { detail: true });
}

export function renderBundle(ctx: ApiContext, id: number): Record<string, unknown> {
  return serializeBundle(ctx, loadBundle(ctx, id)!, { detail: true });
}
