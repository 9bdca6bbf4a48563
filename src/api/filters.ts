// Filter definitions (docs/api.md §2.4, §4.x) and their value forms. Definitions
// are declarative so the OpenAPI document is generated from them; a kind
// knows how to turn the request's values into one condition on a column of
// the listed source (src/db/).
import type { Db } from '../db/connection.ts';
import { existingIds, NOTHING, where, type Condition, type IdTable, type ListSource } from '../db/listing.ts';
import { projectIdByLinknameNocase } from '../db/projects.ts';
import { personIdByEmail } from '../db/people.ts';
import { userIdByUsernameNocase } from '../db/users.ts';
import { stateIdByName } from '../db/states.ts';
import { type CHECK_LIST, CHECK_STATES } from '../db/checks.ts';
import type { PATCH_LIST } from '../db/patches.ts';
import type { COVER_LIST } from '../db/covers.ts';
import type { SERIES_LIST } from '../db/series.ts';
import type { BUNDLE_LIST } from '../db/bundles.ts';
import type { EVENT_LIST } from '../db/events.ts';
import { parseFilterDate } from '../util/time.ts';
import { since, type VersionName } from '../http/version.ts';
import type { ApiContext } from '../http/context.ts';

export type FilterKind =
  | 'project' // id, or linkname (case-insensitive)
  | 'person' // id, or email (case-insensitive)
  | 'user' // id, or username (case-insensitive)
  | 'user-id' // id only
  | 'state' // id, or name with '-' for ' ' (case-insensitive)
  | 'series' // id
  | 'patch' // id
  | 'cover' // id
  | 'boolean' // true/false/1/0; anything else ignores the filter
  | 'since' // date-time, inclusive
  | 'before' // date-time, exclusive
  | 'hash' // case-insensitive exact
  | 'msgid' // bare or bracketed Message-ID, exact
  | 'category' // an event category
  | 'text' // exact string
  | 'check-state'; // label or 0..3

export interface FilterDef<C extends string = string> {
  name: string;
  kind: FilterKind;
  /** Repeated values are OR'ed; otherwise the last value counts. */
  multi: boolean;
  /** First version that applies the filter (older ones ignore it). */
  since?: VersionName;
  /** The source column the filter tests. */
  column: C;
  description: string;
}

type ColumnOf<S> = S extends ListSource<unknown, infer C> ? C : never;
type PatchColumn = ColumnOf<typeof PATCH_LIST>;

export const EVENT_CATEGORIES = [
  'cover-created',
  'patch-created',
  'patch-completed',
  'patch-state-changed',
  'patch-relation-changed',
  'patch-delegated',
  'check-created',
  'series-created',
  'series-completed',
  'cover-comment-created',
  'patch-comment-created',
] as const;

const INT = /^\d+$/;
const isInt = (v: string) => INT.test(v);

/** Looks each value up by id or by name; null when any is unknown. */
function resolveMixed(db: Db, table: IdTable, values: string[], byName: (name: string) => number | undefined): number[] | null {
  const ids: number[] = [];
  const numeric = values.filter(isInt).map(Number);
  const found = numeric.length ? existingIds(db, table, numeric) : new Set<number>();
  for (const v of values) {
    const id = isInt(v) ? (found.has(Number(v)) ? Number(v) : undefined) : byName(v);
    if (id === undefined) return null;
    ids.push(id);
  }
  return ids;
}

function resolveIds(db: Db, table: IdTable, values: string[]): number[] | null {
  if (!values.every(isInt)) return null;
  const ids = values.map(Number);
  const found = existingIds(db, table, ids);
  return ids.every((id) => found.has(id)) ? ids : null;
}

function booleanValue(v: string): number | null {
  const s = v.toLowerCase();
  return s === 'true' || s === '1' ? 1 : s === 'false' || s === '0' ? 0 : null;
}

const bare = (v: string) => (v.startsWith('<') && v.endsWith('>') ? v.slice(1, -1) : v);

type Source = ListSource<unknown, string>;
type Resolver = (db: Db, s: Source, def: FilterDef, values: string[]) => Condition | null;

