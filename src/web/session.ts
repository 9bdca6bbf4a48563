// Who is browsing (docs/web.md): a log-in session cookie names a row of
// web_sessions by the SHA-256 of its random key; each session carries its
// own CSRF token. A visitor who is not logged in gets a random CSRF cookie
// only when a page shows them a form (the log-in form), checked by double
// submit. Cookies are HttpOnly and SameSite=Lax, Secure behind https.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../db/connection.ts';
import { deleteExpiredSessions, deleteSession, insertSession, sessionUser, type SessionUserRow } from '../db/sessions.ts';
import { nowStored, toStored } from '../util/time.ts';

export const SESSION_COOKIE = 'pwlite_session';
export const CSRF_COOKIE = 'pwlite_csrf';
export const FLASH_COOKIE = 'pwlite_flash';
const SESSION_DAYS = 14;

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');
const randomKey = () => randomBytes(32).toString('base64url');
const KEY = /^[A-Za-z0-9_-]{43}$/;

export interface Visitor {
  user: SessionUserRow | null;
  /** The token this visitor's forms must carry, made on first use. */
  csrf(): string;
  /** Whether a submitted token is this visitor's. */
  csrfMatches(submitted: string | undefined): boolean;
}

export class Cookies {
  readonly outgoing: string[] = [];
  constructor(private readonly secure: boolean) {}
  set(name: string, value: string, maxAgeSeconds: number): void {
    const flags = `Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${this.secure ? '; Secure' : ''}`;
    this.outgoing.push(`${name}=${value}; ${flags}`);
  }
  clear(name: string): void {
    this.set(name, '', 0);
  }
  apply(res: ServerResponse): void {
    if (this.outgoing.length) res.setHeader('Set-Cookie', this.outgoing);
  }
}

function sameToken(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function visitorOf(db: Db, req: IncomingMessage, cookies: Cookies): Visitor {
  const jar = parseCookies(req.headers.cookie);
  const key = jar.get(SESSION_COOKIE);
  const user = key && KEY.test(key) ? (sessionUser(db, hashKey(key), nowStored()) ?? null) : null;
  if (user) return { user, csrf: () => user.csrf, csrfMatches: (t) => sameToken(user.csrf, t) };
  let anon = jar.get(CSRF_COOKIE);
  if (anon !== undefined && !KEY.test(anon)) anon = undefined;
  return {
    user: null,
    csrf() {
      if (anon === undefined) {
        anon = randomKey();
        cookies.set(CSRF_COOKIE, anon, 2 * 3600);
      }
      return anon;
    },
    csrfMatches: (t) => anon !== undefined && sameToken(anon, t),
  };
}

/** Starts a session for a user who just proved who they are. */
export function startSession(db: Db, userId: number, cookies: Cookies): void {
  const key = randomKey();
  const now = new Date();
  deleteExpiredSessions(db, toStored(now));
  insertSession(db, {
    keyHash: hashKey(key),
    userId,
    csrf: randomKey(),
    created: toStored(now),
    expires: toStored(new Date(now.getTime() + SESSION_DAYS * 86400_000)),
  });
  cookies.set(SESSION_COOKIE, key, SESSION_DAYS * 86400);
  cookies.clear(CSRF_COOKIE);
}

export function endSession(db: Db, req: IncomingMessage, cookies: Cookies): void {
  const key = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  if (key && KEY.test(key)) deleteSession(db, hashKey(key));
  cookies.clear(SESSION_COOKIE);
}

/** A one-line notice shown on the next page after a redirect. */
export interface Flash {
  text: string;
  error: boolean;
}

export function setFlash(cookies: Cookies, flash: Flash): void {
  cookies.set(FLASH_COOKIE, (flash.error ? '!' : '') + encodeURIComponent(flash.text.slice(0, 300)), 60);
}

export function takeFlash(req: IncomingMessage, cookies: Cookies): Flash | null {
  const raw = parseCookies(req.headers.cookie).get(FLASH_COOKIE);
  if (raw === undefined || raw === '') return null;
  cookies.clear(FLASH_COOKIE);
  const error = raw.startsWith('!');
  try {
    return { text: decodeURIComponent(error ? raw.slice(1) : raw), error };
  } catch {
    return null;
  }
}
