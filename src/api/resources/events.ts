// Events: GET events/ (docs/api.md §4.11, §6). Payloads hold embedded objects
// rendered for the request's version; comment events exist from 1.3.
import type { Db } from '../../db/connection.ts';
import { EVENT_LIST as EVENT_SOURCE, type EventCategory, type EventRow } from '../../db/events.ts';
import { checksByIds, type CheckRow } from '../../db/checks.ts';
import { commentsByIds } from '../../db/comments.ts';
import { coversByIds } from '../../db/covers.ts';
import { patchesByIds } from '../../db/patches.ts';
import { projectsByIds, type ProjectRow } from '../../db/projects.ts';
import { seriesByIds } from '../../db/series.ts';
import { listStates, type StateRow } from '../../db/states.ts';
import { usersByIds, type UserRow } from '../../db/users.ts';
import { where } from '../../db/listing.ts';
import { toApi } from '../../util/time.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import type { SchemaObject } from 'openapi3-ts/oas31';
import { hasVersion, type ApiVersion } from '../../http/version.ts';
import { responseSchema, serialize, type Field } from '../fields.ts';
import type { ComponentDoc, Resource } from '../resource.ts';
import { EVENT_CATEGORIES, EVENT_FILTERS } from '../filters.ts';
import { listDef, runList } from '../list.ts';
import { itemsOfRows } from '../items.ts';
import {
  byId,
  embed,
  EMBEDDED_CHECK,
  EMBEDDED_COMMENT,
  EMBEDDED_COVER,
  EMBEDDED_PATCH,
  EMBEDDED_PROJECT,
  EMBEDDED_SERIES,
  EMBEDDED_USER,
  idsOf,
  S,
  type CommentRef,
  type CoverRef,
  type PatchRef,
  type SeriesRef,
  embedded,
} from './embedded.ts';

interface EventView {
  row: EventRow;
  project: ProjectRow;
  actor: UserRow | null;
  patch: PatchRef | null;
  series: SeriesRef | null;
  cover: CoverRef | null;
  previousState: StateRow | null;
  currentState: StateRow | null;
  previousDelegate: UserRow | null;
  currentDelegate: UserRow | null;
  check: CheckRow | null;
  comment: CommentRef | null;
}

type PayloadKey =
  | 'patch'
  | 'series'
  | 'cover'
  | 'previous_state'
  | 'current_state'
  | 'previous_delegate'
  | 'current_delegate'
  | 'check'
  | 'previous_relation'
  | 'current_relation'
  | 'comment';

/** The payload keys of each category (docs/api.md §6). */
const PAYLOAD_KEYS: Record<EventCategory, readonly PayloadKey[]> = {
  'cover-created': ['cover'],
  'patch-created': ['patch'],
  'patch-completed': ['patch', 'series'],
  'patch-state-changed': ['patch', 'previous_state', 'current_state'],
  'patch-delegated': ['patch', 'previous_delegate', 'current_delegate'],
  'patch-relation-changed': ['patch', 'previous_relation', 'current_relation'],
  'check-created': ['patch', 'check'],
  'series-created': ['series'],
  'series-completed': ['series'],
  'cover-comment-created': ['cover', 'comment'],
  'patch-comment-created': ['patch', 'comment'],
};

const inPayload = (key: PayloadKey) => (e: EventView) => PAYLOAD_KEYS[e.row.category]?.includes(key) ?? false;

