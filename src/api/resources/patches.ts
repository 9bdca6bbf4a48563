// Patches: patches/ and patches/<id>/ (docs/api.md §4.4); updates of state,
// delegate, archived, commit_ref, pull_url and related (§4.5), with their
// events (§6).
import * as v from 'valibot';
import type { Db } from '../../db/connection.ts';
import { PATCH_LIST as PATCH_SOURCE, patchBody, patchById, patchesByIds, patchesInRelations, updatePatch, type PatchBodyRow, type PatchChanges, type PatchRow } from '../../db/patches.ts';
import { isMaintainer, projectById, projectsByIds } from '../../db/projects.ts';
import { existingIds } from '../../db/listing.ts';
import { insertEvent } from '../../db/events.ts';
import { peopleByIds, type PersonRow } from '../../db/people.ts';
import { userById, usersByIds, type UserRow } from '../../db/users.ts';
import { listStates, type StateRow } from '../../db/states.ts';
import { seriesByIds } from '../../db/series.ts';
import { CHECK_STATES, newestCheckStates, type CheckState } from '../../db/checks.ts';
import { slugify } from '../../util/slug.ts';
import { toApi } from '../../util/time.ts';
import { pythonType } from '../../http/body.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { unversionedApiUrl } from '../../http/urls.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { PATCH_FILTERS } from '../filters.ts';
import { headersJson, prefixesOf } from '../headers.ts';
import { listDef, runRevisionList } from '../list.ts';
import { itemsOfRevisions } from '../items.ts';
import { canEditPatch } from '../permissions.ts';
import { idParam, type Resource } from '../resource.ts';
import { booleanField, charField, invalidPk, NULL_MESSAGE, pkField, pkListField, type FieldErrors } from '../validation.ts';
import { inTransaction, refuse, valuesInput, type WriteInput } from '../write.ts';
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
import { applyRelation } from './relations.ts';
import { pathId } from '../../http/ids.ts';

interface PatchView extends PatchRef {
  submitter: PersonRow;
  delegate: UserRow | null;
  state: StateRow;
  series: SeriesRef | null;
  check: CheckState;
  related: PatchRef[];
  body?: PatchBodyRow;
}

/** Aggregate check state (docs/api.md §7.7) from the states of the newest check
 * per (user, context): fail > warning > pending > success; none = pending. */
export function aggregateCheck(states: readonly number[]): CheckState {
  if (states.length === 0) return 'pending';
  for (const s of [3, 2, 0]) if (states.includes(s)) return CHECK_STATES[s];
  return 'success';
}

/** The state as sent: a string, slugified for the lookup. Blank is null, as
 * for any related field in DRF. */
const stateField = v.pipe(
  v.string((issue) => (issue.input === null ? NULL_MESSAGE : `Incorrect type. Expected string value, received ${pythonType(issue.input)}.`)),
  v.check((name) => name !== '', NULL_MESSAGE),
  v.description('State slug (or name), e.g. under-review'),
  v.transform(slugify),
);

const nullableText = () => charField({ maxLength: 255, allowBlank: true, nullable: true });

