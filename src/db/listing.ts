// Building list queries from declarative conditions. Column names and order
// expressions come from the fixed sources each table module declares (never
// from the request); every value is a bound parameter. Each list costs in
// proportion to the page it returns (docs/PERFORMANCE.md): filters are
// written so the planner can use an index (`= +?`, `IN (+?, +?)`; see
// placeholders() for the `+`), page counts come from the counter tables of
// sql/0002 where the filters allow, deep pages of the id order start from
// the counters' running sums, and `q` goes through the trigram indexes.
import { BoundedMap, perConnection } from '../util/bounded.ts';
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
  /** Page counts are kept across writes (sql/0007 keeps generations of the
   * table's filtered columns in list_generations). */
  keptCounts?: boolean;
  /** Trigram index (sql/0002) over one searched column. */
  trigram?: { table: string; column: NoInfer<C> };
  /** A column that moves whenever a row changes (sql/0010): a page can be
   * read as ids and revisions only (selectRows' `keys`). */
  revision?: string;
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
  /** The listed table's own columns the condition tests; absent when it
   * also reads other tables (its count is then never kept). */
  readonly columns?: readonly string[];
  /** The same test using no index, for rows found otherwise (a few new
   * rowids, or a walk of the order's index). */
  readonly few?: { sql: string; params: readonly unknown[] };
  /** Set when an index finds the few rows the condition can match (a search
   * through the trigram index): sorting them beats walking an order's index.
   * They are a FROM item of their ids in ascending order (`id`: its column);
   * `few` then tests the rest. A page in id order read from it stops at the
   * page's end instead of reading them all first. */
  readonly candidates?: { readonly from: string; readonly id: string; readonly params: readonly unknown[] };
}

/** The column, when its SQL is a column of the listed table itself. */
const own = (sql: string): string[] | undefined => (/^\w+$/.test(sql) ? [sql] : undefined);

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

/** A condition on one column, and the same test with the column's index
 * disabled (unary +), when the column is the table's own. */
function onColumn(column: string, test: string, params: readonly unknown[], key?: ConditionKey): Condition {
  const columns = own(column);
  const few = columns ? { sql: `+${column} ${test}`, params } : undefined;
  return { sql: `${column} ${test}`, params, key, columns, few };
}

function inList(column: string, values: readonly unknown[], not: boolean): Condition {
  const key = { column, not, values };
  if (values.length === 0) return { sql: not ? '1' : '0', params: [], key, columns: own(column) };
  if (values.length === 1) return onColumn(column, not ? '!= +?' : '= +?', [values[0]], key);
  if (values.length <= MAX_BOUND_VALUES)
    return onColumn(column, `${not ? 'NOT IN' : 'IN'} (${placeholders(values.length)})`, [...values], key);
  return onColumn(column, `${not ? 'NOT ' : ''}${IN_JSON}`, [JSON.stringify(values)], key);
}

/** A trigram token is three characters: shorter terms cannot use the index. */
const TRIGRAM = 3;

const ftsPhrase = (term: string) => `"${term.replaceAll('"', '""')}"`;

// Checking a match found through the index costs a row lookup, about ten
// times what a row costs in a plain scan: the index serves when its
// candidates are under a tenth of the table.
const INDEX_SHARE = 10;

// A probe's answer is kept until the table's highest id moves by an eighth:
// how common a term is changes with the table's size, not with each write.
const PROBE_DRIFT = 8;
const PROBES_BYTES = 256 * 1024;
const probes = perConnection<Db, BoundedMap<{ n: number | null; top: number }>>(() => new BoundedMap(PROBES_BYTES));

const topId = (db: Db, table: string) => (stmt(db, `SELECT coalesce(max(id), 0) AS top FROM ${table}`).get() as { top: number }).top;

/** How many rows the trigram index gives for `match`, or null when they are
 * too many to beat a scan: a probe that stops at a tenth of the table's
 * rows (so it costs at most what using the index would). */
