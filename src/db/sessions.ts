// Web log-in sessions (sql/0003_web_sessions.sql): looked up by the SHA-256
// of the cookie's key.
import type { Db } from './connection.ts';
import { stmt } from './statements.ts';
import type { UserRow } from './users.ts';

export interface SessionUserRow extends UserRow {
  csrf: string;
}

export function insertSession(db: Db, s: { keyHash: string; userId: number; csrf: string; created: string; expires: string }): void {
  stmt(db, 'INSERT INTO web_sessions (key_hash, user_id, csrf, created, expires) VALUES (?, ?, ?, ?, ?)').run(
    s.keyHash,
    s.userId,
    s.csrf,
    s.created,
    s.expires,
  );
}

/** The active user of a session that has not expired, with its CSRF token. */
export function sessionUser(db: Db, keyHash: string, now: string): SessionUserRow | undefined {
  return stmt<[string, string], SessionUserRow>(
    db,
    `SELECT users.*, web_sessions.csrf FROM web_sessions JOIN users ON users.id = web_sessions.user_id
     WHERE web_sessions.key_hash = ? AND web_sessions.expires > ? AND users.is_active = 1`,
  ).get(keyHash, now);
}

export function deleteSession(db: Db, keyHash: string): void {
  stmt(db, 'DELETE FROM web_sessions WHERE key_hash = ?').run(keyHash);
}

/** Drops expired sessions; called on each log-in so the table stays small. */
export function deleteExpiredSessions(db: Db, now: string): void {
  stmt(db, 'DELETE FROM web_sessions WHERE expires <= ?').run(now);
}
