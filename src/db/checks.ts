import type { Db } from './connection.ts';
import { IN_JSON, listSource, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

/** state: 0 pending, 1 success, 2 warning, 3 fail. */
export interface CheckRow {
  id: number;
  patch_id: number;
  user_id: number;
  date: string;
  state: number;
  target_url: string | null;
  description: string | null;
  context: string;
}

export const CHECK_STATES = ['pending', 'success', 'warning', 'fail'] as const;
export type CheckState = (typeof CHECK_STATES)[number];

/** What check lists filter and order by (docs/api.md §4.6). */
export const CHECK_LIST = listSource<CheckRow>()({
  table: 'checks',
  columns: {
    id: 'id',
    patch_id: 'patch_id',
    user_id: 'user_id',
    date: 'date',
    state: 'state',
    target_url: 'target_url',
    context: 'context',
    description: 'description',
  },
});

export function checkById(db: Db, id: number): CheckRow | undefined {
  return stmt<[number], CheckRow>(db, 'SELECT * FROM checks WHERE id = ?').get(id);
}

export function checksByIds(db: Db, ids: readonly number[]): CheckRow[] {
  return rowsByIds<CheckRow>(db, `SELECT * FROM checks WHERE id ${IN_JSON}`, ids);
}

export interface CheckStateRow {
  patch_id: number;
  state: number;
}

/** The state of the newest check per (patch, user, context) of the given
 * patches, newest by date then id: what the aggregate `check` reads (docs/api.md
 * §7.7). Only the deciding rows leave SQLite, however busy the CI. */
export function newestCheckStates(db: Db, patchIds: readonly number[]): CheckStateRow[] {
  return rowsByIds<CheckStateRow>(
    db,
    `SELECT patch_id, state FROM (
       SELECT patch_id, state, row_number() OVER (PARTITION BY patch_id, user_id, context ORDER BY date DESC, id DESC) AS n
       FROM checks INDEXED BY checks_patch WHERE patch_id ${IN_JSON}
     ) WHERE n = 1`,
    patchIds,
  );
}

export function insertCheck(db: Db, c: Omit<CheckRow, 'id'>): number {
  return Number(
    stmt(
      db,
      `INSERT INTO checks (patch_id, user_id, date, state, target_url, description, context)
       VALUES (@patch_id, @user_id, @date, @state, @target_url, @description, @context)`,
    ).run(c).lastInsertRowid,
  );
}
