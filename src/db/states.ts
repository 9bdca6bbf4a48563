import type { Db } from './connection.ts';
import { stmt } from './statements.ts';

export interface StateRow {
  id: number;
  name: string;
  slug: string;
  ordering: number;
  action_required: number;
}

export function listStates(db: Db): StateRow[] {
  return stmt<[], StateRow>(db, 'SELECT * FROM states ORDER BY ordering').all();
}

/** The state new patches get: the one with the lowest ordering. */
export function defaultState(db: Db): StateRow | undefined {
  return stmt<[], StateRow>(db, 'SELECT * FROM states ORDER BY ordering LIMIT 1').get();
}

export function insertState(db: Db, s: Omit<StateRow, 'id'>): number {
  return Number(
    stmt(db, 'INSERT INTO states (name, slug, ordering, action_required) VALUES (@name, @slug, @ordering, @action_required)').run(s)
      .lastInsertRowid,
  );
}

export function nextStateOrdering(db: Db): number {
  const row = stmt<[], { next: number }>(db, 'SELECT COALESCE(MAX(ordering), -1) + 1 AS next FROM states').get();
  return row!.next;
}

/** State filter value form: the name with hyphens as spaces, case-insensitive. */
export function stateIdByName(db: Db, name: string): number | undefined {
  return stmt<[string], { id: number }>(db, 'SELECT id FROM states WHERE name = ? COLLATE NOCASE').get(name)?.id;
}
