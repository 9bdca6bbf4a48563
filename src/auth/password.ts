// Password hashing with scrypt (node:crypto). A verification costs ~50 ms and
// 32 MB on purpose, so it runs on libuv's thread pool (never on the event
// loop), at most VERIFY_SLOTS at a time, and successful checks are remembered
// in memory, keyed by a SHA-256 of the stored hash and the offered password:
// a password change changes the stored hash and so invalidates the entry.
// The CLI's hashPassword stays synchronous: it serves no one while it runs.
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const r = 8;
const p = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

function format(salt: Buffer, key: Buffer): string {
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return format(salt, scryptSync(password, salt, KEYLEN, { N, r, p, maxmem: MAXMEM }));
}

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** hashPassword off the event loop, for the server (web sign-up, password change). */
export async function hashPasswordAsync(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(salt, await withSlot(() => scryptAsync(password, salt, KEYLEN, { N, r, p, maxmem: MAXMEM })));
}

/** Concurrent verifications: each holds 32 MB and a pool thread; the rest of
 * the pool stays free for file reads and compression. */
const VERIFY_SLOTS = 2;
let busy = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (busy >= VERIFY_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else busy++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else busy--;
  }
}

const verified = new Map<string, true>();
const MAX_CACHED = 1024;

/** A hash of a random password with the current parameters: checking an
 * unknown user, or one without a password, against it costs what checking a
 * real user costs, so the answer's timing does not tell which usernames exist. */
let dummy: Promise<string> | null = null;
function dummyHash(): Promise<string> {
  return (dummy ??= hashPasswordAsync(randomBytes(16).toString('hex')));
}

/** True when password matches the stored hash. With no stored hash (unknown
 * user, or no password set) the work is done against a dummy and the answer
 * is false. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const against = stored ?? (await dummyHash());
  const cacheKey = createHash('sha256').update(against).update('\0').update(password).digest('base64');
  if (stored && verified.has(cacheKey)) return true;
  const parts = against.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, rr, pp, salt, key] = parts;
  const expected = Buffer.from(key, 'base64');
  const options = { N: Number(n), r: Number(rr), p: Number(pp), maxmem: MAXMEM };
  let actual: Buffer;
  try {
    actual = await withSlot(() => scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, options));
  } catch {
    return false; // a stored hash with parameters scrypt refuses matches nothing
  }
  if (!stored || !timingSafeEqual(actual, expected)) return false;
  if (verified.size >= MAX_CACHED) verified.delete(verified.keys().next().value!);
  verified.set(cacheKey, true);
  return true;
}
