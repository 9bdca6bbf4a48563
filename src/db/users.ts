import type { Db } from './connection.ts';
import { stmt } from './statements.ts';
import { IN_JSON, listSource, rowsByIds } from './listing.ts';
import { nowStored } from '../util/time.ts';

export interface UserRow {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  password_hash: string | null;
  is_active: number;
  date_joined: string;
  send_email: number;
  items_per_page: number;
  show_ids: number;
}

/** What user lists order and search by (docs/api.md §4.3). */
export const USER_LIST = listSource<UserRow>()({
  table: 'users',
  columns: { id: 'id', username: 'username', first_name: 'first_name', last_name: 'last_name', email: 'email' },
});

export const USER_EDITABLE = [
  'first_name',
  'last_name',
  'email',
  'is_active',
  'send_email',
  'items_per_page',
  'show_ids',
] as const;
export type UserChanges = Partial<Pick<UserRow, (typeof USER_EDITABLE)[number]>>;

export function listUsers(db: Db): UserRow[] {
  return stmt<[], UserRow>(db, 'SELECT * FROM users ORDER BY id').all();
}

export function userById(db: Db, id: number): UserRow | undefined {
  return stmt<[number], UserRow>(db, 'SELECT * FROM users WHERE id = ?').get(id);
}

export function userByUsername(db: Db, username: string): UserRow | undefined {
  return stmt<[string], UserRow>(db, 'SELECT * FROM users WHERE username = ?').get(username);
}

export function insertUser(
  db: Db,
  u: Pick<UserRow, 'username' | 'email'> & Partial<Pick<UserRow, 'first_name' | 'last_name' | 'password_hash'>>,
): number {
  const info = stmt(
    db,
    `INSERT INTO users (username, email, first_name, last_name, password_hash, date_joined)
     VALUES (@username, @email, @first_name, @last_name, @password_hash, @date_joined)`,
  ).run({
    username: u.username,
    email: u.email,
    first_name: u.first_name ?? '',
    last_name: u.last_name ?? '',
    password_hash: u.password_hash ?? null,
    date_joined: nowStored(),
  });
  const id = Number(info.lastInsertRowid);
  // A person who already mailed the list with this address becomes this user.
  stmt(db, 'UPDATE people SET user_id = ? WHERE email = ? AND user_id IS NULL').run(id, u.email);
  return id;
}

export function updateUser(db: Db, id: number, changes: UserChanges): void {
  const columns = USER_EDITABLE.filter((c) => changes[c] !== undefined);
  if (columns.length === 0) return;
  // Column names come from the fixed USER_EDITABLE list, values are bound.
  db.prepare(`UPDATE users SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`).run({ ...changes, id });
}

export function setPasswordHash(db: Db, id: number, hash: string | null): void {
  stmt(db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(hash, id);
}

export function setTokenHash(db: Db, userId: number, keyHash: string): void {
  stmt(
    db,
    `INSERT INTO api_tokens (user_id, key_hash, created) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET key_hash = excluded.key_hash, created = excluded.created`,
  ).run(userId, keyHash, nowStored());
}

export function deleteToken(db: Db, userId: number): boolean {
  return stmt(db, 'DELETE FROM api_tokens WHERE user_id = ?').run(userId).changes > 0;
}

export function userByTokenHash(db: Db, keyHash: string): UserRow | undefined {
  return stmt<[string], UserRow>(
    db,
    'SELECT users.* FROM api_tokens JOIN users ON users.id = api_tokens.user_id WHERE api_tokens.key_hash = ?',
  ).get(keyHash);
}

export function usersByIds(db: Db, ids: readonly number[]): UserRow[] {
  return rowsByIds<UserRow>(db, `SELECT * FROM users WHERE id ${IN_JSON}`, ids);
}

/** User id for a username, compared case-insensitively (filter value form). */
export function userIdByUsernameNocase(db: Db, username: string): number | undefined {
  return stmt<[string], { id: number }>(db, 'SELECT id FROM users WHERE username = ? COLLATE NOCASE').get(username)?.id;
}

/** Users whose account email matches, case-insensitively (X-Patchwork-Delegate). */
export function userIdsByEmailNocase(db: Db, email: string): number[] {
  return stmt<[string], { id: number }>(db, 'SELECT id FROM users WHERE email = ? COLLATE NOCASE LIMIT 2')
    .all(email)
    .map((r) => r.id);
}
