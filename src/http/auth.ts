// Authentication (API.md §2.7): HTTP Basic or `Token <key>`. Credentials
// that are offered but wrong answer 403 at once, even on public reads.
import type { Db } from '../db/connection.ts';
import { userByTokenHash, userByUsername, type UserRow } from '../db/users.ts';
import { hashToken } from '../auth/token.ts';
import { verifyPassword } from '../auth/password.ts';
import { HttpError, permissionDenied } from './errors.ts';

const invalid = (detail: string) => permissionDenied(detail);

export function authenticate(db: Db, header: string | undefined): UserRow | null {
  if (!header) return null;
  const parts = header.split(' ').filter((p) => p !== '');
  const scheme = parts[0]?.toLowerCase();
  if (scheme === 'basic') {
    if (parts.length === 1) throw invalid('Invalid basic header. No credentials provided.');
    if (parts.length > 2) throw invalid('Invalid basic header. Credentials string should not contain spaces.');
    let decoded: string;
    try {
      decoded = Buffer.from(parts[1], 'base64').toString('utf8');
    } catch {
      throw invalid('Invalid basic header. Credentials not correctly base64 encoded.');
    }
    const colon = decoded.indexOf(':');
    if (colon < 0) throw invalid('Invalid basic header. Credentials not correctly base64 encoded.');
    const user = userByUsername(db, decoded.slice(0, colon));
    if (!user || !verifyPassword(decoded.slice(colon + 1), user.password_hash)) throw invalid('Invalid username/password.');
    if (!user.is_active) throw invalid('User inactive or deleted.');
    return user;
  }
  if (scheme === 'token') {
    if (parts.length === 1) throw invalid('Invalid token header. No credentials provided.');
    if (parts.length > 2) throw invalid('Invalid token header. Token string should not contain spaces.');
    const user = userByTokenHash(db, hashToken(parts[1]));
    if (!user) throw invalid('Invalid token.');
    if (!user.is_active) throw invalid('User inactive or deleted.');
    return user;
  }
  // Other schemes are not ours to judge (upstream ignores them too).
  return null;
}

/** Who fetches a private page or download: wrong credentials count as
 * anonymous outside the API (API.md §8.1). */
export function requester(db: Db, header: string | undefined): UserRow | null {
  try {
    return authenticate(db, header);
  } catch (err) {
    if (err instanceof HttpError) return null;
    throw err;
  }
}