/** Payload keys in upstream's order; each present only for its categories. */
const EVENT_PAYLOAD_FIELDS: readonly Field<EventView>[] = [
  { name: 'patch', schema: S.ref('PatchEmbedded'), present: inPayload('patch'), get: (e, ctx) => embed(EMBEDDED_PATCH, e.patch, ctx) },
  { name: 'series', schema: S.ref('SeriesEmbedded'), present: inPayload('series'), get: (e, ctx) => embed(EMBEDDED_SERIES, e.series, ctx) },
  { name: 'cover', schema: S.ref('CoverEmbedded'), present: inPayload('cover'), get: (e, ctx) => embed(EMBEDDED_COVER, e.cover, ctx) },
  { name: 'previous_state', schema: S.nullableString, present: inPayload('previous_state'), get: (e) => e.previousState?.slug ?? null },
  { name: 'current_state', schema: S.nullableString, present: inPayload('current_state'), get: (e) => e.currentState?.slug ?? null },
  { name: 'previous_delegate', schema: S.nullableRef('UserEmbedded'), present: inPayload('previous_delegate'), get: (e, ctx) => embed(EMBEDDED_USER, e.previousDelegate, ctx) },
  { name: 'current_delegate', schema: S.nullableRef('UserEmbedded'), present: inPayload('current_delegate'), get: (e, ctx) => embed(EMBEDDED_USER, e.currentDelegate, ctx) },
  { name: 'check', schema: S.ref('CheckEmbedded'), present: inPayload('check'), get: (e, ctx) => embed(EMBEDDED_CHECK, e.check, ctx) },
  { name: 'previous_relation', schema: { type: 'null' }, present: inPayload('previous_relation'), get: () => null },
  { name: 'current_relation', schema: { type: 'null' }, present: inPayload('current_relation'), get: () => null },
  { name: 'comment', schema: S.ref('CommentEmbedded'), present: inPayload('comment'), get: (e, ctx) => embed(EMBEDDED_COMMENT, e.comment, ctx) },
];

const EVENT_FIELDS: readonly Field<EventView>[] = [
  { name: 'id', schema: S.int, get: (e) => e.row.id },
  { name: 'category', schema: { type: 'string', enum: [...EVENT_CATEGORIES] }, get: (e) => e.row.category },
  { name: 'project', schema: S.ref('ProjectEmbedded'), get: (e, ctx) => embedded(EMBEDDED_PROJECT, e.project, ctx) },
  { name: 'date', schema: S.date, get: (e) => toApi(e.row.date) },
  // Declared 1.2 upstream but emitted by every version (docs/api.md §4.11).
  { name: 'actor', schema: S.nullableRef('UserEmbedded'), get: (e, ctx) => embed(EMBEDDED_USER, e.actor, ctx) },
  { name: 'payload', schema: { type: 'object' }, get: (e, ctx) => serialize(EVENT_PAYLOAD_FIELDS, e, ctx) },
];

function loadEventViews(db: Db, rows: readonly EventRow[]): EventView[] {
  if (rows.length === 0) return [];
  const patchComments = byId(commentsByIds(db, 'patch', idsOf(rows.map((r) => r.patch_comment_id))));
  const coverComments = byId(commentsByIds(db, 'cover', idsOf(rows.map((r) => r.cover_comment_id))));
  const patches = byId(patchesByIds(db, idsOf(rows.flatMap((r) => [r.patch_id, r.patch_comment_id && patchComments.get(r.patch_comment_id)?.parent_id]))));
  const covers = byId(coversByIds(db, idsOf(rows.flatMap((r) => [r.cover_id, r.cover_comment_id && coverComments.get(r.cover_comment_id)?.parent_id]))));
  const series = byId(seriesByIds(db, idsOf(rows.map((r) => r.series_id))));
  const checks = byId(checksByIds(db, idsOf(rows.map((r) => r.created_check_id))));
  const projects = byId(projectsByIds(db, idsOf([...rows, ...patches.values(), ...covers.values(), ...series.values()].map((r) => r.project_id))));
  const users = byId(usersByIds(db, idsOf(rows.flatMap((r) => [r.actor_id, r.previous_delegate_id, r.current_delegate_id]))));
  const states = byId(listStates(db));
  const user = (id: number | null) => (id === null ? null : users.get(id) ?? null);
  const state = (id: number | null) => (id === null ? null : states.get(id) ?? null);
  const ref = <T extends { project_id: number }>(map: Map<number, T>, id: number | null | undefined) => {
    const row = id == null ? undefined : map.get(id);
    return row ? { row, project: projects.get(row.project_id)! } : null;
  };
  return rows.map((row) => {
    const patchComment = row.patch_comment_id === null ? undefined : patchComments.get(row.patch_comment_id);
    const coverComment = row.cover_comment_id === null ? undefined : coverComments.get(row.cover_comment_id);
    const patch = ref(patches, row.patch_id ?? patchComment?.parent_id);
    const cover = ref(covers, row.cover_id ?? coverComment?.parent_id);
    let comment: CommentRef | null = null;
    if (patchComment && patch) comment = { row: patchComment, kind: 'patch', project: patch.project };
    else if (coverComment && cover) comment = { row: coverComment, kind: 'cover', project: cover.project };
    return {
      row,
      project: projects.get(row.project_id)!,
      actor: user(row.actor_id),
      patch,
      series: ref(series, row.series_id),
      cover,
      previousState: state(row.previous_state_id),
      currentState: state(row.current_state_id),
      previousDelegate: user(row.previous_delegate_id),
      currentDelegate: user(row.current_delegate_id),
      check: row.created_check_id === null ? null : checks.get(row.created_check_id) ?? null,
      comment,
    };
  });
}

