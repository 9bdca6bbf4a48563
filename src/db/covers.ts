import type { Db } from './connection.ts';
import { IN_JSON, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

export interface CoverRow {
  id: number;
  project_id: number;
  msgid: string;
  name: string;
  date: string;
  submitter_id: number;
}

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
