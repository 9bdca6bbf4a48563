// Message-IDs across everything ingestion stores in a project.
import type { Db } from './connection.ts';
import { stmt } from './statements.ts';

/** Whether a mail with this Message-ID is stored in the project already, as a
 * patch, a cover letter or a comment on either (docs/compatibility.md 10: a duplicate
 * Message-ID is counted and skipped, whatever it was stored as). */
export function msgidStored(db: Db, projectId: number, msgid: string): boolean {
  return (
    // A comment's project is read by a correlated subquery, not a join: with a
    // join SQLite plans the statement again on every run (docs/PERFORMANCE.md).
    stmt<[string, number, string, number, string, number, string, number], { found: number }>(
      db,
      `SELECT EXISTS (SELECT 1 FROM patches WHERE msgid = ? AND project_id = ?
                      UNION ALL SELECT 1 FROM covers WHERE msgid = ? AND project_id = ?
                      UNION ALL SELECT 1 FROM patch_comments c
                        WHERE c.msgid = ? AND (SELECT project_id FROM patches WHERE id = c.patch_id) = ?
                      UNION ALL SELECT 1 FROM cover_comments c
                        WHERE c.msgid = ? AND (SELECT project_id FROM covers WHERE id = c.cover_id) = ?)
         AS found`,
    ).get(msgid, projectId, msgid, projectId, msgid, projectId, msgid, projectId)!.found === 1
  );
}
