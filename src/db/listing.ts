// Building list queries from declarative conditions. Column names and order
// expressions come from the fixed sources each table module declares (never
// from the request); every value is a bound parameter. Each list costs in
// proportion to the page it returns (docs/PERFORMANCE.md): filters are
// written so the planner can use an index (`= ?`, `IN (?, ?)`), page counts
// come from the counter tables of sql/0002 where the filters allow, deep
// pages of the id order start from the counters' running sums, and `q` goes
// through the trigram indexes.
import type { Db } from './connection.ts';
import { placeholders, stmt } from './statements.ts';

/** A table the API lists: the SQL behind each name its filters, orderings
 * and searches use. The API names columns; only these fixed strings reach SQL. */
export interface ListSource<R, C extends string> {
  table: string;
  /** SELECT list; the table's columns when absent. */
  select?: string;
  columns: Readonly<Record<C, string>>;
  /** Run on the connection before listing (e.g. registering a SQL function). */
  prepare?(db: Db): void;
  /** FROM clause an ordering by the column needs: a small table joined in
   * front (CROSS JOIN fixes the loop order), so the planner walks its index
   * and each of its rows' matches in id order instead of sorting the table.
   * One such join drives a statement; a second ordering of this kind is
   * sorted by `value`, the same column as a scalar subquery. */
  orderFrom?: Partial<Readonly<Record<NoInfer<C>, { from: string; value: string }>>>;
  /** Counter table kept by triggers (sql/0002): the columns it counts by (as
   * the table's own columns), and whether it counts per block of 1024 ids. */
  counter?: { table: string; columns: readonly string[]; blocks: boolean };
  /** Trigram index (sql/0002) over one searched column. */
  trigram?: { table: string; column: NoInfer<C> };
  /** The row type a listing returns (a type marker; never set). */
  readonly row?: R;
}

/** Declares a source with its row type; the column names are inferred. */
export const listSource =
  <R>() =>
  <C extends string>(source: ListSource<R, C>): ListSource<R, C> =>
    source;

/** What a condition tests when it is a plain list of values of one column:
 * lets counts use the counter tables. */
export interface ConditionKey {
  column: string;
  not: boolean;
  values: readonly unknown[];
}

/** One WHERE term, built here from a source's columns; values are bound. */
export interface Condition {
  readonly sql: string;
  readonly params: readonly unknown[];
  readonly key?: ConditionKey;
}

export interface OrderTerm<C extends string = string> {
  /** A source column; its SQL is the source's. */
  sql: C;
  desc: boolean;
}

/** Matches rows whose column is in a JSON array parameter. Where an index
 * on the column should serve, use where.inIds instead: the planner cannot
 * look into json_each and walks another index testing every row. */
export const IN_JSON = 'IN (SELECT value FROM json_each(?))';

type Src<C extends string> = ListSource<unknown, C>;

// Above this many values one JSON parameter keeps the statement text (and
// the prepared-statement cache) from growing with the request.
const MAX_BOUND_VALUES = 32;


function inList(column: string, values: readonly unknown[], not: boolean): Condition {
  const key = { column, not, values };
  if (values.length === 0) return { sql: not ? '1' : '0', params: [], key };
  if (values.length === 1) return { sql: `${column} ${not ? '!=' : '='} ?`, params: [values[0]], key };
  if (values.length <= MAX_BOUND_VALUES) {
    return { sql: `${column} ${not ? 'NOT IN' : 'IN'} (${placeholders(values.length)})`, params: [...values], key };
  }
  return { sql: `${column} ${not ? 'NOT ' : ''}${IN_JSON}`, params: [JSON.stringify(values)], key };
}

/** A trigram token is three characters: shorter terms cannot use the index. */
const TRIGRAM = 3;

const ftsPhrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

// Checking a match found through the index costs a row lookup, about ten
// times what a row costs in a plain scan: the index serves when its
// candidates are under a tenth of the table.
const INDEX_SHARE = 10;

/** Whether the trigram index narrows the rows enough to beat a scan: a
 * probe that stops at a tenth of the table's rows (so it costs at most what
 * using the index would). */
function trigramsSelective(db: Db, source: Src<string>, match: string): boolean {
  const fts = source.trigram!.table;
  const probe = stmt(
    db,
    `SELECT count(*) AS n, (SELECT coalesce(max(id), 0) / ${INDEX_SHARE} + 1 FROM ${source.table}) AS limit_
       FROM (SELECT 1 FROM ${fts} WHERE ${fts} MATCH ? LIMIT (SELECT coalesce(max(id), 0) / ${INDEX_SHARE} + 1 FROM ${source.table}))`,
  ).get(match) as { n: number; limit_: number };
  return probe.n < probe.limit_;
}