const ids = (s: Source, r: number[] | null, column: string) => (r ? where.inIds(s, column, r) : NOTHING);
const last = (values: string[]) => values[values.length - 1];

const RESOLVERS: Record<FilterKind, Resolver> = {
  project: (db, s, d, vs) => ids(s, resolveMixed(db, 'projects', vs, (n) => projectIdByLinknameNocase(db, n)), d.column),
  person: (db, s, d, vs) => ids(s, resolveMixed(db, 'people', vs, (n) => personIdByEmail(db, n)), d.column),
  user: (db, s, d, vs) => ids(s, resolveMixed(db, 'users', vs, (n) => userIdByUsernameNocase(db, n)), d.column),
  'user-id': (db, s, d, vs) => ids(s, resolveIds(db, 'users', [last(vs)]), d.column),
  state: (db, s, d, vs) => ids(s, resolveMixed(db, 'states', vs, (n) => stateIdByName(db, n.replaceAll('-', ' '))), d.column),
  series: (db, s, d, vs) => ids(s, resolveIds(db, 'series', vs), d.column),
  patch: (db, s, d, vs) => ids(s, resolveIds(db, 'patches', vs), d.column),
  cover: (db, s, d, vs) => ids(s, resolveIds(db, 'covers', vs), d.column),
  boolean: (_db, s, d, vs) => {
    const b = booleanValue(last(vs));
    return b === null ? null : where.eq(s, d.column, b);
  },
  since: (_db, s, d, vs) => {
    const date = parseFilterDate(last(vs));
    return date ? where.atLeast(s, d.column, date) : NOTHING;
  },
  before: (_db, s, d, vs) => {
    const date = parseFilterDate(last(vs));
    return date ? where.before(s, d.column, date) : NOTHING;
  },
  hash: (_db, s, d, vs) => where.eq(s, d.column, last(vs).toLowerCase()),
  msgid: (_db, s, d, vs) => where.eq(s, d.column, `<${bare(last(vs))}>`),
  category: (_db, s, d, vs) =>
    (EVENT_CATEGORIES as readonly string[]).includes(last(vs)) ? where.eq(s, d.column, last(vs)) : NOTHING,
  text: (_db, s, d, vs) => where.eq(s, d.column, last(vs)),
  'check-state': (_db, s, d, vs) => {
    const states: number[] = [];
    for (const v of vs) {
      const i = isInt(v) ? Number(v) : (CHECK_STATES as readonly string[]).indexOf(v.toLowerCase());
      if (i < 0 || i >= CHECK_STATES.length) return NOTHING;
      states.push(i);
    }
    return where.inIds(s, d.column, states);
  },
};

/** Conditions for every filter of the request that applies to its version.
 * Empty values count as absent (docs/compatibility.md 6). */
export function filterConditions<C extends string>(ctx: ApiContext, source: ListSource<unknown, C>, defs: readonly FilterDef<C>[]): Condition[] {
  const out: Condition[] = [];
  for (const def of defs) {
    if (def.since && ctx.version.minor < since(def.since)) continue;
    const values = ctx.query.getAll(def.name).filter((v) => v !== '');
    if (values.length === 0) continue;
    const c = RESOLVERS[def.kind](ctx.db, source, def, def.multi ? values : [last(values)]);
    if (c) out.push(c);
  }
  return out;
}

const DATE_SINCE = <C extends string>(column: C, what: string): FilterDef<C> => ({
  name: 'since',
  kind: 'since',
  multi: false,
  column,
  description: `Show only ${what} dated at or after this ISO 8601 date-time (UTC unless it carries an offset).`,
});
const DATE_BEFORE = <C extends string>(column: C, what: string): FilterDef<C> => ({
  name: 'before',
  kind: 'before',
  multi: false,
  column,
  description: `Show only ${what} dated before this ISO 8601 date-time (UTC unless it carries an offset).`,
});
const PROJECT = (what: string): FilterDef<'project_id'> => ({
  name: 'project',
  kind: 'project',
  multi: true,
  column: 'project_id',
  description: `An ID or linkname of a project to filter ${what} by.`,
});
const SUBMITTER = (what: string): FilterDef<'submitter_id'> => ({
  name: 'submitter',
  kind: 'person',
  multi: true,
  column: 'submitter_id',
  description: `An ID or email address of a person to filter ${what} by.`,
});

