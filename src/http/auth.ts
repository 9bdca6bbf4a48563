// Authentication (docs/api.md §2.7): HTTP Basic or `Token <key>`. Credentials
// that are offered but wrong answer 403 at once, even on public reads.
// Passwords go through checkLogin (src/auth/login.ts): off the event loop,
// and throttled, a throttled client getting DRF's 429 with Retry-After.
import { checkLogin } from '../auth/login.ts';
import { hashToken } from '../auth/token.ts';
import { userByTokenHash, type UserRow } from '../db/users.ts';
import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/connection.ts';
import type { LoginThrottle } from '../auth/throttle.ts';
import { HttpError, permissionDenied } from './errors.ts';

const invalid = (detail: string) => permissionDenied(detail);

/** DRF's Throttled: 429, the wait in the detail and in Retry-After. */
export const throttled = (seconds: number) =>
  new HttpError(
    429,
    { detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.` },
    { 'Retry-After': String(seconds) },
  );

/** Splits as Python's bytes.split() does (DRF): on runs of ASCII whitespace,
 * so `Token<TAB>key` is a scheme and a key like `Token key`. */
const WHITESPACE = /[ \t\n\r\v\f]+/;

/** What checking credentials needs of a request (its context has it). */
export interface AuthSource {
  db: Db;
  logins: LoginThrottle;
  req: IncomingMessage;
}

export async function authenticate(ctx: AuthSource, header: string | undefined): Promise<UserRow | null> {
  if (!header) return null;
  const parts = header.split(WHITESPACE).filter((p) => p !== '');
  const scheme = parts[0]?.toLowerCase();
  if (scheme === 'basic') {
    if (parts.length === 1) throw invalid('Invalid basic header. No credentials provided.');
    if (parts.length > 2) throw invalid('Invalid basic header. Credentials string should not contain spaces.');
    const decoded = Buffer.from(parts[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw invalid('Invalid basic header. Credentials not correctly base64 encoded.');
    const result = await checkLogin(ctx.db, ctx.logins, {
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
      client: ctx.req.socket.remoteAddress,
    });
    if (result.ok) return result.user;
    if (result.reason === 'throttled') throw throttled(result.retryAfter);
    throw invalid(result.reason === 'inactive' ? 'User inactive or deleted.' : 'Invalid username/password.');
  }
  if (scheme === 'token') {
    if (parts.length === 1) throw invalid('Invalid token header. No credentials provided.');
    if (parts.length > 2) throw invalid('Invalid token header. Token string should not contain spaces.');
    const user = userByTokenHash(ctx.db, hashToken(parts[1]));
    if (!user) throw invalid('Invalid token.');
    if (!user.is_active) throw invalid('User inactive or deleted.');
    return user;
  }
  // Other schemes are not ours to judge (upstream ignores them too).
  return null;
}

/** Who fetches a private page or download: wrong (or throttled) credentials
 * count as anonymous outside the API (docs/api.md §8.1). */
export async function requester(ctx: AuthSource): Promise<UserRow | null> {
  try {
    return await authenticate(ctx, ctx.req.headers.authorization);
  } catch (err) {
    if (err instanceof HttpError) return null;
    throw err;
  }
}
