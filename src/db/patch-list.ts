// The web UI's patch lists (docs/web.md): one statement picks a page of ids
// with the filters and order, one loads those rows with what the columns
// show, one each their tag counts and newest check states. The cost follows
// the page, not the project.
import type { Db } from './connection.ts';
import { where } from './listing.ts';
import { PATCH_LIST } from './patches.ts';
import { placeholders, stmt } from './statements.ts';

/** Sort keys the list accepts, with the SQL they order by (fixed text, never
 * from the request). Tag keys are 'tag:<id>'. */
export const SORT_COLUMNS = {
  name: 'patches.name COLLATE NOCASE',
  series: 'patches.series_id',
  date: 'patches.date',
  number: 'patches.number',
  submitter: '(SELECT coalesce(people.name, people.email) FROM people WHERE people.id = patches.submitter_id) COLLATE NOCASE',
  delegate: '(SELECT users.username FROM users WHERE users.id = patches.delegate_id) COLLATE NOCASE',
  state: '(SELECT states.ordering FROM states WHERE states.id = patches.state_id)',
  // Checks sort by how many of the patch's results failed.
  checks: '(SELECT count(*) FROM checks WHERE checks.patch_id = patches.id AND checks.state = 3)',
} as const;
export type SortColumn = keyof typeof SORT_COLUMNS | `tag:${number}`;

const TAG_COUNT = '(SELECT count FROM patch_tags WHERE patch_tags.patch_id = patches.id AND patch_tags.tag_id = ?)';

export interface PatchListFilter {
  projectId: number;
  submitterId?: number;
  /** State ids to show; undefined shows every state. */
  stateIds?: readonly number[];
  /** Every term must appear in the patch name (case-insensitive). */
  search?: readonly string[];
  /** false: not archived (the default), true: archived only, null: both. */
  archived: boolean | null;
  /** A user id, or null for patches delegated to nobody. */
  delegate?: number | null;
  seriesId?: number;
}

export interface PatchListOrder {
  column: SortColumn;
  desc: boolean;
}

/** The filters as SQL; `narrowed` when the trigram index finds a search's
 * candidates (see where.search). */
function conditions(db: Db, f: PatchListFilter): { sql: string; params: unknown[]; narrowed: boolean } {
  // `+?`: see placeholders().
  const sql = ['patches.project_id = +?'];
  const params: unknown[] = [f.projectId];
  if (f.archived !== null) {
    sql.push('patches.archived = +?');
    params.push(f.archived ? 1 : 0);
  }
  if (f.stateIds) {
    // Expanded into placeholders: a json_each() list would hide the state index.
    sql.push(f.stateIds.length ? `patches.state_id IN (${placeholders(f.stateIds.length)})` : '0');
    params.push(...f.stateIds);
  }
  if (f.submitterId !== undefined) {
    sql.push('patches.submitter_id = +?');
    params.push(f.submitterId);
  }
  if (f.delegate !== undefined) {
    sql.push(f.delegate === null ? 'patches.delegate_id IS NULL' : 'patches.delegate_id = +?');
    if (f.delegate !== null) params.push(f.delegate);
  }
  if (f.seriesId !== undefined) {
    sql.push('patches.series_id = +?');
    params.push(f.seriesId);
  }
  const search = f.search?.length ? where.search(PATCH_LIST, ['name'], f.search, db) : null;
  if (search) {
    sql.push(search.sql);
    params.push(...search.params);
  }
  return { sql: sql.join(' AND '), params, narrowed: search?.candidates !== undefined };
}

/** Matches sorted rather than found in order when there are at most this
 * many and an index finds them (a submitter's, a delegate's, a search's
 * through the trigram index). Walking the project's date index finds a page
 * of a dense list at once, but for a list filtered down to a few patches it
 * passes over every patch of the project that does not match: 9.5 ms for a
 * submitter's 2 among 40,327. A search for common words only keeps the
 * walk: no index finds its matches, and reading every patch in date order
 * is faster than through the state index. */
export const FEW_MATCHES = 2000;

/** `sorted`: written so that no index gives the order (unary +), the
 * matches are then found by the filters' index and sorted. */