export const PATCH_FILTERS: readonly FilterDef<PatchColumn>[] = [
  PROJECT('patches'),
  { name: 'series', kind: 'series', multi: true, column: 'series_id', description: 'An ID of a series to filter patches by.' },
  SUBMITTER('patches'),
  { name: 'delegate', kind: 'user', multi: true, column: 'delegate_id', description: 'An ID or username of a user to filter patches by.' },
  { name: 'state', kind: 'state', multi: true, column: 'state_id', description: 'A slug representation of a state to filter patches by.' },
  { name: 'archived', kind: 'boolean', multi: false, column: 'archived', description: 'Show only archived (`true`) or non-archived (`false`) patches.' },
  { name: 'hash', kind: 'hash', multi: false, since: '1.2', column: 'hash', description: 'The patch hash as a case-insensitive hexadecimal string, to filter by.' },
  { name: 'msgid', kind: 'msgid', multi: false, since: '1.2', column: 'msgid', description: 'The patch message-id as a case-sensitive string, with or without angle brackets, to filter by.' },
  DATE_SINCE('date', 'patches'),
  DATE_BEFORE('date', 'patches'),
];

export const COVER_FILTERS: readonly FilterDef<ColumnOf<typeof COVER_LIST>>[] = [
  PROJECT('cover letters'),
  { name: 'series', kind: 'series', multi: true, column: 'series_id', description: 'An ID of a series to filter cover letters by.' },
  SUBMITTER('cover letters'),
  { name: 'msgid', kind: 'msgid', multi: false, column: 'msgid', description: 'The cover message-id as a case-sensitive string, with or without angle brackets, to filter by.' },
  DATE_SINCE('date', 'cover letters'),
  DATE_BEFORE('date', 'cover letters'),
];

export const SERIES_FILTERS: readonly FilterDef<ColumnOf<typeof SERIES_LIST>>[] = [
  PROJECT('series'),
  SUBMITTER('series'),
  DATE_SINCE('date', 'series'),
  DATE_BEFORE('date', 'series'),
];

export const BUNDLE_FILTERS: readonly FilterDef<ColumnOf<typeof BUNDLE_LIST>>[] = [
  PROJECT('bundles'),
  { name: 'owner', kind: 'user', multi: true, column: 'owner_id', description: 'An ID or username of a user to filter bundles by.' },
  { name: 'public', kind: 'boolean', multi: false, column: 'public', description: 'Show only public (`true`) or private (`false`) bundles.' },
];

export const CHECK_FILTERS: readonly FilterDef<ColumnOf<typeof CHECK_LIST>>[] = [
  { name: 'user', kind: 'user', multi: true, column: 'user_id', description: 'An ID or username of a user to filter checks by.' },
  { name: 'state', kind: 'check-state', multi: true, column: 'state', description: 'A check state (`pending`, `success`, `warning`, `fail`, or 0 to 3) to filter checks by.' },
  { name: 'context', kind: 'text', multi: false, column: 'context', description: 'A check context to filter checks by.' },
  DATE_SINCE('date', 'checks'),
  DATE_BEFORE('date', 'checks'),
];

export const EVENT_FILTERS: readonly FilterDef<ColumnOf<typeof EVENT_LIST>>[] = [
  PROJECT('events'),
  { name: 'category', kind: 'category', multi: false, column: 'category', description: 'An event category to filter events by.' },
  { name: 'series', kind: 'series', multi: true, column: 'series_id', description: 'An ID of a series to filter events by.' },
  { name: 'patch', kind: 'patch', multi: true, column: 'patch_id', description: 'An ID of a patch to filter events by.' },
  { name: 'cover', kind: 'cover', multi: true, column: 'cover_id', description: 'An ID of a cover letter to filter events by.' },
  { name: 'actor', kind: 'user-id', multi: false, since: '1.2', column: 'actor_id', description: 'An ID of a user to filter events by.' },
  DATE_SINCE('date', 'events'),
  DATE_BEFORE('date', 'events'),
];