export const where = {
  inIds: <C extends string>(s: Src<C>, column: C, ids: readonly number[]): Condition => inList(s.columns[column], ids, false),
  eq: <C extends string>(s: Src<C>, column: C, value: unknown): Condition => inList(s.columns[column], [value], false),
  notIn: <C extends string>(s: Src<C>, column: C, values: readonly unknown[]): Condition => inList(s.columns[column], values, true),
  atLeast: <C extends string>(s: Src<C>, column: C, value: string): Condition => ({ sql: `${s.columns[column]} >= ?`, params: [value] }),
  before: <C extends string>(s: Src<C>, column: C, value: string): Condition => ({ sql: `${s.columns[column]} < ?`, params: [value] }),
  /** Every term is a case-insensitive substring of at least one column.
   * LIKE defines the match; where the source has a trigram index on the one
   * searched column, it first narrows the rows to those holding every term
   * of three characters or more (a superset: the index folds case at least
   * as widely as LIKE does), when its statistics say that beats a scan. */
  search<C extends string>(s: Src<C>, columns: readonly C[], terms: readonly string[], db?: Db): Condition {
    const one = '(' + columns.map((c) => `${s.columns[c]} LIKE ? ESCAPE '\\'`).join(' OR ') + ')';
    const params: string[] = [];
    for (const term of terms) {
      const pattern = '%' + term.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
      for (let i = 0; i < columns.length; i++) params.push(pattern);
    }
    const like = { sql: terms.map(() => one).join(' AND '), params };
    // FTS5 reads its query as a C string: a NUL would end it mid-phrase.
    const indexed = terms.filter((t) => [...t].length >= TRIGRAM && !t.includes('\0'));
    if (!s.trigram || columns.length !== 1 || columns[0] !== s.trigram.column || indexed.length === 0) return like;
    const match = indexed.map(ftsPhrase).join(' AND ');
    if (db && !trigramsSelective(db, s, match)) return like;
    const fts = s.trigram.table;
    return { sql: `${s.table}.id IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ?) AND ${like.sql}`, params: [match, ...like.params] };
  },
};

/** Matches nothing: an invalid filter value empties the list (docs/api.md §2.4). */
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

/** The counter conditions equivalent to `conditions`, or null when some
 * condition is not on a counted column. */
function counterConditions(source: Src<string>, conditions: readonly Condition[]): Condition[] | null {
  const counter = source.counter;
  if (!counter) return null;
  const out: Condition[] = [];
  for (const c of conditions) {
    if (!c.key || !counter.columns.includes(c.key.column)) return null;
    out.push(inList(c.key.column, c.key.values, c.key.not));
  }
  return out;
}

// Counts no counter covers (a submitter's patches, `q`, date ranges) are
// kept until the database changes: clients poll the same lists between
// writes. total_changes() sees this connection's writes, data_version other
// connections' commits, so a kept count is never stale.
const MAX_CACHED_COUNTS = 1000;
const countCache = new WeakMap<Db, { version: string; counts: Map<string, number> }>();

/** Changes whenever this connection writes or another connection commits. */
export function databaseVersion(db: Db): string {
  const v = stmt(db, 'SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS d').get() as { c: number; d: number };
  return `${v.c}:${v.d}`;
}

/** Rows matching the conditions: a sum over the source's counter table when
 * it covers them, otherwise a count over the index range the filters select
 * (in proportion to the matches, never to the table). */
export function countRows(db: Db, source: Src<string>, conditions: readonly Condition[]): number {
  source.prepare?.(db);
  const counted = counterConditions(source, conditions);
  if (counted) {
    const c = whereClause(counted);
    return (stmt(db, `SELECT coalesce(sum(n), 0) AS n FROM ${source.counter!.table}${c.sql}`).get(...c.params) as { n: number }).n;
  }
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

// Below this offset, stepping over the skipped rows is cheaper than summing blocks.
const SEEK_FROM_OFFSET = 2048;
const BLOCK_BITS = 10;

/** For a deep page in id order over counted filters: the id range to start
 * from and the offset left within it, from the running sum of the counts of
 * each block of 1024 ids. */
function seekByBlocks<C extends string>(
  db: Db,
  source: ListSource<unknown, C>,
  q: ListQuery<C>,
): { from: Condition; offset: number } | null {
  const counter = source.counter;
  if (!counter?.blocks || q.offset < SEEK_FROM_OFFSET || q.order.length !== 1 || source.columns[q.order[0].sql] !== 'id') return null;
  const counted = counterConditions(source, q.conditions);
  if (!counted) return null;
  const desc = q.order[0].desc;
  const w = whereClause(counted);
  const sql = `SELECT block, sum(n) AS n FROM ${counter.table}${w.sql} GROUP BY block ORDER BY block${desc ? ' DESC' : ''}`;
  let skipped = 0;
  for (const b of stmt(db, sql).iterate(...w.params) as IterableIterator<{ block: number; n: number }>) {
    if (skipped + b.n > q.offset) {
      const from = desc ? { sql: 'id < ?', params: [(b.block + 1) << BLOCK_BITS] } : { sql: 'id >= ?', params: [b.block << BLOCK_BITS] };
      return { from, offset: q.offset - skipped };
    }
    skipped += b.n;
  }
  return null;
}

export function selectRows<R, C extends string>(db: Db, source: ListSource<R, C>, q: ListQuery<C>): R[] {
  source.prepare?.(db);
  const seek = seekByBlocks(db, source, q);
  const w = whereClause(seek ? [...q.conditions, seek.from] : q.conditions);
  const driving = q.order.find((o) => source.orderFrom?.[o.sql] !== undefined)?.sql;
  const order = q.order
    .map((o) => {
      const other = o.sql !== driving ? source.orderFrom?.[o.sql] : undefined;
      return `${other ? other.value : source.columns[o.sql]}${o.desc ? ' DESC' : ''}`;
    })
    .join(', ');
  const from = driving === undefined ? source.table : source.orderFrom![driving]!.from;
  const sql = `SELECT ${source.select ?? source.table + '.*'} FROM ${from}${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`;
  return stmt(db, sql).all(...w.params, q.limit, seek ? seek.offset : q.offset) as R[];
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