function orderBy(order: PatchListOrder, sorted: boolean): { sql: string; params: unknown[] } {
  const dir = order.desc ? ' DESC' : '';
  const plus = sorted ? '+' : '';
  const tag = /^tag:(\d+)$/.exec(order.column);
  const expr = tag
    ? `coalesce(${TAG_COUNT}, 0)`
    : order.column === 'date'
      ? `${plus}patches.date`
      : SORT_COLUMNS[order.column as keyof typeof SORT_COLUMNS];
  // Ties fall back to the date, then the id, in the same direction, so pages never overlap.
  const tail = order.column === 'date' ? `${plus}patches.id${dir}` : `${plus}patches.date${dir}, ${plus}patches.id${dir}`;
  return { sql: `${expr}${dir}, ${tail}`, params: tag ? [Number(tag[1])] : [] };
}

/** The ids of one page of a filtered, ordered list. `matches`: how many
 * patches match, if counted in full (null if the count stopped at its cap). */
export function patchPageIds(
  db: Db,
  filter: PatchListFilter,
  order: PatchListOrder,
  limit: number,
  offset: number,
  matches: number | null,
): number[] {
  const w = conditions(db, filter);
  const indexed = filter.submitterId !== undefined || typeof filter.delegate === 'number' || w.narrowed;
  const o = orderBy(order, indexed && matches !== null && matches <= FEW_MATCHES);
  return stmt<unknown[], { id: number }>(db, `SELECT patches.id FROM patches WHERE ${w.sql} ORDER BY ${o.sql} LIMIT +? OFFSET +?`)
    .all(...w.params, ...o.params, limit, offset)
    .map((r) => r.id);
}

/** How many patches match, counting no further than `cap`: a list links a
 * few pages past the one shown, so its cost follows the page asked for, not
 * the size of the project. */
export function countPatches(db: Db, filter: PatchListFilter, cap: number): number {
  const w = conditions(db, filter);
  return stmt<unknown[], { n: number }>(db, `SELECT count(*) AS n FROM (SELECT 1 FROM patches WHERE ${w.sql} LIMIT +?)`).get(
    ...w.params,
    cap,
  )!.n;
}

export interface PatchListRow {
  id: number;
  msgid: string;
  name: string;
  date: string;
  archived: number;
  linkname: string;
  project_id: number;
  series_id: number | null;
  series_name: string | null;
  series_version: number | null;
  submitter_id: number;
  submitter_name: string | null;
  submitter_email: string;
  delegate_id: number | null;
  delegate: string | null;
  state: string;
  state_slug: string;
}

/** The rows of the given patches, in the order given. */
export function patchListRows(db: Db, ids: readonly number[]): PatchListRow[] {
  if (ids.length === 0) return [];
  const rows = stmt<[string], PatchListRow>(
    db,
    `SELECT patches.id, patches.msgid, patches.name, patches.date, patches.archived, projects.linkname, patches.project_id,
            patches.series_id, series.name AS series_name, series.version AS series_version,
            patches.submitter_id, people.name AS submitter_name, people.email AS submitter_email,
            patches.delegate_id, users.username AS delegate, states.name AS state, states.slug AS state_slug
     FROM json_each(?) AS ids
     JOIN patches ON patches.id = ids.value
     JOIN projects ON projects.id = patches.project_id
     JOIN people ON people.id = patches.submitter_id
     JOIN states ON states.id = patches.state_id
     LEFT JOIN users ON users.id = patches.delegate_id
     LEFT JOIN series ON series.id = patches.series_id`,
  ).all(JSON.stringify(ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export interface TagCountRow {
  patch_id: number;
  tag_id: number;
  count: number;
}

export function tagCountsOf(db: Db, ids: readonly number[]): TagCountRow[] {
  if (ids.length === 0) return [];
  return stmt<[string], TagCountRow>(
    db,
    `SELECT patch_tags.patch_id, patch_tags.tag_id, patch_tags.count
     FROM json_each(?) AS ids JOIN patch_tags ON patch_tags.patch_id = ids.value`,
  ).all(JSON.stringify(ids));
}

export interface CheckCountRow {
  patch_id: number;
  state: number;
  n: number;
}

/** How many of each patch's newest results per (user, context) are in each state. */
export function checkCountsOf(db: Db, ids: readonly number[]): CheckCountRow[] {
  if (ids.length === 0) return [];
  return stmt<[string], CheckCountRow>(
    db,
    `SELECT patch_id, state, count(*) AS n FROM (
       SELECT checks.patch_id, checks.state,
              row_number() OVER (PARTITION BY checks.patch_id, checks.user_id, checks.context ORDER BY checks.date DESC, checks.id DESC) AS k
       FROM json_each(?) AS ids JOIN checks ON checks.patch_id = ids.value
     ) WHERE k = 1 GROUP BY patch_id, state`,
  ).all(JSON.stringify(ids));
}
