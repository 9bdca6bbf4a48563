// Small pieces the web routes share: id parsing as upstream's int() does it,
// redirects, and who is asking (credentials are optional outside the API).
import type { Request, Response } from '@tinyhttp/app';
import type { Db } from '../db/connection.ts';
import type { UserRow } from '../db/users.ts';
import { ApiError } from '../api/errors.ts';
import { authenticate } from '../api/auth.ts';

/** Upstream parses ids with int(): surrounding spaces and a sign are fine. */
export function parseId(value: string | undefined): number | null {
  return value !== undefined && /^\s*\+?\d{1,15}\s*$/.test(value) ? Number(value) : null;
}

/** An id from the path; anything else is no such page. */
export function requireId(value: string | undefined): number {
  const id = parseId(value);
  if (id === null) throw new ApiError(404, { detail: 'Not found.' });
  return id;
}

export function redirect(res: Response, location: string): void {
  res.statusCode = 302;
  res.setHeader('Location', location);
  res.setHeader('Content-Length', 0);
  res.end();
}

/** Who fetches a private page or download: wrong credentials count as anonymous here (API.md §8.1). */
export function requester(db: Db, req: Request): UserRow | null {
  try {
    return authenticate(db, req.headers.authorization);
  } catch (err) {
    if (err instanceof ApiError) return null;
    throw err;
  }
}
