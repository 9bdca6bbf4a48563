// Building list queries from declarative conditions. Column names and order
// expressions come from the fixed sources each table module declares (never
// from the request); every value is a bound parameter. Id lists travel as one JSON
// parameter so a statement's text does not depend on how many ids there are
// and stays in the prepared-statement cache.
import type { Db } from './connection.ts';
import { stmt } from './statements.ts';

/** A table the API lists: the SQL behind each name its filters, orderings
 * and searches use. The API names columns; only these fixed strings reach SQL. */
export interface ListSource<R, C extends string> {
  table: string;
  /** SELECT list; the table's columns when absent. */
  select?: string;
  columns: Readonly<Record<C, string>>;
  /** Run on the connection before listing (e.g. registering a SQL function). */
  prepare?(db: Db): void;
  /** The row type a listing returns (a type marker; never set). */
  readonly row?: R;
}

/** Declares a source with its row type; the column names are inferred. */
export const listSource =
  <R>() =>
  <C extends string>(source: ListSource<R, C>): ListSource<R, C> =>
    source;

/** One WHERE term, built here from a source's columns; values are bound. */
export interface Condition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export interface OrderTerm<C extends string = string> {
  /** A source column; its SQL is the source's. */
  sql: C;
  desc: boolean;
}

export const IN_JSON = 'IN (SELECT value FROM json_each(?))';

type Src<C extends string> = ListSource<unknown, C>;

export const where = {
  inIds: <C extends string>(s: Src<C>, column: C, ids: readonly number[]): Condition => ({
    sql: `${s.columns[column]} ${IN_JSON}`,
    params: [JSON.stringify(ids)],
  }),
  eq: <C extends string>(s: Src<C>, column: C, value: unknown): Condition => ({ sql: `${s.columns[column]} = ?`, params: [value] }),
  notIn: <C extends string>(s: Src<C>, column: C, values: readonly unknown[]): Condition => ({
    sql: `${s.columns[column]} NOT ${IN_JSON}`,
    params: [JSON.stringify(values)],
  }),
  atLeast: <C extends string>(s: Src<C>, column: C, value: string): Condition => ({ sql: `${s.columns[column]} >= ?`, params: [value] }),
  before: <C extends string>(s: Src<C>, column: C, value: string): Condition => ({ sql: `${s.columns[column]} < ?`, params: [value] }),
  /** Every term is a case-insensitive substring of at least one column. */
  search<C extends string>(s: Src<C>, columns: readonly C[], terms: readonly string[]): Condition {
    const one = '(' + columns.map((c) => `${s.columns[c]} LIKE ? ESCAPE '\\'`).join(' OR ') + ')';
    const params: string[] = [];
    for (const term of terms) {
      const pattern = '%' + term.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
      for (let i = 0; i < columns.length; i++) params.push(pattern);
    }
    return { sql: terms.map(() => one).join(' AND '), params };
  },
};

/** Matches nothing: an invalid filter value empties the list (API.md §2.4). */
export const NOTHING: Condition = { sql: '0', params: [] };

function whereClause(conditions: readonly Condition[]): { sql: string; params: unknown[] } {
  if (conditions.length === 0) return { sql: '', params: [] };
  return { sql: ' WHERE ' + conditions.map((c) => c.sql).join(' AND '), params: conditions.flatMap((c) => c.params) };
}

export interface ListQuery<C extends string> {
  conditions: readonly Condition[];
  order: readonly OrderTerm<C>[];
  limit: number;
  offset: number;
}

// Counting a deep table costs milliseconds at 100k rows, and clients poll
// the same lists again and again: counts are kept until the database
// changes. total_changes() sees this connection's writes, data_version
// other connections' commits, so a cached count is never stale.
const MAX_CACHED_COUNTS = 1000;
const countCache = new WeakMap<Db, { version: string; counts: Map<string, number> }>();

/** Changes whenever this connection writes or another connection commits. */
export function databaseVersion(db: Db): string {
  const v = stmt(db, 'SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS d').get() as { c: number; d: number };
  return `${v.c}:${v.d}`;
}

export function countRows(db: Db, source: Src<string>, conditions: readonly Condition[]): number {
  source.prepare?.(db);
  const w = whereClause(conditions);
  const sql = `SELECT count(*) AS n FROM ${source.table}${w.sql}`;
  const version = databaseVersion(db);
  let cache = countCache.get(db);
  if (!cache || cache.version !== version || cache.counts.size >= MAX_CACHED_COUNTS) {
    countCache.set(db, (cache = { version, counts: new Map() }));
  }
  const key = sql + '\u0000' + JSON.stringify(w.params);
  let n = cache.counts.get(key);
  if (n === undefined) {
    n = (stmt(db, sql).get(...w.params) as { n: number }).n;
    cache.counts.set(key, n);
  }
  return n;
}

export function selectRows<R, C extends string>(db: Db, source: ListSource<R, C>, q: ListQuery<C>): R[] {
  source.prepare?.(db);
  const w = whereClause(q.conditions);
  const order = q.order.map((o) => `${source.columns[o.sql]}${o.desc ? ' DESC' : ''}`).join(', ');
  const sql = `SELECT ${source.select ?? source.table + '.*'} FROM ${source.table}${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`;
  return stmt(db, sql).all(...w.params, q.limit, q.offset) as R[];
}

/** Oldest first, then by id: the order nested lists are shown in. Sorting the
 * few fetched rows here keeps ORDER BY out of by-ids queries, where it would
 * tempt the planner into scanning a date index past the IN (...) lookup. */
export function byDate<T extends { date: string; id: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
}

/** Rows whose key column is in ids, with one statement whatever the count. */
export function rowsByIds<T>(db: Db, sql: string, ids: readonly number[]): T[] {
  return stmt(db, sql).all(JSON.stringify(ids)) as T[];
}

/** Tables whose ids requests may name. */
export type IdTable = 'projects' | 'people' | 'users' | 'states' | 'series' | 'patches' | 'covers';

/** Which of the given ids exist in a table. */
export function existingIds(db: Db, table: IdTable, ids: readonly number[]): Set<number> {
  return new Set(rowsByIds<{ id: number }>(db, `SELECT id FROM ${table} WHERE id ${IN_JSON}`, ids).map((r) => r.id));
}