const PATCH_FIELDS: readonly Field<PatchView>[] = [
  { name: 'id', schema: S.int, get: (p) => p.row.id },
  { name: 'url', schema: S.uri, get: (p, ctx) => patchUrl(ctx, p.row.id) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (p, ctx) => patchWebUrl(ctx, p) },
  { name: 'project', schema: S.ref('ProjectEmbedded'), get: (p, ctx) => embedded(EMBEDDED_PROJECT, p.project, ctx) },
  { name: 'msgid', schema: S.string, get: (p) => p.row.msgid },
  { name: 'list_archive_url', schema: S.archiveLink, since: '1.2', get: (p) => listArchiveUrl(p.project, p.row.msgid) },
  { name: 'date', schema: S.date, get: (p) => toApi(p.row.date) },
  { name: 'name', schema: S.string, get: (p) => p.row.name },
  { name: 'commit_ref', schema: S.nullableString, write: nullableText(), get: (p) => p.row.commit_ref },
  // Repository and ref, 'git://host/repo.git next' (docs/ingest.md §6.7): not a URI.
  { name: 'pull_url', schema: S.nullableString, write: nullableText(), get: (p) => p.row.pull_url },
  { name: 'state', schema: S.string, write: stateField, required: true, get: (p) => p.state.slug },
  { name: 'archived', schema: S.bool, write: booleanField(), get: (p) => p.row.archived === 1 },
  { name: 'hash', schema: S.nullableString, get: (p) => p.row.hash },
  { name: 'submitter', schema: S.ref('PersonEmbedded'), get: (p, ctx) => embedded(EMBEDDED_PERSON, p.submitter, ctx) },
  { name: 'delegate', schema: S.nullableRef('UserEmbedded'), write: pkField({ nullable: true }), required: true, get: (p, ctx) => embed(EMBEDDED_USER, p.delegate, ctx) },
  { name: 'mbox', schema: S.uri, get: (p, ctx) => patchMboxUrl(ctx, p) },
  { name: 'series', schema: S.arrayOf('SeriesEmbedded'), get: (p, ctx) => (p.series ? [embedded(EMBEDDED_SERIES, p.series, ctx)] : []) },
  { name: 'comments', schema: S.uri, since: '1.1', get: (p, ctx) => unversionedApiUrl(ctx, `patches/${p.row.id}/comments/`) },
  { name: 'check', schema: { type: 'string', enum: [...CHECK_STATES] }, get: (p) => p.check },
  { name: 'checks', schema: S.uri, get: (p, ctx) => unversionedApiUrl(ctx, `patches/${p.row.id}/checks/`) },
  { name: 'tags', schema: { type: 'object' }, get: () => ({}) },
  { name: 'related', schema: S.arrayOf('PatchEmbedded'), since: '1.2', write: pkListField(), get: (p, ctx) => p.related.map((r) => serialize(EMBEDDED_PATCH, r, ctx)) },
  { name: 'headers', schema: S.headers, detailOnly: true, get: (p) => headersJson(p.body?.headers ?? '') },
  { name: 'content', schema: S.nullableString, detailOnly: true, get: (p) => p.body?.content ?? null },
  { name: 'diff', schema: S.nullableString, detailOnly: true, get: (p) => p.body?.diff ?? null },
  { name: 'prefixes', schema: { type: 'array', items: { type: 'string' } }, detailOnly: true, get: (p) => prefixesOf(p.row.name) },
];

