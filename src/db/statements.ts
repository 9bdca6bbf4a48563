// Prepared statements are compiled once per connection and reused. The
// cache is bounded: list statements vary with the filters a request combines.
import type Database from 'better-sqlite3';

const MAX_STATEMENTS = 500;
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function stmt<P extends unknown[] | object = unknown[], R = unknown>(db: Database.Database, sql: string): Database.Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (s) {
    // Least recently used first: a hit moves to the end.
    cache.delete(sql);
  } else {
    s = db.prepare(sql);
    if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
  }
  cache.set(sql, s);
  return s as unknown as Database.Statement<P, R>;
}

/** `?,?,?` for an IN (...) list of n bound values (NULL for none): unlike
 * `IN (SELECT value FROM json_each(?))`, it keeps the column's index. */
export function placeholders(n: number): string {
  return n === 0 ? 'NULL' : '?,'.repeat(n - 1) + '?';
}
