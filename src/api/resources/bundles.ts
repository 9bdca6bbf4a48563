// Bundles: GET bundles/ and bundles/<id>/ (API.md §4.10). Anonymous
// requests see public bundles; a user also sees their own private ones.
import type { Db } from '../../db/connection.ts';
import { BUNDLE_LIST as BUNDLE_SOURCE, bundleById, bundlePatchesByDate, bundlesVisibleTo, type BundleRow } from '../../db/bundles.ts';
import { projectsByIds } from '../../db/projects.ts';
import { usersByIds, type UserRow } from '../../db/users.ts';
import { bundleMboxPath, bundlePath } from '../../http/urls.ts';
import { type ApiContext } from '../../http/context.ts';
import { webUrl } from '../../http/urls.ts';
import type { Reply } from '../endpoint.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { BUNDLE_FILTERS } from '../filters.ts';
import { listDef, runList } from '../list.ts';
import { bundleUrl, byId, EMBEDDED_PATCH, EMBEDDED_PROJECT, EMBEDDED_USER, groupBy, idsOf, S, type PatchRef, embedded } from './embedded.ts';
import type { ProjectRow } from '../../db/projects.ts';
import { pathId as parseId } from '../../http/ids.ts';

export interface BundleView {
  row: BundleRow;
  project: ProjectRow;
  owner: UserRow;
  patches: PatchRef[];
}

export const BUNDLE_FIELDS: readonly Field<BundleView>[] = [
  { name: 'id', schema: S.int, get: (b) => b.row.id },
  { name: 'url', schema: S.uri, get: (b, ctx) => bundleUrl(ctx, b.row.id) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (b, ctx) => webUrl(ctx, bundlePath(b.owner.username, b.row.name).slice(1)) },
  { name: 'project', schema: S.ref('ProjectEmbedded'), get: (b, ctx) => embedded(EMBEDDED_PROJECT, b.project, ctx) },
  { name: 'name', schema: S.string, writable: true, get: (b) => b.row.name },
  { name: 'owner', schema: S.ref('UserEmbedded'), get: (b, ctx) => embedded(EMBEDDED_USER, b.owner, ctx) },
  { name: 'patches', schema: S.arrayOf('PatchEmbedded'), writable: true, get: (b, ctx) => b.patches.map((p) => serialize(EMBEDDED_PATCH, p, ctx)) },
  { name: 'public', schema: S.bool, writable: true, get: (b) => b.row.public === 1 },
  { name: 'mbox', schema: S.uri, get: (b, ctx) => webUrl(ctx, bundleMboxPath(b.owner.username, b.row.name).slice(1)) },
];

export function loadBundleViews(db: Db, rows: readonly BundleRow[]): BundleView[] {
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

export function canSeeBundle(ctx: ApiContext, row: BundleRow): boolean {
  return row.public === 1 || ctx.user?.id === row.owner_id;
}

/** A bundle the requester may see, with its embedded objects; private bundles of others are not found. */
export function loadBundle(ctx: ApiContext, id: number): BundleView | undefined {
  const row = bundleById(ctx.db, id);
  return row && canSeeBundle(ctx, row) ? loadBundleViews(ctx.db, [row])[0] : undefined;
}

export function serializeBundle(ctx: ApiContext, view: BundleView, options: SerializeOptions = {}): Record<string, unknown> {
  return serialize(BUNDLE_FIELDS, view, ctx, options);
}

export const BUNDLE_LIST = listDef({
  source: BUNDLE_SOURCE,
  filters: BUNDLE_FILTERS,
  search: ['name'],
  order: { fields: { id: 'id', name: 'name', owner: 'owner_id' }, default: [{ sql: 'id', desc: false }], tieBreaker: 'id' },
});

export function listBundles(ctx: ApiContext): Reply {
  const { rows, headers } = runList(ctx, BUNDLE_LIST, [bundlesVisibleTo(ctx.user?.id ?? null)]);
  return { body: loadBundleViews(ctx.db, rows).map((v) => serializeBundle(ctx, v)), headers };
}

export function getBundle(ctx: ApiContext, params: Record<string, string>): Reply {
  const view = loadBundle(ctx, parseId(params.id));
  if (!view) throw notFound('Bundle');
  return { body: serializeBundle(ctx, view, { detail: true }) };
}
