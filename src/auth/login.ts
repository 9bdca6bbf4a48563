// One password check for every way in (API Basic auth, web login): throttled
// per client and per account (throttle.ts), run off the event loop, and as
// slow for an unknown username as for a known one (password.ts).
import type { Db } from '../db/connection.ts';
import { userByUsername, type UserRow } from '../db/users.ts';
import { verifyPassword } from './password.ts';
import type { LoginThrottle } from './throttle.ts';

export type LoginResult =
  | { ok: true; user: UserRow }
  /** Wrong username or password (not told apart), or an inactive account. */
  | { ok: false; reason: 'invalid' | 'inactive' }
  /** Too many failures from this client or for this account: try again in retryAfter seconds. */
  | { ok: false; reason: 'throttled'; retryAfter: number };

export async function checkLogin(
  db: Db,
  throttle: LoginThrottle,
  attempt: { username: string; password: string; client: string | undefined },
): Promise<LoginResult> {
  const retryAfter = throttle.retryAfter(attempt.client, attempt.username);
  if (retryAfter > 0) return { ok: false, reason: 'throttled', retryAfter };
  const user = userByUsername(db, attempt.username);
  const matches = await verifyPassword(attempt.password, user?.password_hash ?? null);
  if (!user || !matches) {
    throttle.failed(attempt.client, attempt.username);
    return { ok: false, reason: 'invalid' };
  }
  return user.is_active ? { ok: true, user } : { ok: false, reason: 'inactive' };
}
