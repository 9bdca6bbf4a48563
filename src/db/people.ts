import type { Db } from './connection.ts';
import { IN_JSON, listSource, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

export interface PersonRow {
  id: number;
  email: string;
  name: string | null;
  user_id: number | null;
}

/** What people lists order and search by (docs/api.md §4.2). */
export const PERSON_LIST = listSource<PersonRow>()({
  table: 'people',
  columns: { id: 'id', name: 'name', email: 'email' },
});

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

// --- ingestion (write side) ---

/** The Person for an email (case-insensitive), created on first sighting with
 * the email as received. A non-empty new name replaces the stored one; a
 * missing name never erases it (docs/ingest.md §4.5). A new Person belongs to the
 * user account with that email, if one was registered before the first mail
 * (the earliest, as insertUser links only an unclaimed Person): accounts and
 * people are linked by email, whichever comes first. */
export function upsertPerson(db: Db, email: string, name: string | null): number {
  const row = stmt<[string], { id: number; name: string | null }>(db, 'SELECT id, name FROM people WHERE email = ?').get(email);
  if (!row) {
    const insert = stmt(
      db,
      `INSERT INTO people (email, name, user_id)
       VALUES (?, ?, (SELECT id FROM users WHERE email = ? COLLATE NOCASE ORDER BY id LIMIT 1))`,
    );
    return Number(insert.run(email, name, email).lastInsertRowid);
  }
  if (name && name !== row.name) stmt(db, 'UPDATE people SET name = ? WHERE id = ?').run(name, row.id);
  return row.id;
}