function trigramCandidates(db: Db, source: Src<string>, match: string): number | null {
  const fts = source.trigram!.table;
  const key = fts + '\u0000' + match;
  const kept = probes(db).get(key);
  if (kept) {
    const top = topId(db, source.table);
    if (Math.abs(top - kept.top) <= kept.top / PROBE_DRIFT) return kept.n;
  }
  const probe = stmt(
    db,
    `SELECT count(*) AS n, (SELECT coalesce(max(id), 0) FROM ${source.table}) AS top
       FROM (SELECT 1 FROM ${fts} WHERE ${fts} MATCH ? LIMIT (SELECT coalesce(max(id), 0) / ${INDEX_SHARE} + 1 FROM ${source.table}))`,
  ).get(match) as { n: number; top: number };
  const n = probe.n < Math.floor(probe.top / INDEX_SHARE) + 1 ? probe.n : null;
  probes(db).set(key, { n, top: probe.top }, 16);
  return n;
}

// Trigrams of a term probed at most: a long term is narrowed by some of
// them, spread over it, so that its probes stay few.
const TRIGRAMS_PER_TERM = 8;

/** The distinct trigrams of a term (characters as the tokenizer counts
 * them, code points), at most TRIGRAMS_PER_TERM, spread over it. */
export function trigramsOf(term: string): string[] {
  const chars = [...term];
  const count = chars.length - TRIGRAM + 1;
  const step = Math.max(1, (count - 1) / (TRIGRAMS_PER_TERM - 1));
  const out = new Set<string>();
  for (let i = 0; i < count; i += step) out.add(chars.slice(Math.round(i), Math.round(i) + TRIGRAM).join(''));
  out.add(chars.slice(count - 1).join(''));
  return [...out];
}

/** Of the trigrams of the terms, the one the index gives fewest rows for,
 * if that beats a scan. A row holding a term holds each of its trigrams, so
 * those rows are a superset, and LIKE decides. One trigram, not the phrase
 * of a whole term: FTS5 matches a phrase by reading the rows of every
 * trigram in it, and a word's common trigrams cost more than the rows a
 * rare one leaves (1M names: `driver` 1.9 ms, `dri` alone 0.17 ms), as a
 * common term costs more to intersect than LIKE takes on a rare one's rows
 * (at 100k names, 4.5 ms against 0.05 ms). */
function rarestTrigram(db: Db, source: Src<string>, terms: readonly string[]): string | null {
  let rarest: { phrase: string; n: number } | null = null;
  for (const term of terms) {
    // FTS5 reads its query as a C string: a NUL would end it mid-phrase.
    if ([...term].length < TRIGRAM || term.includes('\0')) continue;
    for (const trigram of trigramsOf(term)) {
      const phrase = ftsPhrase(trigram);
      const n = trigramCandidates(db, source, phrase);
      if (n !== null && (rarest === null || n < rarest.n)) rarest = { phrase, n };
    }
  }
  return rarest?.phrase ?? null;
}

export const where = {
  inIds: <C extends string>(s: Src<C>, column: C, ids: readonly number[]): Condition => inList(s.columns[column], ids, false),
  eq: <C extends string>(s: Src<C>, column: C, value: unknown): Condition => inList(s.columns[column], [value], false),
  notIn: <C extends string>(s: Src<C>, column: C, values: readonly unknown[]): Condition => inList(s.columns[column], values, true),
  atLeast: <C extends string>(s: Src<C>, column: C, value: string): Condition => onColumn(s.columns[column], '>= +?', [value]),
  before: <C extends string>(s: Src<C>, column: C, value: string): Condition => onColumn(s.columns[column], '< +?', [value]),
  /** Every term is a case-insensitive substring of at least one column.
   * LIKE defines the match; where the source has a trigram index on the one
   * searched column, it first narrows the rows to those holding the rarest
   * trigram of the terms (a superset: the index folds case at least as
   * widely as LIKE does), when its probes say that beats a scan. */
  search<C extends string>(s: Src<C>, columns: readonly C[], terms: readonly string[], db: Db): Condition {
    // The pattern is an expression, not a bare parameter: the planner reads
    // a bound LIKE pattern (for a prefix it could seek), so each run would
    // prepare the statement again (~14 µs); these patterns start with %.
    const one = '(' + columns.map((c) => `${s.columns[c]} LIKE ? || '' ESCAPE '\\'`).join(' OR ') + ')';
    const params: string[] = [];
    for (const term of terms) {
      const pattern = '%' + term.replace(/[\\%_]/g, (ch) => '\\' + ch) + '%';
      for (let i = 0; i < columns.length; i++) params.push(pattern);
    }
    const tested = columns.map((c) => own(s.columns[c]));
    const like = {
      sql: terms.map(() => one).join(' AND '),
      params,
      columns: tested.every((c) => c) ? tested.flatMap((c) => c!) : undefined,
    };
    if (!s.trigram || columns.length !== 1 || columns[0] !== s.trigram.column) return like;
    const match = rarestTrigram(db, s, terms);
    if (match === null) return like;
    const fts = s.trigram.table;
    const matching = `FROM ${fts} WHERE ${fts} MATCH ?`;
    return {
      sql: `${s.table}.id IN (SELECT rowid ${matching}) AND ${like.sql}`,
      params: [match, ...like.params],
      columns: like.columns,
      few: like,
      candidates: {
        from: `(SELECT rowid AS hit_id ${matching}) AS trigram_hits`,
        id: 'trigram_hits.hit_id',
        params: [match],
      },
    };
  },
};

