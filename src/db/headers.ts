// Header blocks stored before migration 0006, waiting for `pwlite reheader`.
import type { Db } from './connection.ts';
import { stmt } from './statements.ts';

export type HeaderTable = 'patch_bodies' | 'cover_bodies' | 'patch_comments' | 'cover_comments';

export interface LegacyHeaders {
  tbl: HeaderTable;
  id: number;
  headers: string;
}

// One fixed statement per table: the key column differs.
const UPDATE: Record<HeaderTable, string> = {
  patch_bodies: 'UPDATE patch_bodies SET headers = ? WHERE patch_id = ?',
  cover_bodies: 'UPDATE cover_bodies SET headers = ? WHERE cover_id = ?',
  patch_comments: 'UPDATE patch_comments SET headers = ? WHERE id = ?',
  cover_comments: 'UPDATE cover_comments SET headers = ? WHERE id = ?',
};

export function countLegacyHeaders(db: Db): number {
  return stmt<[], { n: number }>(db, 'SELECT count(*) AS n FROM headers_to_reencode').get()!.n;
}

/** The next `limit` blocks still to convert, with their text. */
export function legacyHeaders(db: Db, limit: number): LegacyHeaders[] {
  return stmt<[number], LegacyHeaders>(
    db,
    `SELECT h.tbl, h.id, COALESCE(pb.headers, cb.headers, pc.headers, cc.headers, '') AS headers
     FROM (SELECT tbl, id FROM headers_to_reencode LIMIT ?) h
     LEFT JOIN patch_bodies pb ON h.tbl = 'patch_bodies' AND pb.patch_id = h.id
     LEFT JOIN cover_bodies cb ON h.tbl = 'cover_bodies' AND cb.cover_id = h.id
     LEFT JOIN patch_comments pc ON h.tbl = 'patch_comments' AND pc.id = h.id
     LEFT JOIN cover_comments cc ON h.tbl = 'cover_comments' AND cc.id = h.id`,
  ).all(limit);
}

/** Stores a converted block and takes it off the list. */
export function storeReencodedHeaders(db: Db, tbl: HeaderTable, id: number, headers: string): void {
  stmt(db, UPDATE[tbl]).run(headers, id);
  stmt(db, 'DELETE FROM headers_to_reencode WHERE tbl = ? AND id = ?').run(tbl, id);
}
