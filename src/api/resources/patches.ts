// Patches: GET patches/ and patches/<id>/ (API.md §4.4).
import type { Db } from '../../db/connection.ts';
import { PATCH_LIST as PATCH_SOURCE, patchBody, patchById, patchesInRelations, type PatchBodyRow } from '../../db/patches.ts';
import type { PatchRow } from '../../db/patches.ts';
import { projectsByIds } from '../../db/projects.ts';
import { peopleByIds, type PersonRow } from '../../db/people.ts';
import { usersByIds, type UserRow } from '../../db/users.ts';
import { listStates, type StateRow } from '../../db/states.ts';
import { seriesByIds } from '../../db/series.ts';
import { CHECK_STATES, newestCheckStates, type CheckState } from '../../db/checks.ts';
import { toApi } from '../../util/time.ts';
import { type ApiContext } from '../../http/context.ts';
import { unversionedApiUrl } from '../../http/urls.ts';
import type { Reply } from '../endpoint.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { PATCH_FILTERS } from '../filters.ts';
import { headersObject, prefixesOf } from '../headers.ts';
import { listDef, runList } from '../list.ts';
import {
  byId,
  embed,
  EMBEDDED_PATCH,
  EMBEDDED_PERSON,
  EMBEDDED_PROJECT,
  EMBEDDED_SERIES,
  EMBEDDED_USER,
  groupBy,
  idsOf,
  listArchiveUrl,
  patchMboxUrl,
  patchUrl,
  patchWebUrl,
  S,
  type PatchRef,
  type SeriesRef,
  embedded,
} from './embedded.ts';
import { pathId as parseId } from '../../http/ids.ts';

export interface PatchView extends PatchRef {
  submitter: PersonRow;
  delegate: UserRow | null;
  state: StateRow;
  series: SeriesRef | null;
  check: CheckState;
  related: PatchRef[];
  body?: PatchBodyRow;
}

/** Aggregate check state (API.md §7.7) from the states of the newest check
 * per (user, context): fail > warning > pending > success; none = pending. */
export function aggregateCheck(states: readonly number[]): CheckState {
  if (states.length === 0) return 'pending';
  for (const s of [3, 2, 0]) if (states.includes(s)) return CHECK_STATES[s];
  return 'success';
}

export const PATCH_FIELDS: readonly Field<PatchView>[] = [
  { name: 'id', schema: S.int, get: (p) => p.row.id },
  { name: 'url', schema: S.uri, get: (p, ctx) => patchUrl(ctx, p.row.id) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (p, ctx) => patchWebUrl(ctx, p) },
  { name: 'project', schema: S.ref('ProjectEmbedded'), get: (p, ctx) => embedded(EMBEDDED_PROJECT, p.project, ctx) },
  { name: 'msgid', schema: S.string, get: (p) => p.row.msgid },
  { name: 'list_archive_url', schema: S.archiveLink, since: '1.2', get: (p) => listArchiveUrl(p.project, p.row.msgid) },
  { name: 'date', schema: S.date, get: (p) => toApi(p.row.date) },
  { name: 'name', schema: S.string, get: (p) => p.row.name },
  { name: 'commit_ref', schema: S.nullableString, writable: true, get: (p) => p.row.commit_ref },
  // Repository and ref, 'git://host/repo.git next' (INGEST.md §6.7): not a URI.
  { name: 'pull_url', schema: S.nullableString, writable: true, get: (p) => p.row.pull_url },
  { name: 'state', schema: S.string, writable: true, get: (p) => p.state.slug },
  { name: 'archived', schema: S.bool, writable: true, get: (p) => p.row.archived === 1 },
  { name: 'hash', schema: S.nullableString, get: (p) => p.row.hash },
  { name: 'submitter', schema: S.ref('PersonEmbedded'), get: (p, ctx) => embedded(EMBEDDED_PERSON, p.submitter, ctx) },
  { name: 'delegate', schema: S.nullableRef('UserEmbedded'), writable: true, get: (p, ctx) => embed(EMBEDDED_USER, p.delegate, ctx) },
  { name: 'mbox', schema: S.uri, get: (p, ctx) => patchMboxUrl(ctx, p) },
  { name: 'series', schema: S.arrayOf('SeriesEmbedded'), get: (p, ctx) => (p.series ? [embedded(EMBEDDED_SERIES, p.series, ctx)] : []) },
  { name: 'comments', schema: S.uri, since: '1.1', get: (p, ctx) => unversionedApiUrl(ctx, `patches/${p.row.id}/comments/`) },
  { name: 'check', schema: { type: 'string', enum: [...CHECK_STATES] }, get: (p) => p.check },
  { name: 'checks', schema: S.uri, get: (p, ctx) => unversionedApiUrl(ctx, `patches/${p.row.id}/checks/`) },
  { name: 'tags', schema: { type: 'object' }, get: () => ({}) },
  { name: 'related', schema: S.arrayOf('PatchEmbedded'), since: '1.2', writable: true, get: (p, ctx) => p.related.map((r) => serialize(EMBEDDED_PATCH, r, ctx)) },
  { name: 'headers', schema: S.headers, detailOnly: true, get: (p) => headersObject(p.body?.headers ?? '') },
  { name: 'content', schema: S.nullableString, detailOnly: true, get: (p) => p.body?.content ?? null },
  { name: 'diff', schema: S.nullableString, detailOnly: true, get: (p) => p.body?.diff ?? null },
  { name: 'prefixes', schema: { type: 'array', items: { type: 'string' } }, detailOnly: true, get: (p) => prefixesOf(p.row.name) },
];

