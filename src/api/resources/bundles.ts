// Bundles: bundles/ and bundles/<id>/ (docs/api.md §4.10). Anonymous requests
// see public bundles; a user also sees their own private ones. From API 1.2
// any user creates bundles and becomes their owner; only the owner changes
// or deletes them.
import type { Db } from '../../db/connection.ts';
import {
  BUNDLE_LIST as BUNDLE_SOURCE,
  bundleById,
  bundleByOwnerAndName,
  bundlePatchesByDate,
  bundlesVisibleTo,
  deleteBundle,
  insertBundle,
  setBundlePatches,
  updateBundle,
  type BundleRow,
} from '../../db/bundles.ts';
import { patchesByIds } from '../../db/patches.ts';
import { projectsByIds } from '../../db/projects.ts';
import { usersByIds, type UserRow } from '../../db/users.ts';
import { bundleMboxPath, bundlePath } from '../../http/urls.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { webUrl } from '../../http/urls.ts';
import { notAuthenticated, notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { BUNDLE_FILTERS } from '../filters.ts';
import { listDef, runList } from '../list.ts';
import { listItems } from '../items.ts';
import { ownsBundle } from '../permissions.ts';
import { idParam, type Resource } from '../resource.ts';
import { booleanField, charField, invalidPk, pkListField, type FieldErrors } from '../validation.ts';
import { inTransaction, refuse, valuesInput, type WriteInput } from '../write.ts';
import { bundleUrl, byId, EMBEDDED_PATCH, EMBEDDED_PROJECT, EMBEDDED_USER, groupBy, idsOf, S, type PatchRef, embedded } from './embedded.ts';
import type { ProjectRow } from '../../db/projects.ts';
import { pathId as parseId } from '../../http/ids.ts';

interface BundleView {
  row: BundleRow;
  project: ProjectRow;
  owner: UserRow;
  patches: PatchRef[];
}

const BUNDLE_FIELDS: readonly Field<BundleView>[] = [
  { name: 'id', schema: S.int, get: (b) => b.row.id },
  { name: 'url', schema: S.uri, get: (b, ctx) => bundleUrl(ctx, b.row.id) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (b, ctx) => webUrl(ctx, bundlePath(b.owner.username, b.row.name).slice(1)) },
  { name: 'project', schema: S.ref('ProjectEmbedded'), get: (b, ctx) => embedded(EMBEDDED_PROJECT, b.project, ctx) },
  { name: 'name', schema: S.string, write: charField({ maxLength: 50 }), required: true, get: (b) => b.row.name },
  { name: 'owner', schema: S.ref('UserEmbedded'), get: (b, ctx) => embedded(EMBEDDED_USER, b.owner, ctx) },
  { name: 'patches', schema: S.arrayOf('PatchEmbedded'), write: pkListField(), required: true, get: (b, ctx) => b.patches.map((p) => serialize(EMBEDDED_PATCH, p, ctx)) },
  { name: 'public', schema: S.bool, write: booleanField(), get: (b) => b.row.public === 1 },
  { name: 'mbox', schema: S.uri, get: (b, ctx) => webUrl(ctx, bundleMboxPath(b.owner.username, b.row.name).slice(1)) },
];

function loadBundleViews(db: Db, rows: readonly BundleRow[]): BundleView[] {
  if (rows.length === 0) return [];
  const patches = bundlePatchesByDate(db, rows.map((r) => r.id));
  const projects = byId(projectsByIds(db, idsOf([...rows, ...patches].map((r) => r.project_id))));
  const owners = byId(usersByIds(db, idsOf(rows.map((r) => r.owner_id))));
  const byBundle = groupBy(patches, (p) => p.bundle_id);
  return rows.map((row) => ({
    row,
    project: projects.get(row.project_id)!,
    owner: owners.get(row.owner_id)!,
    patches: (byBundle.get(row.id) ?? []).map(({ bundle_id: _, ...p }) => ({ row: p, project: projects.get(p.project_id)! })),
  }));
}

function canSeeBundle(ctx: ApiContext, row: BundleRow): boolean {
  return row.public === 1 || ctx.user?.id === row.owner_id;
}

/** A bundle the requester may see, with its embedded objects; private bundles of others are not found. */
function loadBundle(ctx: ApiContext, id: number): BundleView | undefined {
  const row = bundleById(ctx.db, id);
  return row && canSeeBundle(ctx, row) ? loadBundleViews(ctx.db, [row])[0] : undefined;
}

function serializeBundle(ctx: ApiContext, view: BundleView, options: SerializeOptions = {}): JsonText {
  return serialize(BUNDLE_FIELDS, view, ctx, options);
}

export const BUNDLE_LIST = listDef({
  source: BUNDLE_SOURCE,
  filters: BUNDLE_FILTERS,
  search: ['name'],
  order: { fields: { id: 'id', name: 'name', owner: 'owner_id' }, default: [{ sql: 'id', desc: false }], tieBreaker: 'id' },
});

interface Checked {
  name?: string;
  public?: boolean;
  patches?: number[];
  projectId?: number;
}

interface BundleWrite {
  name: string;
  patches: number[];
  public: boolean;
}

function validate(ctx: ApiContext, input: WriteInput, ownerId: number, bundleId?: number): Checked {
  const { values, errors } = input.parse<BundleWrite>();
  const more: FieldErrors = {};
  const out: Checked = {};
  if (values.name != null) {
    const clash = bundleByOwnerAndName(ctx.db, ownerId, values.name);
    if (clash && clash.id !== bundleId) more.name = ['You already have a bundle with this name.'];
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
  input.check({ ...errors, ...more });
  return out;
}

/** The bundle a write may touch: others' private bundles do not exist for
 * the requester, others' public ones are refused. */
function ownBundle(ctx: ApiContext, id: number): BundleRow {
  const bundle = bundleById(ctx.db, id);
  if (!bundle || (!bundle.public && !ownsBundle(ctx.user, bundle))) throw notFound('Bundle');
  if (!ownsBundle(ctx.user, bundle)) refuse(ctx.user);
  return bundle;
}

function createBundle(ctx: ApiContext, input: WriteInput): number {
  if (!ctx.user) throw notAuthenticated();
  const owner = ctx.user;
  return inTransaction(ctx, () => {
    const checked = validate(ctx, input, owner.id);
    const bundleId = insertBundle(ctx.db, {
      owner_id: owner.id,
      project_id: checked.projectId!,
      name: checked.name!,
      public: Number(checked.public ?? false),
    });
    setBundlePatches(ctx.db, bundleId, checked.patches!);
    return bundleId;
  });
}

function updateBundleFields(ctx: ApiContext, id: number, input: WriteInput): void {
  inTransaction(ctx, () => {
    const bundle = ownBundle(ctx, id);
    const checked = validate(ctx, input, bundle.owner_id, id);
    updateBundle(ctx.db, id, {
      name: checked.name,
      public: checked.public === undefined ? undefined : Number(checked.public),
      project_id: checked.projectId,
    });
    if (checked.patches) setBundlePatches(ctx.db, id, checked.patches);
  });
}

function deleteOwnBundle(ctx: ApiContext, id: number): void {
  inTransaction(ctx, () => {
    ownBundle(ctx, id);
    deleteBundle(ctx.db, id);
  });
}

/** The API's bundle writes, for the web forms: `values` as a form sends them. */
export const bundleWrites = {
  create: (ctx: ApiContext, values: Record<string, unknown>): number =>
    createBundle(ctx, valuesInput(BUNDLE_FIELDS, values, { form: true, partial: false })),
  change: (ctx: ApiContext, id: number, values: Record<string, unknown>): void =>
    updateBundleFields(ctx, id, valuesInput(BUNDLE_FIELDS, values, { form: true, partial: true })),
  delete: deleteOwnBundle,
};

function bundleDetail(ctx: ApiContext, id: number): JsonText {
  const view = loadBundle(ctx, id);
  if (!view) throw notFound('Bundle');
  return serializeBundle(ctx, view, { detail: true });
}

const REQUEST = { fields: BUNDLE_FIELDS, component: 'BundleCreateUpdate', errorComponent: 'ErrorBundleCreateUpdate' };

export const bundles: Resource = {
  tag: { name: 'bundles', description: 'Bundles of patches' },
  components: {
    Bundle: { title: 'Bundle', description: 'A named list of patches of one project.', fields: BUNDLE_FIELDS },
  },
  routes: [
    {
      path: 'bundles/',
      get: {
        operationId: 'bundles_list',
        summary: 'List bundles.',
        description: 'Public bundles, and with credentials also your own private ones.',
        component: 'Bundle',
        list: BUNDLE_LIST,
        handler: (ctx) => {
          const { rows, headers } = runList(ctx, BUNDLE_LIST, [bundlesVisibleTo(ctx.user?.id ?? null)]);
          return { body: listItems(ctx, 'bundle', loadBundleViews(ctx.db, rows), (v) => v.row.id, (v) => serializeBundle(ctx, v)), headers };
        },
      },
      create: {
        since: '1.2',
        operationId: 'bundles_create',
        what: 'bundle',
        summary: 'Create a bundle.',
        description: 'A new bundle owned by you. Its patches must all belong to one project.',
        request: { ...REQUEST, description: "The bundle's name, its patches (ids) and whether it is public." },
        component: 'Bundle',
        handler: (ctx, _params, input) => {
          const id = createBundle(ctx, input);
          return { status: 201, body: bundleDetail(ctx, id), headers: { Location: bundleUrl(ctx, id) } };
        },
      },
    },
    {
      path: 'bundles/:id/',
      params: [idParam('bundle')],
      get: {
        operationId: 'bundles_read',
        summary: 'Show a bundle.',
        description: "A public bundle, or one of your own. Someone else's private bundle is 404.",
        component: 'Bundle',
        handler: (ctx, params) => ({ body: bundleDetail(ctx, parseId(params.id)) }),
      },
      update: {
        since: '1.2',
        operationIds: 'bundles',
        what: 'bundle',
        description: "For the bundle's owner. A non-empty `patches` replaces the bundle's patches, in the order given.",
        request: REQUEST,
        component: 'Bundle',
        handler: (ctx, params, input) => {
          const id = parseId(params.id);
          updateBundleFields(ctx, id, input);
          return { body: bundleDetail(ctx, id) };
        },
      },
      delete: {
        since: '1.2',
        operationId: 'bundles_delete',
        summary: 'Delete a bundle.',
        description: "For the bundle's owner.",
        handler: (ctx, params) => {
          deleteOwnBundle(ctx, parseId(params.id));
          return { status: 204, body: undefined };
        },
      },
    },
  ],
};
