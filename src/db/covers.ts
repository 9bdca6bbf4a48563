import type { Db } from './connection.ts';
import { IN_JSON, listSource, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

export interface CoverRow {
  id: number;
  project_id: number;
  msgid: string;
  name: string;
  date: string;
  submitter_id: number;
}

/** What cover lists filter, order and search by (docs/api.md §4.8). */
export const COVER_LIST = listSource<CoverRow>()({
  table: 'covers',
  columns: {
    id: 'id',
    name: 'name',
    project_id: 'project_id',
    series_id: '(SELECT series.id FROM series WHERE series.cover_id = covers.id)',
    submitter_id: 'submitter_id',
    msgid: 'msgid',
    date: 'date',
  },
  keptCounts: true,
  counter: { table: 'cover_counts', columns: ['project_id'], blocks: false },
  trigram: { table: 'covers_fts', column: 'name' },
});

export interface CoverBodyRow {
  cover_id: number;
  headers: string;
  content: string | null;
}

export function coverById(db: Db, id: number): CoverRow | undefined {
  return stmt<[number], CoverRow>(db, 'SELECT * FROM covers WHERE id = ?').get(id);
}

export function coverBody(db: Db, id: number): CoverBodyRow | undefined {
  return stmt<[number], CoverBodyRow>(db, 'SELECT * FROM cover_bodies WHERE cover_id = ?').get(id);
}

export function coversByIds(db: Db, ids: readonly number[]): CoverRow[] {
  return rowsByIds<CoverRow>(db, `SELECT * FROM covers WHERE id ${IN_JSON}`, ids);
}

// --- ingestion (write side) ---

export type NewCover = Omit<CoverRow, 'id'> & Pick<CoverBodyRow, 'headers' | 'content'>;

export function coverIdByMsgid(db: Db, projectId: number, msgid: string): number | undefined {
  return stmt<[string, number], { id: number }>(db, 'SELECT id FROM covers WHERE msgid = ? AND project_id = ?').get(msgid, projectId)?.id;
}

/** The first cover with this msgid in any project (Depends-on, docs/ingest.md §7.7). */
export function firstCoverByMsgid(db: Db, msgid: string): CoverRow | undefined {
  return stmt<[string], CoverRow>(db, 'SELECT * FROM covers WHERE msgid = ? ORDER BY id LIMIT 1').get(msgid);
}

/** How many covers in any project carry exactly this name, counting to 2 at most
 * (docs/ingest.md §6.8: the same-name test is global, and "several" also fails it). */
export function coversNamedCount(db: Db, name: string): number {
  return stmt<[string], { n: number }>(db, 'SELECT COUNT(*) AS n FROM (SELECT 1 FROM covers WHERE name = ? LIMIT 2)').get(name)!.n;
}

export function insertCover(db: Db, c: NewCover): number {
  const id = Number(
    stmt(
      db,
      'INSERT INTO covers (project_id, msgid, name, date, submitter_id) VALUES (@project_id, @msgid, @name, @date, @submitter_id)',
    ).run(c).lastInsertRowid,
  );
  stmt(db, 'INSERT INTO cover_bodies (cover_id, headers, content) VALUES (?, ?, ?)').run(id, c.headers, c.content);
  return id;
}
