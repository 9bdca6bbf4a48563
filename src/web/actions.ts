// The forms that change patches and bundles. Each calls the API's own write
// rules (the resources in src/api/resources/) as the logged-in user, so permissions, validation
// and events are the API's; a bulk change is one transaction, all or nothing.
import { changePatch } from '../api/resources/patches.ts';
import { bundleWrites } from '../api/resources/bundles.ts';
import { bundleById } from '../db/bundles.ts';
import { patchById } from '../db/patches.ts';
import { listStates } from '../db/states.ts';
import { bundlePatchIdsByPosition } from '../db/downloads.ts';
import { HttpError } from '../http/errors.ts';
import { inTransaction } from '../api/write.ts';
import { apiContextOf, attempt, localPath, requireUser, type FormData, type FormResult, type WebContext } from './context.ts';

const ID = /^\d{1,15}$/;

function selectedIds(data: FormData): number[] {
  return [
    ...new Set(
      data
        .all('patch')
        .filter((v) => ID.test(v))
        .map(Number),
    ),
  ];
}

/** The state, delegate, archived and commit ref a form asks to change. */
export function patchChanges(data: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const state = data.get('state');
  if (state) out.state = state;
  const delegate = data.get('delegate');
  if (delegate === 'nobody') out.delegate = null;
  else if (delegate) out.delegate = delegate;
  const archived = data.get('archived');
  if (archived === 'true' || archived === 'false') out.archived = archived;
  const commitRef = data.get('commit_ref');
  if (commitRef !== undefined) out.commit_ref = commitRef.trim() === '' ? null : commitRef.trim();
  return out;
}

/** The patch form sends every field; only what differs from the patch is a
 * change (so keeping a delegate the form cannot list is not a new delegation). */
function unchanged(ctx: WebContext, patchId: number, changes: Record<string, unknown>): Record<string, unknown> {
  const patch = patchById(ctx.db, patchId);
  if (!patch) return changes;
  const out = { ...changes };
  if (out.state !== undefined && listStates(ctx.db).find((st) => st.slug === out.state)?.id === patch.state_id) delete out.state;
  if (out.delegate !== undefined && String(out.delegate ?? '') === String(patch.delegate_id ?? '')) delete out.delegate;
  if (out.archived !== undefined && (out.archived === 'true') === (patch.archived === 1)) delete out.archived;
  if (out.commit_ref !== undefined && out.commit_ref === patch.commit_ref) delete out.commit_ref;
  return out;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 'es'}`;

/** Applies the same change to every selected patch in one transaction. */
export function updatePatches(ctx: WebContext, ids: readonly number[], changes: Record<string, unknown>): void {
  const api = apiContextOf(ctx);
  inTransaction(api, () => {
    for (const id of ids) changePatch(api, id, changes);
  });
}

/** POST to a project's list: the bulk forms under the table. */
export function listAction(ctx: WebContext, data: FormData): FormResult {
  requireUser(ctx);
  const back = localPath(data.get('return'), ctx.path);
  const ids = selectedIds(data);
  return attempt(back, () => {
    if (ids.length === 0) throw new HttpError(400, { detail: 'Select at least one patch first.' });
    const api = apiContextOf(ctx);
    switch (data.get('action')) {
      case 'update': {
        const changes = patchChanges(data);
        delete changes.commit_ref;
        if (Object.keys(changes).length === 0)
          throw new HttpError(400, { detail: 'Choose a state, delegate or archive setting to change.' });
        updatePatches(ctx, ids, changes);
        return { redirect: back, flash: { text: `Updated ${plural(ids.length, 'patch')}.`, error: false } };
      }
      case 'bundle-add': {
        const bundleId = Number(data.get('bundle'));
        const bundle = bundleById(ctx.db, bundleId);
        inTransaction(api, () => {
          const current = bundle ? bundlePatchIdsByPosition(ctx.db, bundle.id) : [];
          bundleWrites.change(api, bundleId, { patches: [...current, ...ids] });
        });
        return { redirect: back, flash: { text: `Added ${plural(ids.length, 'patch')} to bundle ${bundle!.name}.`, error: false } };
      }
      case 'bundle-create': {
        const name = (data.get('bundle_name') ?? '').trim();
        inTransaction(api, () => bundleWrites.create(api, { name, patches: ids, public: 'false' }));
        return { redirect: back, flash: { text: `Created bundle ${name} with ${plural(ids.length, 'patch')}.`, error: false } };
      }
      default:
        throw new HttpError(400, { detail: 'Unknown action.' });
    }
  });
}

/** POST to a patch page: its properties, or adding it to a bundle. */
export function patchAction(ctx: WebContext, data: FormData, patchId: number, back: string): FormResult {
  requireUser(ctx);
  return attempt(back, () => {
    const api = apiContextOf(ctx);
    if (data.get('action') === 'bundle-add' || data.get('action') === 'bundle-create') {
      const name = (data.get('bundle_name') ?? '').trim();
      inTransaction(api, () => {
        if (data.get('action') === 'bundle-create') bundleWrites.create(api, { name, patches: [patchId], public: 'false' });
        else {
          const bundleId = Number(data.get('bundle'));
          const current = bundleById(ctx.db, bundleId) ? bundlePatchIdsByPosition(ctx.db, bundleId) : [];
          bundleWrites.change(api, bundleId, { patches: [...current, patchId] });
        }
      });
      return { redirect: back, flash: { text: 'Added the patch to the bundle.', error: false } };
    }
    const changes = unchanged(ctx, patchId, patchChanges(data));
    updatePatches(ctx, [patchId], changes);
    return { redirect: back, flash: { text: 'Patch updated.', error: false } };
  });
}

/** POST to a bundle page: its owner removes patches, publishes or deletes it. */
export function bundleAction(ctx: WebContext, data: FormData, bundleId: number, back: string): FormResult {
  requireUser(ctx);
  return attempt(back, () => {
    const api = apiContextOf(ctx);
    switch (data.get('action')) {
      case 'remove': {
        const drop = new Set(selectedIds(data));
        if (drop.size === 0) throw new HttpError(400, { detail: 'Select at least one patch first.' });
        inTransaction(api, () => {
          const keep = bundlePatchIdsByPosition(ctx.db, bundleId).filter((id) => !drop.has(id));
          bundleWrites.change(api, bundleId, { patches: keep });
        });
        return { redirect: back, flash: { text: `Removed ${plural(drop.size, 'patch')} from the bundle.`, error: false } };
      }
      case 'public':
      case 'private': {
        const makePublic = data.get('action') === 'public';
        inTransaction(api, () => bundleWrites.change(api, bundleId, { public: String(makePublic) }));
        return { redirect: back, flash: { text: makePublic ? 'The bundle is public.' : 'The bundle is private.', error: false } };
      }
      case 'delete': {
        inTransaction(api, () => bundleWrites.delete(api, bundleId));
        return { redirect: '/user/', flash: { text: 'Bundle deleted.', error: false } };
      }
      default:
        throw new HttpError(400, { detail: 'Unknown action.' });
    }
  });
}
