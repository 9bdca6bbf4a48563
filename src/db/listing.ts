// Building list queries from declarative conditions. Column names and order
// expressions come from fixed definitions in the API layer (never from the
// request); every value is a bound parameter. Each list costs in proportion
// to the page it returns (docs/PERFORMANCE.md): filters are written so the
// planner can use an index (`= ?`, `IN (?, ?)`), page counts come from the
// counter tables of sql/0002 where the filters allow, deep pages of the id
// order start from the counters' running sums, and `q` goes through the
// trigram indexes.
import type { Db } from './connection.ts';
import { placeholders, stmt } from './statements.ts';

/** What a condition tests, when it is a plain list of values of one
 * column: lets counts use the counter tables. */
export interface ConditionKey {
  column: string;
  not: boolean;
  values: readonly unknown[];
}

export interface Condition {
  sql: string;
  params: unknown[];
  key?: ConditionKey;
}

export interface OrderTerm {
  /** A column or fixed expression over the listed table. */
  sql: string;
  desc: boolean;
  /** FROM clause that provides `sql` (a join in front of the table), if any. */
  from?: string;
}

/** Matches rows whose column is in a JSON array parameter. Where an index
 * on the column should serve, use where.inIds instead: the planner cannot
 * look into json_each and walks another index testing every row. */
export const IN_JSON = 'IN (SELECT value FROM json_each(?))';

// Above this many values one JSON parameter keeps the statement text (and
// the prepared-statement cache) from growing with the request.
const MAX_BOUND_VALUES = 32;

function inList(column: string, values: readonly unknown[], not: boolean): Condition {
  const key = { column, not, values };
  if (values.length === 1) return { sql: `${column} ${not ? '!=' : '='} ?`, params: [values[0]], key };
  if (values.length <= MAX_BOUND_VALUES) {
    return { sql: `${column} ${not ? 'NOT IN' : 'IN'} (${placeholders(values.length)})`, params: [...values], key };
  }
  return { sql: `${column} ${not ? 'NOT ' : ''}${IN_JSON}`, params: [JSON.stringify(values)], key };
}

/** The table's trigram index (sql/0002), by listed table. */
const TRIGRAM_INDEXES: Record<string, { fts: string; column: string }> = {
  patches: { fts: 'patches_fts', column: 'name' },
  covers: { fts: 'covers_fts', column: 'name' },
  series: { fts: 'series_fts', column: 'name' },
};

/** A trigram token is three characters: shorter terms cannot use the index. */
const TRIGRAM = 3;

const ftsPhrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

export const where = {
  inIds: (column: string, ids: readonly number[]): Condition => inList(column, ids, false),
  eq: (column: string, value: unknown): Condition => inList(column, [value], false),
  notIn: (column: string, values: readonly unknown[]): Condition => inList(column, values, true),
  atLeast: (column: string, value: string): Condition => ({ sql: `${column} >= ?`, params: [value] }),
  before: (column: string, value: string): Condition => ({ sql: `${column} < ?`, params: [value] }),
  raw: (sql: string, params: unknown[] = []): Condition => ({ sql, params }),
  /** Every term is a case-insensitive substring of at least one column.
   * LIKE defines the match; where the table has a trigram index on the one
   * searched column, it first narrows the rows to those holding every term
   * of three characters or more (a superset: the index folds case at least
   * as widely as LIKE does). */
  search(columns: readonly string[], terms: readonly string[], table?: string): Condition {
    const one = '(' + columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ') + ')';
    const params: string[] = [];
    for (const term of terms) {
      const pattern = '%' + term.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
      for (let i = 0; i < columns.length; i++) params.push(pattern);
    }
    const like = { sql: terms.map(() => one).join(' AND '), params };
    const trigram = table === undefined ? undefined : TRIGRAM_INDEXES[table];
    const indexed = terms.filter((t) => [...t].length >= TRIGRAM);
    if (!trigram || columns.length !== 1 || columns[0] !== trigram.column || indexed.length === 0) return like;
    return {
      sql: `id IN (SELECT rowid FROM ${trigram.fts} WHERE ${trigram.fts} MATCH ?) AND ${like.sql}`,
      params: [indexed.map(ftsPhrase).join(' AND '), ...like.params],
    };
  },
};

/** Matches nothing: an invalid filter value empties the list (API.md §2.4). */
export const NOTHING: Condition = { sql: '0', params: [] };

function whereClause(conditions: readonly Condition[]): { sql: string; params: unknown[] } {
  if (conditions.length === 0) return { sql: '', params: [] };
  return { sql: ' WHERE ' + conditions.map((c) => c.sql).join(' AND '), params: conditions.flatMap((c) => c.params) };
}

export interface ListQuery {
  /** Table name (fixed by the caller). */
  table: string;
  /** SELECT list; the table's columns when absent. */
  columns?: string;
  conditions: readonly Condition[];
  order: readonly OrderTerm[];
  limit: number;
  offset: number;
}

/** Counter tables kept by triggers (sql/0002), by listed table: the columns
 * they count by, and whether they count per block of 1024 ids. */
const COUNTERS: Record<string, { table: string; columns: readonly string[]; blocks: boolean }> = {
  patches: { table: 'patch_counts', columns: ['project_id', 'state_id', 'archived'], blocks: true },
  events: { table: 'event_counts', columns: ['project_id', 'category'], blocks: false },
  series: { table: 'series_counts', columns: ['project_id'], blocks: false },
  covers: { table: 'cover_counts', columns: ['project_id'], blocks: false },
};

/** The counter conditions equivalent to `conditions`, or null when some
 * condition is not on a counted column. */
function counterConditions(table: string, conditions: readonly Condition[]): Condition[] | null {
  const counter = COUNTERS[table];
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

/** Rows matching the conditions: a sum over a counter table when one
 * covers them, otherwise a count over the index range the filters select
 * (in proportion to the matches, never to the table). */
export function countRows(db: Db, table: string, conditions: readonly Condition[]): number {
  const counted = counterConditions(table, conditions);
  if (counted) {
    const w = whereClause(counted);
    return (stmt(db, `SELECT coalesce(sum(n), 0) AS n FROM ${COUNTERS[table].table}${w.sql}`).get(...w.params) as { n: number }).n;
  }
  const w = whereClause(conditions);
  const sql = `SELECT count(*) AS n FROM ${table}${w.sql}`;
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
function seekByBlocks(db: Db, q: ListQuery): { from: Condition; offset: number } | null {
  const counter = COUNTERS[q.table];
  if (!counter?.blocks || q.offset < SEEK_FROM_OFFSET || q.order.length !== 1 || q.order[0].sql !== 'id' || q.order[0].from) return null;
  const counted = counterConditions(q.table, q.conditions);
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

export function selectRows<T>(db: Db, q: ListQuery): T[] {
  const seek = seekByBlocks(db, q);
  const w = whereClause(seek ? [...q.conditions, seek.from] : q.conditions);
  const order = q.order.map((o) => `${o.sql}${o.desc ? ' DESC' : ''}`).join(', ');
  const from = q.order.find((o) => o.from)?.from ?? q.table;
  const sql = `SELECT ${q.columns ?? q.table + '.*'} FROM ${from}${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`;
  return stmt(db, sql).all(...w.params, q.limit, seek ? seek.offset : q.offset) as T[];
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

/** Which of the given ids exist in a table (a fixed table name). */
export function existingIds(db: Db, table: string, ids: readonly number[]): Set<number> {
  return new Set(rowsByIds<{ id: number }>(db, `SELECT id FROM ${table} WHERE id ${IN_JSON}`, ids).map((r) => r.id));
}
