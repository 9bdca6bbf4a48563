// The patch list's URL parameters (upstream's names, docs/web.md) turned into
// a filter, an order and a page. Pure: the lookups it needs come in as
// functions, so the rules are tested as a table.
import type { PatchListFilter, PatchListOrder, SortColumn } from '../db/patch-list.ts';
import { SORT_COLUMNS } from '../db/patch-list.ts';

export interface ListLookups {
  /** States in their order, with whether each needs action. */
  states: readonly { id: number; slug: string; action_required: number }[];
  /** Tags shown as columns, by abbreviation. */
  tags: readonly { id: number; abbrev: string }[];
  personByEmail(email: string): number | undefined;
  userByName(username: string): number | undefined;
}

export interface ListRequest {
  filter: PatchListFilter;
  order: PatchListOrder;
  page: number;
  /** The order parameter as the page links write it back. */
  orderParam: string;
  /** Which filters the visitor set, to show them and to keep them in links. */
  stateParam: string;
  archiveParam: 'true' | 'both' | '';
}

const POSITIVE = /^\d{1,9}$/;

function idOr(value: string, byName: (v: string) => number | undefined): number | null {
  if (POSITIVE.test(value)) return Number(value);
  return byName(value) ?? null;
}

export const MATCH_NOTHING = -1;
/** The state filter's value for every state that needs action (the default of a project's list). */
export const ACTION_REQUIRED = 'action-required';

/** Reads the list parameters. Unknown values filter to nothing rather than
 * being dropped, so a mistyped link shows an empty list, not everything. */
export function parseListQuery(q: URLSearchParams, projectId: number, look: ListLookups, defaults: { seriesView: boolean }): ListRequest {
  const filter: PatchListFilter = { projectId, archived: false };
  const stateParam = q.get('state') ?? '';
  const archiveParam = q.get('archive') === 'true' ? 'true' : q.get('archive') === 'both' ? 'both' : '';

  if (stateParam === '*' || (stateParam === '' && defaults.seriesView)) {
    filter.stateIds = undefined;
  } else if (stateParam === '' || stateParam === ACTION_REQUIRED) {
    filter.stateIds = look.states.filter((s) => s.action_required).map((s) => s.id);
  } else {
    const state = look.states.find((s) => String(s.id) === stateParam || s.slug === stateParam);
    filter.stateIds = state ? [state.id] : [];
  }
  filter.archived = archiveParam === 'true' ? true : archiveParam === 'both' || (defaults.seriesView && !q.get('archive')) ? null : false;

  const submitter = q.get('submitter')?.trim();
  if (submitter) filter.submitterId = idOr(submitter, look.personByEmail) ?? MATCH_NOTHING;
  const delegate = q.get('delegate')?.trim();
  if (delegate) filter.delegate = delegate.toLowerCase() === 'nobody' ? null : (idOr(delegate, look.userByName) ?? MATCH_NOTHING);
  const series = q.get('series')?.trim();
  if (series) filter.seriesId = POSITIVE.test(series) ? Number(series) : MATCH_NOTHING;
  const search = (q.get('q') ?? '').trim();
  if (search) filter.search = search.split(/\s+/).slice(0, 10);

  const { order, orderParam } = parseOrder(q.get('order') ?? '', look.tags, defaults.seriesView);
  const pageValue = q.get('page') ?? '1';
  const page = POSITIVE.test(pageValue) && Number(pageValue) > 0 ? Number(pageValue) : 1;
  // A series shows every state and archived patch unless told otherwise; the form says so.
  const shownState = stateParam === '' && defaults.seriesView ? '*' : stateParam;
  const shownArchive = archiveParam === '' && defaults.seriesView && !q.get('archive') ? 'both' : archiveParam;
  return { filter, order, page, orderParam, stateParam: shownState, archiveParam: shownArchive };
}

function parseOrder(value: string, tags: ListLookups['tags'], seriesView: boolean): { order: PatchListOrder; orderParam: string } {
  const desc = value.startsWith('-');
  const key = desc ? value.slice(1) : value;
  if (key in SORT_COLUMNS) return { order: { column: key as SortColumn, desc }, orderParam: value };
  const tag = tags.find((t) => t.abbrev === key);
  if (tag) return { order: { column: `tag:${tag.id}`, desc }, orderParam: value };
  // A series reads in patch order; a project newest first.
  return seriesView
    ? { order: { column: 'number', desc: false }, orderParam: '' }
    : { order: { column: 'date', desc: true }, orderParam: '' };
}
