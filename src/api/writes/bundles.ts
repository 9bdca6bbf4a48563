// Bundle writes (API.md §4.10), from API 1.2: any user creates bundles and
// becomes their owner; only the owner changes or deletes them.
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import {
  bundleById,
  bundleByOwnerAndName,
  deleteBundle,
  insertBundle,
  setBundlePatches,
  updateBundle,
  type BundleRow,
} from '../../db/bundles.ts';
import { patchesByIds } from '../../db/patches.ts';
import { methodNotAllowed, notAuthenticated, notFound } from '../../http/errors.ts';
import { ownsBundle } from '../permissions.ts';
import { booleanField, charField, invalidPk, parseFields, pkListField, throwIfInvalid, type FieldErrors } from '../validation.ts';
import { inTransaction, refuse, writeInput } from './request.ts';
import { pathId as parseId } from '../../http/ids.ts';
import { renderBundle } from './render.ts';

/** Writable bundle fields, in upstream's serializer order. */
export const BUNDLE_FIELDS = {
  name: charField({ maxLength: 50 }),
  patches: pkListField(),
  public: booleanField(),
};
export const BUNDLE_REQUIRED = ['name', 'patches'] as const;

/** Writes exist from 1.2; below, every unsafe method is refused first. */
function requireVersion(ctx: ApiContext): void {
  if (ctx.version.minor >= 2) return;
  throw methodNotAllowed(ctx.method, 'GET, HEAD, OPTIONS');
}

interface Checked {
  name?: string;
  public?: boolean;
  patches?: number[];
  projectId?: number;
}

function validate(ctx: ApiContext, data: Record<string, unknown>, options: { partial: boolean; form: boolean; ownerId: number; bundleId?: number }): Checked {
  const { values, errors } = parseFields(BUNDLE_FIELDS, data, { ...options, required: BUNDLE_REQUIRED });
  const more: FieldErrors = {};
  const out: Checked = {};
  if (values.name != null) {
    const clash = bundleByOwnerAndName(ctx.db, options.ownerId, values.name);
    if (clash && clash.id !== options.bundleId) more.name = ['You already have a bundle with this name.'];
    out.name = values.name;
  }
  if (values.public != null) out.public = values.public;
  if (values.patches !== undefined) {
    const ids = [...new Set(values.patches)];
    const rows = new Map(patchesByIds(ctx.db, ids).map((p) => [p.id, p]));
    const unknown = ids.find((id) => !rows.has(id));
    if (ids.length === 0) more.patches = ['Bundles cannot be empty'];
    else if (unknown !== undefined) more.patches = [invalidPk(unknown)];
    else if (new Set([...rows.values()].map((p) => p.project_id)).size > 1) {
      more.patches = ['Bundle patches must belong to the same project'];
    } else {
      out.patches = ids;
      out.projectId = rows.get(ids[0])!.project_id;
    }
  }
  throwIfInvalid(BUNDLE_FIELDS, { ...errors, ...more });
  return out;
}

export async function createBundleEndpoint(ctx: ApiContext): Promise<Reply> {
  requireVersion(ctx);
  if (!ctx.user) throw notAuthenticated();
  const owner = ctx.user;
  const input = await writeInput(ctx, ['patches']);
  const id = inTransaction(ctx, () => {
    const checked = validate(ctx, input.data(), { partial: false, form: input.form, ownerId: owner.id });
    const bundleId = insertBundle(ctx.db, {
      owner_id: owner.id,
      project_id: checked.projectId!,
      name: checked.name!,
      public: Number(checked.public ?? false),
    });
    setBundlePatches(ctx.db, bundleId, checked.patches!);
    return bundleId;
  });
  const body = renderBundle(ctx, id);
  return { status: 201, body, headers: { Location: String(body.url) } };
}

/** The bundle a write may touch: others' private bundles do not exist for
 * the requester, others' public ones are refused. */
function ownBundle(ctx: ApiContext, id: number): BundleRow {
  const bundle = bundleById(ctx.db, id);
  if (!bundle || (!bundle.public && !ownsBundle(ctx.user, bundle))) throw notFound('Bundle');
  if (!ownsBundle(ctx.user, bundle)) refuse(ctx.user);
  return bundle;
}

export async function updateBundleEndpoint(ctx: ApiContext, params: Record<string, string>): Promise<Reply> {
  requireVersion(ctx);
  const id = parseId(params.id);
  const input = await writeInput(ctx, ['patches']);
  inTransaction(ctx, () => {
    const bundle = ownBundle(ctx, id);
    const checked = validate(ctx, input.data(), { partial: input.partial, form: input.form, ownerId: bundle.owner_id, bundleId: id });
    updateBundle(ctx.db, id, {
      name: checked.name,
      public: checked.public === undefined ? undefined : Number(checked.public),
      project_id: checked.projectId,
    });
    if (checked.patches) setBundlePatches(ctx.db, id, checked.patches);
  });
  return { body: renderBundle(ctx, id) };
}

export async function deleteBundleEndpoint(ctx: ApiContext, params: Record<string, string>): Promise<Reply> {
  requireVersion(ctx);
  const id = parseId(params.id);
  inTransaction(ctx, () => {
    ownBundle(ctx, id);
    deleteBundle(ctx.db, id);
  });
  return { status: 204, body: undefined };
}