/** Matches nothing: an invalid filter value empties the list (docs/api.md §2.4). */
export const NOTHING: Condition = { sql: '0', params: [], columns: [] };

function whereClause(conditions: readonly Pick<Condition, 'sql' | 'params'>[]): { sql: string; params: unknown[] } {
  if (conditions.length === 0) return { sql: '', params: [] };
  return { sql: ' WHERE ' + conditions.map((c) => c.sql).join(' AND '), params: conditions.flatMap((c) => c.params) };
}

export interface ListQuery<C extends string> {
  conditions: readonly Condition[];
  order: readonly OrderTerm<C>[];
  limit: number;
  offset: number;
  /** How many rows the conditions match (countRows). */
  matches: number;
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
// kept per connection with the generations (sql/0007) of the columns their
// conditions test and the table's highest id when counted: while the
// generations stay, the count is still exact after adding the rows that
// arrived since, counted on their own (by rowid, a few rows). A write that
// changes another column (a state change, for `q=fix`) keeps the count. Not
// kept inside a write transaction: a rollback would undo the generations it
// was kept with. Sources without generations count each time.
const KEPT_COUNTS_BYTES = 1024 * 1024;
const keptCounts = perConnection<Db, BoundedMap<{ gen: string; top: number; n: number }>>(() => new BoundedMap(KEPT_COUNTS_BYTES));

const reading = new WeakSet<Db>();

/** One transaction function per connection that runs what it is given:
 * better-sqlite3 builds a transaction function's wrappers anew on every
 * db.transaction(), 5 µs of every read request. */
const readerOf = perConnection<Db, <T>(fn: () => T) => T>((db) => db.transaction((fn) => fn()) as <T>(fn: () => T) => T);

/** Runs fn in one read transaction (one snapshot for all its statements);
 * what it counts may be kept. fn must not write. */
export function readTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  reading.add(db);
  try {
    return readerOf(db)(fn);
  } finally {
    reading.delete(db);
  }
}

/** Outside a write transaction, what is read now stays true at its generations. */
const mayKeep = (db: Db) => db.readonly || !db.inTransaction || reading.has(db);

/** The generation of `tbl` in list_generations (sql/0008's list item generations),
 * or null where what is read now might be rolled back. */
export function keptGeneration(db: Db, tbl: string): number | null {
  if (!mayKeep(db)) return null;
  return (stmt(db, "SELECT gen FROM list_generations WHERE tbl = ? AND col = '*'").get(tbl) as { gen: number }).gen;
}

/** Changes whenever this connection writes or another connection commits. */
export function databaseVersion(db: Db): string {
  const v = stmt(db, 'SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS d').get() as { c: number; d: number };
  return `${v.c}:${v.d}`;
}

/** The generations of what the conditions test, or null when some
 * condition reads a column (or table) no generation follows. */
