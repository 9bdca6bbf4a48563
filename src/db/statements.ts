// Prepared statements are compiled once per connection and reused, the least
// recently used dropped beyond a bound: list requests build their SQL from
// the filters, order and search terms asked for, so the number of distinct
// statements is the attacker's to choose. SQLite's memory for a statement
// grows with its text, so the bound counts both statements and text.
import type Database from 'better-sqlite3';

export const STATEMENTS_MAX = 512;
export const STATEMENT_TEXT_MAX = 2 * 1024 * 1024;

class StatementCache {
  readonly entries = new Map<string, Database.Statement>();
  textBytes = 0;

  get(db: Database.Database, sql: string): Database.Statement {
    let s = this.entries.get(sql);
    if (s) {
      this.entries.delete(sql);
      this.entries.set(sql, s);
      return s;
    }
    s = db.prepare(sql);
    this.entries.set(sql, s);
    this.textBytes += sql.length;
    for (const [old] of this.entries) {
      if (this.entries.size <= STATEMENTS_MAX && this.textBytes <= STATEMENT_TEXT_MAX) break;
      if (old === sql) break;
      this.entries.delete(old);
      this.textBytes -= old.length;
    }
    return s;
  }
}

const caches = new WeakMap<Database.Database, StatementCache>();

function cacheOf(db: Database.Database): StatementCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new StatementCache()));
  return cache;
}

export function stmt<P extends unknown[] | object = unknown[], R = unknown>(
  db: Database.Database,
  sql: string,
): Database.Statement<P, R> {
  return cacheOf(db).get(db, sql) as unknown as Database.Statement<P, R>;
}

/** How many statements, and how much SQL text, a connection holds (for tests and the abuse benchmark). */
export function statementCacheSize(db: Database.Database): { statements: number; textBytes: number } {
  const cache = cacheOf(db);
  return { statements: cache.entries.size, textBytes: cache.textBytes };
}

/** `+?,+?,+?` for an IN (...) list of n bound values (NULL for none): unlike
 * `IN (SELECT value FROM json_each(?))`, it keeps the column's index.
 *
 * Values the planner compares with a column are written `+?`, an
 * expression it does not read. SQLite prepares a statement again at its
 * next run after a value the planner read is bound anew, even to the same
 * value (its plan might depend on it): 10-25 µs of a list query, more than
 * running it. The column's index is used all the same. */
export function placeholders(n: number): string {
  return n === 0 ? 'NULL' : '+?,'.repeat(n - 1) + '+?';
}
