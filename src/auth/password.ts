// Password hashing with scrypt (node:crypto). Verifying costs ~50 ms on
// purpose, so successful Basic-auth checks are remembered in memory, keyed by
// a SHA-256 of the stored hash and the offered password: a password change
// changes the stored hash and so invalidates the entry.
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15;
const r = 8;
const p = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, KEYLEN, { N, r, p, maxmem: MAXMEM });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

const verified = new Map<string, true>();
const MAX_CACHED = 1024;

export function verifyPassword(password: string, stored: string | null): boolean {
  if (!stored) return false;
  const cacheKey = createHash('sha256').update(stored).update('\0').update(password).digest('base64');
  if (verified.has(cacheKey)) return true;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, rr, pp, salt, key] = parts;
  const expected = Buffer.from(key, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(rr),
    p: Number(pp),
    maxmem: MAXMEM,
  });
  if (!timingSafeEqual(actual, expected)) return false;
  if (verified.size >= MAX_CACHED) verified.delete(verified.keys().next().value!);
  verified.set(cacheKey, true);
  return true;
}