function generationOf(db: Db, table: string, conditions: readonly Condition[]): string | null {
  const gens = new Map(
    (stmt(db, 'SELECT col, gen FROM list_generations WHERE tbl = ?').all(table) as { col: string; gen: number }[]).map((r) => [
      r.col,
      r.gen,
    ]),
  );
  const out = [gens.get('*')];
  for (const c of conditions) {
    if (!c.columns) return null;
    for (const col of c.columns) out.push(gens.get(col));
  }
  return out.includes(undefined) ? null : out.join('.');
}

/** Rows matching the conditions: a sum over the source's counter table when
 * it covers them, otherwise a count over the index range the filters select,
 * kept across writes that leave it exact. */
export function countRows(db: Db, source: Src<string>, conditions: readonly Condition[]): number {
  source.prepare?.(db);
  const counted = counterConditions(source, conditions);
  if (counted) {
    const c = whereClause(counted);
    return (stmt(db, `SELECT coalesce(sum(n), 0) AS n FROM ${source.counter!.table}${c.sql}`).get(...c.params) as { n: number }).n;
  }
  const t = source.table;
  const w = whereClause(conditions);
  const gen = source.keptCounts && mayKeep(db) ? generationOf(db, t, conditions) : null;
  if (gen === null) return (stmt(db, `SELECT count(*) AS n FROM ${t}${w.sql}`).get(...w.params) as { n: number }).n;
  const key = t + w.sql + '\u0000' + JSON.stringify(w.params);
  const kept = keptCounts(db).get(key);
  let now: { n: number; top: number };
  if (kept?.gen === gen) {
    // The rowid range of the new rows drives (NOT INDEXED leaves the rowid
    // usable); each is tested without index hints.
    const few = whereClause([{ sql: `${t}.id > ?`, params: [kept.top] }, ...conditions.map((c) => c.few ?? c)]);
    const delta = stmt(db, `SELECT count(*) AS n, (SELECT coalesce(max(id), 0) FROM ${t}) AS top FROM ${t} NOT INDEXED${few.sql}`).get(
      ...few.params,
    ) as { n: number; top: number };
    now = { n: kept.n + delta.n, top: delta.top };
  } else {
    now = stmt(db, `SELECT count(*) AS n, (SELECT coalesce(max(id), 0) FROM ${t}) AS top FROM ${t}${w.sql}`).get(...w.params) as {
      n: number;
      top: number;
    };
  }
  if (now.top !== kept?.top || gen !== kept.gen) keptCounts(db).set(key, { gen, ...now }, 2 * gen.length + 32);
  return now.n;
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

/** A page in the last half of the matches is the same page of the reverse
 * order, counted from the end: OFFSET then steps over at most half. The
 * order always ends in the id, so the reverse order is exact. */
function fromTheEnd<C extends string>(q: ListQuery<C>): ListQuery<C> | null {
  if (q.offset <= q.matches / 2 || q.offset >= q.matches) return null;
  const limit = Math.min(q.limit, q.matches - q.offset);
  return { ...q, order: q.order.map((o) => ({ ...o, desc: !o.desc })), limit, offset: q.matches - q.offset - limit };
}

// Deep pages in other orders (a name, a date) start from an anchor: the
// order's values at a position a request reached before, kept per
// connection like counts (same generations, plus the ordered columns). Rows
// that arrived since move an anchor by those of them that sort before it.
// Only orders on NOT NULL columns of the table in one direction qualify: the
// page starts at a row value, `(name, id) >= (?, ?)`, a seek in the index.
const ANCHOR_FROM = 1024;
const ANCHORS_PER_LIST = 8;
const ANCHORS_BYTES = 512 * 1024;
interface Anchors {
  gen: string;
  top: number;
  list: { offset: number; values: unknown[] }[];
}
const anchorsOf = perConnection<Db, BoundedMap<Anchors>>(() => new BoundedMap(ANCHORS_BYTES));
const notNull = new Map<string, Set<string>>();

function notNullColumns(db: Db, table: string): Set<string> {
  let set = notNull.get(table);
  if (!set) {
    const cols = stmt(db, 'SELECT name FROM pragma_table_info(?) WHERE "notnull" OR pk').all(table) as { name: string }[];
    notNull.set(table, (set = new Set(cols.map((c) => c.name))));
  }
  return set;
}

interface Anchoring {
  key: string;
  entry: Anchors;
  columns: string[];
  desc: boolean;
  from: { offset: number; values: unknown[] } | undefined;
}

function anchoring<C extends string>(db: Db, source: ListSource<unknown, C>, q: ListQuery<C>): Anchoring | null {
  // Only inside a read transaction: the highest id kept must be the one the page was read at.
  if (q.offset < ANCHOR_FROM || !source.keptCounts || !reading.has(db)) return null;
  const desc = q.order[0].desc;
  const columns = q.order.map((o) => source.columns[o.sql]);
  const allowed = notNullColumns(db, source.table);
  if (q.order.some((o) => o.desc !== desc) || columns.some((c) => !own(c) || !allowed.has(c))) return null;
  // Renumbering moves '*', which every generation includes.
  const ordered = columns.filter((c) => c !== 'id');
  const gen = generationOf(db, source.table, [...q.conditions, { sql: '', params: [], columns: ordered }]);
  if (gen === null) return null;
  const w = whereClause(q.conditions);
  const key = `${source.table}${w.sql} ORDER BY ${columns.join(',')}${desc ? ' DESC' : ''}\u0000${JSON.stringify(w.params)}`;
  const top = topId(db, source.table);
  let entry = anchorsOf(db).get(key);
  if (!entry || entry.gen !== gen) entry = { gen, top, list: [] };
  if (top !== entry.top) {
    const t = source.table;
    const tuple = `(${columns.join(', ')})`;
    for (const a of entry.list) {
      const few = whereClause([
        { sql: `${t}.id > ?`, params: [entry.top] },
        ...q.conditions.map((c) => c.few ?? c),
        { sql: `${tuple} ${desc ? '>' : '<'} (${placeholders(columns.length)})`, params: a.values },
      ]);
      a.offset += (stmt(db, `SELECT count(*) AS n FROM ${t} NOT INDEXED${few.sql}`).get(...few.params) as { n: number }).n;
    }
    entry.top = top;
  }
  const from = entry.list.filter((a) => a.offset <= q.offset).sort((a, b) => b.offset - a.offset)[0];
  return { key, entry, columns, desc, from };
}

/** Keeps the page's first row as an anchor when reaching it stepped over many rows. */
function keepAnchor(db: Db, a: Anchoring, offset: number, first: Record<string, unknown> | undefined): void {
  if (!first || offset - (a.from?.offset ?? 0) < ANCHOR_FROM) return;
  const list = [...a.entry.list.filter((x) => x.offset !== offset), { offset, values: a.columns.map((c) => first[c]) }].slice(
    -ANCHORS_PER_LIST,
  );
  const entry = { ...a.entry, list };
  anchorsOf(db).set(a.key, entry, JSON.stringify(list).length * 2 + 2 * entry.gen.length);
}

// What the planner cannot know, the number of matches, is counted before
// the page. Few matches: reading and sorting them all beats walking the
// order's index past the rows that do not match, so the order is pinned
// (unary +), unless the plan already reads just the matches in order: an
// index whose constraints cover every condition and that gives the order
// (a project's 949 series by id: 102 µs sorted, 21 µs walked), or a
// search's candidates by rowid in id order. Either stops at the page's end.
// Many, where the planner would read them all to sort them: walking the
// order's index finds the page after about (offset + limit) × rows /
// matches rows, so when that is fewer the filters are pinned.
const SORT_AT_MOST = 1000;
const PLANS_BYTES = 256 * 1024;

interface Plan {
  sorts: boolean;
  /** The table's rows are looked up by rowid (an IN list of ids in front). */
  byRowid: boolean;
  /** The columns the index searched on the table constrains. */
  constrained: string[];
}
const plansOf = perConnection<Db, BoundedMap<Plan>>(() => new BoundedMap(PLANS_BYTES));

/** What the statement's plan does (plans do not depend on the values bound). */
function planOf(db: Db, table: string, sql: string, params: readonly unknown[]): Plan {
  let plan = plansOf(db).get(sql);
  if (plan === undefined) {
    const lines = (stmt(db, `EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail);
    const indexSearch = new RegExp(`^SEARCH ${table} USING (?:COVERING )?INDEX \\w+ \\((.*)\\)$`);
    const searched = lines.map((d) => indexSearch.exec(d)).find((m) => m);
    plan = {
      sorts: lines.some((d) => d.startsWith('USE TEMP B-TREE FOR ORDER BY')),
      byRowid: lines.some((d) => d.startsWith(`SEARCH ${table} USING INTEGER PRIMARY KEY`)),
      constrained: searched ? searched[1].split(' AND ').map((c) => /^\w+/.exec(c)![0]) : [],
    };
    plansOf(db).set(sql, plan, 32 + 16 * plan.constrained.length);
  }
  return plan;
}

/** Whether the plan reads only the rows that match, in the page's order. */
function readsMatchesInOrder(plan: Plan, conditions: readonly Condition[]): boolean {
  if (plan.sorts) return false;
  if (plan.byRowid && conditions.some((c) => c.candidates)) return true;
  return conditions.every((c) => c.columns?.every((column) => plan.constrained.includes(column)) === true);
}

function pinning(db: Db, table: string, q: ListQuery<string>, offset: number, sql: () => [string, unknown[]]): 'sort' | 'walk' | null {
  if (q.conditions.length === 0) return null;
  if (q.matches <= SORT_AT_MOST) return readsMatchesInOrder(planOf(db, table, ...sql()), q.conditions) ? null : 'sort';
  const walked = ((offset + q.limit) * topId(db, table)) / q.matches;
  return 2 * walked < q.matches && planOf(db, table, ...sql()).sorts ? 'walk' : null;
}

/** A page in ascending id order of a trigram search, read from the index's
 * candidates in their id order (Condition.candidates) rather than from all of
 * them read and sorted first: it stops at the page's end. Not in descending
 * order: FTS5 reads a phrase's candidates backwards no faster than it reads
 * them all. */
function candidatePage(source: Src<string>, q: ListQuery<string>, selected: string): [string, unknown[]] | null {
  if (q.order.length !== 1 || q.order[0].desc || source.columns[q.order[0].sql] !== 'id') return null;
  const searched = q.conditions.find((c) => c.candidates);
  if (!searched?.candidates) return null;
  const { from, id, params } = searched.candidates;
  const w = whereClause(q.conditions.map((c) => (c === searched ? (c.few ?? c) : c)));
  const t = source.table;
  return [
    `SELECT ${selected} FROM ${from} CROSS JOIN ${t} ON ${t}.id = ${id}${w.sql} ORDER BY ${id} LIMIT ${q.limit} OFFSET +?`,
    [...params, ...w.params],
  ];
}

/** A row of a page read as keys only. */
export interface RowRevision {
  id: number;
  rev: number;
}

/** One page of rows; q.matches (from countRows) lets a deep page start from
 * the nearer end, and decides between walking the order's index and sorting.
 * With `keys`, only each row's id and revision (and what an anchor needs). */
export function selectRows<R, C extends string>(db: Db, source: ListSource<R, C>, query: ListQuery<C>): R[];
export function selectRows<R, C extends string>(db: Db, source: ListSource<R, C>, query: ListQuery<C>, keys: true): RowRevision[];
export function selectRows<R, C extends string>(db: Db, source: ListSource<R, C>, query: ListQuery<C>, keys = false): (R | RowRevision)[] {
  if (query.offset >= query.matches) return [];
  source.prepare?.(db);
  const reversed = fromTheEnd(query);
  const q = reversed ?? query;
  const seek = seekByBlocks(db, source, q);
  const anchor = seek ? null : anchoring(db, source, q);
  const start = anchor?.from
    ? {
        sql: `(${anchor.columns.join(', ')}) ${anchor.desc ? '<=' : '>='} (${placeholders(anchor.columns.length)})`,
        params: anchor.from.values,
      }
    : null;
  const offset = seek ? seek.offset : q.offset - (anchor?.from?.offset ?? 0);
  const driving = q.order.find((o) => source.orderFrom?.[o.sql] !== undefined)?.sql;
  const from = driving === undefined ? source.table : source.orderFrom![driving]!.from;
  // The page size is written into the statement as a number: SQLite's
  // planner reads a bound LIMIT, so each run would bind a value it looked at
  // and prepare the statement again (~20 µs). Pages hold at most 250 rows,
  // so the statements stay few.
  if (!Number.isSafeInteger(q.limit) || q.limit < 0) throw new RangeError(`page size ${q.limit}`);
  const selected = keys ? keyColumns(source, anchor?.columns ?? []) : (source.select ?? `${source.table}.*`);
  const statement = (pin: 'sort' | 'walk' | null): [string, unknown[]] => {
    const conditions = pin === 'walk' ? q.conditions.map((c) => c.few ?? c) : q.conditions;
    const w = whereClause([...conditions, ...(seek ? [seek.from] : []), ...(start ? [start] : [])]);
    const order = q.order
      .map((o) => {
        const other = o.sql !== driving ? source.orderFrom?.[o.sql] : undefined;
        return `${pin === 'sort' ? '+' : ''}${other ? other.value : source.columns[o.sql]}${o.desc ? ' DESC' : ''}`;
      })
      .join(', ');
    return [`SELECT ${selected} FROM ${from}${w.sql} ORDER BY ${order} LIMIT ${q.limit} OFFSET +?`, w.params];
  };
  const unpinned = (): [string, unknown[]] => {
    const [sql, params] = statement(null);
    return [sql, [...params, offset]];
  };
  const ownOrder = driving === undefined && !seek;
  const fromCandidates = ownOrder && !start ? candidatePage(source, q, selected) : null;
  let pin = ownOrder && !fromCandidates ? pinning(db, source.table, q, offset, unpinned) : null;
  let [sql, params] = fromCandidates ?? statement(pin);
  // Walking needs an index in the order: without one the pinned plan would sort the table.
  if (pin === 'walk' && planOf(db, source.table, sql, [...params, offset]).sorts) [sql, params] = statement((pin = null));
  const rows = stmt(db, sql).all(...params, offset) as R[];
  if (anchor) keepAnchor(db, anchor, q.offset, rows[0] as Record<string, unknown> | undefined);
  return reversed ? rows.reverse() : rows;
}

function keyColumns(source: ListSource<unknown, string>, anchored: readonly string[]): string {
  if (!source.revision) throw new Error(`${source.table} has no revision column`);
  const columns = new Set(['id', `${source.revision} AS rev`, ...anchored]);
  return [...columns].map((c) => `${source.table}.${c}`).join(', ');
}

/** Oldest first, then by id: the order nested lists are shown in. Sorting the
 * few fetched rows here keeps ORDER BY out of by-ids queries, where it would
 * tempt the planner into scanning a date index past the IN (...) lookup. */
export function byDate<T extends { date: string; id: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
}

/** Rows whose key column is in ids (`sql` tests it with IN_JSON, a
 * condition every row returned must meet), with one statement whatever the
 * count. None for no ids, and `= +?` for one (see placeholders()): a detail
 * looks up its related rows one by one, several of them often none (no
 * delegate, no related patches), and json_each's parse cost 1.5 µs of each
 * lookup. */
export function rowsByIds<T>(db: Db, sql: string, ids: readonly number[]): T[] {
  if (ids.length === 0) return [];
  if (ids.length === 1) return stmt(db, sql.replace(IN_JSON, '= +?')).all(ids[0]) as T[];
  return stmt(db, sql).all(JSON.stringify(ids)) as T[];
}

/** Tables whose ids requests may name. */
export type IdTable = 'projects' | 'people' | 'users' | 'states' | 'series' | 'patches' | 'covers';

/** Which of the given ids exist in a table. */
export function existingIds(db: Db, table: IdTable, ids: readonly number[]): Set<number> {
  return new Set(rowsByIds<{ id: number }>(db, `SELECT id FROM ${table} WHERE id ${IN_JSON}`, ids).map((r) => r.id));
}
