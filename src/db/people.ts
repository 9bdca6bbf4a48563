import type { Db } from './connection.ts';
import { IN_JSON, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

export interface PersonRow {
  id: number;
  email: string;
  name: string | null;
  user_id: number | null;
}

export function peopleByIds(db: Db, ids: readonly number[]): PersonRow[] {
  return rowsByIds<PersonRow>(db, `SELECT * FROM people WHERE id ${IN_JSON}`, ids);
}

export function personById(db: Db, id: number): PersonRow | undefined {
  return stmt<[number], PersonRow>(db, 'SELECT * FROM people WHERE id = ?').get(id);
}

/** Person ids for an email, compared case-insensitively (the column is NOCASE). */
export function personIdByEmail(db: Db, email: string): number | undefined {
  return stmt<[string], { id: number }>(db, 'SELECT id FROM people WHERE email = ?').get(email)?.id;
}
