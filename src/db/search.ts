// The trigram indexes (sql/0002) kept up by a bulk import a batch at a time
// rather than row by row (sql/0011 says why). Both calls belong to one
// write transaction: the rows are indexed before it commits, so readers
// never see them unindexed.
import type { Db } from './connection.ts';
import { stmt } from './statements.ts';

const INDEXED = ['patches', 'covers', 'series'] as const;

/** From now until indexDeferred, rows added to the indexed tables wait for
 * indexDeferred instead of being indexed as each is written. */
export function deferSearchIndex(db: Db): void {
  for (const table of INDEXED) {
    stmt(db, `INSERT INTO search_deferred (tbl, above) SELECT '${table}', coalesce(max(id), 0) FROM ${table}`).run();
  }
}

/** Indexes the rows added since deferSearchIndex, with the names they have
 * now, and indexes row by row again. */
export function indexDeferred(db: Db): void {
  for (const table of INDEXED) {
    stmt(
      db,
      `INSERT INTO ${table}_fts (rowid, name)
         SELECT id, name FROM ${table} WHERE id > (SELECT above FROM search_deferred WHERE tbl = '${table}')`,
    ).run();
  }
  stmt(db, 'DELETE FROM search_deferred').run();
}