/** Views for a page of patches: one query per kind of related row. */
export function loadPatchViews(db: Db, rows: readonly PatchRow[]): PatchView[] {
  if (rows.length === 0) return [];
  const pageIds = rows.map((r) => r.id);
  const relatedRows = patchesInRelations(db, idsOf(rows.map((r) => r.related_id)));
  const seriesRows = byId(seriesByIds(db, idsOf(rows.map((r) => r.series_id))));
  const projects = byId(projectsByIds(db, idsOf([...rows, ...relatedRows, ...seriesRows.values()].map((r) => r.project_id))));
  const people = byId(peopleByIds(db, idsOf(rows.map((r) => r.submitter_id))));
  const users = byId(usersByIds(db, idsOf(rows.map((r) => r.delegate_id))));
  const states = byId(listStates(db));
  const checks = groupBy(newestCheckStates(db, pageIds), (c) => c.patch_id);
  const relations = groupBy(relatedRows, (r) => r.related_id!);
  // One ref per series, shared by its patches, so it is serialized once.
  const seriesRefs = new Map([...seriesRows.values()].map((s) => [s.id, { row: s, project: projects.get(s.project_id)! }]));
  return rows.map((row) => {
    return {
      row,
      project: projects.get(row.project_id)!,
      submitter: people.get(row.submitter_id)!,
      delegate: row.delegate_id === null ? null : users.get(row.delegate_id) ?? null,
      state: states.get(row.state_id)!,
      series: row.series_id === null ? null : seriesRefs.get(row.series_id) ?? null,
      check: aggregateCheck((checks.get(row.id) ?? []).map((c) => c.state)),
      related: (row.related_id === null ? [] : relations.get(row.related_id) ?? [])
        .filter((r) => r.id !== row.id)
        .map((r) => ({ row: r, project: projects.get(r.project_id)! })),
    };
  });
}

/** One patch with everything its detail representation shows, or undefined. */
export function loadPatch(db: Db, id: number): PatchView | undefined {
  const row = patchById(db, id);
  if (!row) return undefined;
  const [view] = loadPatchViews(db, [row]);
  view.body = patchBody(db, id);
  return view;
}

export function serializePatch(ctx: ApiContext, view: PatchView, options: SerializeOptions = {}): Record<string, unknown> {
  return serialize(PATCH_FIELDS, view, ctx, options);
}

export const PATCH_LIST = listDef({
  source: PATCH_SOURCE,
  filters: PATCH_FILTERS,
  search: ['name'],
  order: {
    fields: {
      id: 'id',
      name: 'name',
      project: 'project_linkname',
      date: 'date',
      state: 'state_ordering',
      archived: 'archived',
      submitter: 'submitter_id',
      check: 'newest_check',
    },
    default: [{ sql: 'id', desc: false }],
    tieBreaker: 'id',
  },
});

export function listPatches(ctx: ApiContext): Reply {
  const { rows, headers } = runList(ctx, PATCH_LIST);
  return { body: loadPatchViews(ctx.db, rows).map((v) => serializePatch(ctx, v)), headers };
}

export function getPatch(ctx: ApiContext, params: Record<string, string>): Reply {
  const view = loadPatch(ctx.db, parseId(params.id));
  if (!view) throw notFound('Patch');
  return { body: serializePatch(ctx, view, { detail: true }) };
}