/** Views for a page of patches: one query per kind of related row. */
function loadPatchViews(db: Db, rows: readonly PatchRow[]): PatchView[] {
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
function loadPatch(db: Db, id: number): PatchView | undefined {
  const row = patchById(db, id);
  if (!row) return undefined;
  const [view] = loadPatchViews(db, [row]);
  view.body = patchBody(db, id);
  return view;
}

function serializePatch(ctx: ApiContext, view: PatchView, options: SerializeOptions = {}): JsonText {
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

function checkState(states: StateRow[], slug: string): StateRow | string {
  return (
    states.find((s) => s.slug === slug) ?? `Invalid state ${slug}. Expected one of: ${states.map((s) => s.slug).join(', ')}.`
  );
}

function checkDelegate(ctx: ApiContext, patch: PatchRow, id: number): string | null {
  const user = userById(ctx.db, id);
  if (!user) return invalidPk(id);
  if (!isMaintainer(ctx.db, patch.project_id, id)) {
    return `User '${user.username}' is not a maintainer for project '${projectById(ctx.db, patch.project_id)!.name}'`;
  }
  return null;
}

interface PatchWrite {
  commit_ref: string | null;
  pull_url: string | null;
  state: string;
  archived: boolean | null;
  delegate: number | null;
  related: number[];
}
type PatchValues = Partial<PatchWrite>;

/** Field checks, then the ones that need the database (state lookup,
 * delegate, related ids), all reported together in one 400. */
function validate(ctx: ApiContext, patch: PatchRow, input: WriteInput): { values: PatchValues; state?: StateRow } {
  const { values, errors } = input.parse<PatchWrite>();
  const more: FieldErrors = {};
  let state: StateRow | undefined;
  if (values.state !== undefined) {
    const found = checkState(listStates(ctx.db), values.state);
    if (typeof found === 'string') more.state = [found];
    else state = found;
  }
  if (values.delegate !== undefined && values.delegate !== null) {
    const problem = checkDelegate(ctx, patch, values.delegate);
    if (problem) more.delegate = [problem];
  }
  if (values.related !== undefined) {
    const known = existingIds(ctx.db, 'patches', values.related);
    const unknown = values.related.find((r) => !known.has(r));
    if (unknown !== undefined) more.related = [invalidPk(unknown)];
  }
  input.check({ ...errors, ...more });
  return { values, state };
}

function save(ctx: ApiContext, user: UserRow, patch: PatchRow, values: PatchValues, state: StateRow | undefined): void {
  if (values.related !== undefined) applyRelation(ctx.db, user, patch, values.related);
  const changes: PatchChanges = {};
  if (state) changes.state_id = state.id;
  if (values.delegate !== undefined) changes.delegate_id = values.delegate;
  if (values.archived != null) changes.archived = Number(values.archived);
  if (values.commit_ref !== undefined) changes.commit_ref = values.commit_ref;
  if (values.pull_url !== undefined) changes.pull_url = values.pull_url;
  updatePatch(ctx.db, patch.id, changes);

  if (state && state.id !== patch.state_id) {
    insertEvent(ctx.db, patch.project_id, 'patch-state-changed', {
      actorId: user.id,
      patchId: patch.id,
      previousStateId: patch.state_id,
      currentStateId: state.id,
    });
  }
  if (changes.delegate_id !== undefined && changes.delegate_id !== patch.delegate_id) {
    insertEvent(ctx.db, patch.project_id, 'patch-delegated', {
      actorId: user.id,
      patchId: patch.id,
      previousDelegateId: patch.delegate_id,
      currentDelegateId: changes.delegate_id,
    });
  }
}

function updatePatchFields(ctx: ApiContext, id: number, input: WriteInput): void {
  inTransaction(ctx, () => {
    const patch = patchById(ctx.db, id);
    if (!patch) throw notFound('Patch');
    if (!canEditPatch(ctx.db, ctx.user, patch)) refuse(ctx.user);
    const { values, state } = validate(ctx, patch, input);
    save(ctx, ctx.user!, patch, values, state);
  });
}

/** The API's patch update, for the web forms: `values` as a form sends them
 * (partial). A bulk change calls it once per patch inside its own
 * transaction, which this one then joins. */
export function changePatch(ctx: ApiContext, id: number, values: Record<string, unknown>): void {
  updatePatchFields(ctx, id, valuesInput(PATCH_FIELDS, values, { form: true, partial: true }));
}

function patchDetail(ctx: ApiContext, id: number): JsonText {
  const view = loadPatch(ctx.db, id);
  if (!view) throw notFound('Patch');
  return serializePatch(ctx, view, { detail: true });
}

export const patches: Resource = {
  tag: { name: 'patches', description: 'Patches' },
  components: {
    PatchList: { title: 'Patch (list item)', description: 'A patch, as lists show it.', fields: PATCH_FIELDS },
    PatchDetail: {
      title: 'Patch',
      description: 'A patch with its headers, message body, diff and subject prefixes.',
      fields: PATCH_FIELDS,
      detail: true,
    },
  },
  routes: [
    {
      path: 'patches/',
      get: {
        operationId: 'patches_list',
        summary: 'List patches.',
        description:
          'All patches of all projects, archived ones and every state included, unless filters say otherwise. ' +
          'Invalid filter values give an empty list, not an error.',
        component: 'PatchList',
        list: PATCH_LIST,
        handler: (ctx) => {
          const { rows, headers } = runRevisionList(ctx, PATCH_LIST);
          // Rows, and what they embed, are loaded only for items not kept (sql/0008, sql/0010).
          const render = (ids: number[]) => {
            const found = byId(patchesByIds(ctx.db, ids));
            return loadPatchViews(ctx.db, ids.map((id) => found.get(id)!)).map((v) => serializePatch(ctx, v));
          };
          return { body: itemsOfRevisions(ctx, 'patch', rows, render), headers };
        },
      },
    },
    {
      path: 'patches/:id/',
      params: [idParam('patch')],
      get: {
        operationId: 'patches_read',
        summary: 'Show a patch.',
        description: 'A patch by its id.',
        component: 'PatchDetail',
        handler: (ctx, params) => ({ body: patchDetail(ctx, pathId(params.id)) }),
      },
      update: {
        operationIds: 'patches',
        what: 'patch',
        description:
          "For the submitter's user, the delegate and the project's maintainers. `state` is a state slug or name; " +
          "`delegate` a user id (a maintainer of the project) or null; `related` adds patches to this patch's " +
          'relation (maintainers of every project involved only; 409 when two relations would merge).',
        request: { fields: PATCH_FIELDS, component: 'PatchUpdate', errorComponent: 'ErrorPatchUpdate' },
        component: 'PatchDetail',
        errors: ['Conflict'],
        handler: (ctx, params, input) => {
          const id = pathId(params.id);
          updatePatchFields(ctx, id, input);
          return { body: patchDetail(ctx, id) };
        },
      },
    },
  ],
};