function serializeEvent(ctx: ApiContext, view: EventView): JsonText {
  return serialize(EVENT_FIELDS, view, ctx);
}

export const EVENT_LIST = listDef({
  source: EVENT_SOURCE,
  filters: EVENT_FILTERS,
  order: { fields: { date: 'date' }, default: [{ sql: 'date', desc: true }], tieBreaker: 'id' },
});

/** Comment events exist from 1.3: older versions neither show nor count them (docs/api.md §4.11). */
const COMMENT_EVENTS_SINCE = '1.3';
const hasComment = (c: EventCategory) => PAYLOAD_KEYS[c].includes('comment');
const categoriesIn = (version: ApiVersion) => EVENT_CATEGORIES.filter((c) => !hasComment(c) || hasVersion(version, COMMENT_EVENTS_SINCE));

function listEvents(ctx: ApiContext) {
  const hidden = EVENT_CATEGORIES.filter((c) => !categoriesIn(ctx.version).includes(c));
  const scope = hidden.length ? [where.notIn(EVENT_SOURCE, 'category', hidden)] : [];
  const { rows, headers } = runList(ctx, EVENT_LIST, scope);
  // What an item embeds is loaded only for items not kept (sql/0008).
  const render = (missing: EventRow[]) => loadEventViews(ctx.db, missing).map((v) => serializeEvent(ctx, v));
  return { body: itemsOfRows(ctx, 'event', rows, render), headers };
}

/** 'patch-state-changed' → 'EventPatchStateChanged', upstream's names. */
const eventComponentName = (c: EventCategory) =>
  'Event' + c.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/** One category's schema: the envelope, with a payload of exactly that category's keys. */
function eventSchema(category: EventCategory, version: ApiVersion): SchemaObject {
  const payloadFields = EVENT_PAYLOAD_FIELDS.filter((f) => PAYLOAD_KEYS[category].includes(f.name as PayloadKey));
  // Within one category every payload key is always there.
  const payload = responseSchema(
    { title: 'Payload', description: `What the ${category} event is about.`, fields: payloadFields.map((f) => ({ ...f, present: undefined })) },
    version,
  );
  const base = responseSchema({ title: '', description: '', fields: EVENT_FIELDS }, version);
  return {
    ...base,
    title: `${category} event`,
    description: `An event of category \`${category}\`.`,
    properties: { ...base.properties, category: { type: 'string', enum: [category], readOnly: true }, payload },
  };
}

function eventComponents(version: ApiVersion): Record<string, ComponentDoc> {
  const out: Record<string, ComponentDoc> = {
    EventBase: { title: 'Event', description: 'The envelope every event shares.', fields: EVENT_FIELDS },
  };
  for (const c of categoriesIn(version)) out[eventComponentName(c)] = { schema: eventSchema(c, version) };
  out.Event = {
    schema: {
      title: 'Event',
      description: 'An event of any category.',
      oneOf: categoriesIn(version).map((c) => ({ $ref: `#/components/schemas/${eventComponentName(c)}` })),
    },
  };
  return out;
}

export const events: Resource = {
  tag: { name: 'events', description: 'The event feed' },
  components: eventComponents,
  routes: [
    {
      path: 'events/',
      get: {
        operationId: 'events_list',
        summary: 'List events.',
        description: 'The event feed, newest first. ' + 'Comment events (1.3) are left out of older versions entirely.',
        component: 'Event',
        list: EVENT_LIST,
        handler: listEvents,
      },
    },
  ],
};
