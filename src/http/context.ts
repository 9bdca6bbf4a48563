// The request context: what every handler (API, docs, downloads, pages)
// sees, set once per request before routing. It is the one way the database
// reaches a handler.
import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/connection.ts';
import type { UserRow } from '../db/users.ts';
import type { LoginThrottle } from '../auth/throttle.ts';
import { authenticate } from './auth.ts';
import { checkHost } from './hosts.ts';
import { parseVersion, type ApiVersion } from './version.ts';

export interface RequestContext {
  db: Db;
  /** Scheme and host, no trailing slash: 'http://127.0.0.1:8000'. */
  base: string;
  /** The request path (for the API, after version stripping: '/api/patches/'). */
  path: string;
  query: URLSearchParams;
  method: string;
  req: IncomingMessage;
  /** Failed password checks of this server, for every way of logging in. */
  logins: LoginThrottle;
}

/** API requests also carry their version and who is asking. */
export interface ApiContext extends RequestContext {
  version: ApiVersion;
  user: UserRow | null;
}

export interface ContextOptions {
  db: Db;
  /** Public base URL behind a reverse proxy, e.g. 'https://patches.example.org'. */
  baseUrl?: string;
  logins: LoginThrottle;
  /** Host headers answered (src/http/hosts.ts); absent: any. */
  allowedHosts?: readonly string[];
}

const CTX = Symbol('pwlite.context');
type WithContext = IncomingMessage & { [CTX]?: RequestContext };

export function contextOf(req: IncomingMessage): RequestContext {
  return (req as WithContext)[CTX]!;
}

/** The context of a request under /api/ (routes there only match such requests). */
export function apiContextOf(req: IncomingMessage): ApiContext {
  return (req as WithContext)[CTX] as ApiContext;
}

/** The configured base URL, or the request's Host. */
export function requestBase(baseUrl: string | undefined, req: IncomingMessage): string {
  return baseUrl?.replace(/\/+$/, '') ?? `http://${req.headers.host ?? 'localhost'}`;
}

/** Builds the request's context. API paths lose their version segment and
 * gain their trailing slash, so routes are registered once, unversioned,
 * with their slash; their credentials are checked here (wrong ones: 403). */
export async function prepareRequest(req: IncomingMessage, options: ContextOptions): Promise<void> {
  if (options.allowedHosts) checkHost(options.allowedHosts, req.headers.host);
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  let path = q < 0 ? raw : raw.slice(0, q);
  const search = q < 0 ? '' : raw.slice(q);
  const ctx: RequestContext = {
    db: options.db,
    base: requestBase(options.baseUrl, req),
    path,
    query: new URLSearchParams(search),
    method: req.method ?? 'GET',
    req,
    logins: options.logins,
  };
  (req as WithContext)[CTX] = ctx;
  if (path !== '/api' && !path.startsWith('/api/')) return;
  const m = /^\/api\/(\d+\.\d+)(\/.*|)$/.exec(path);
  const version = parseVersion(m ? m[1] : null);
  if (!version) return; // unknown version: no route matches
  if (m) path = '/api' + (m[2] || '/');
  // b4 asks for /api/1.2/patches?... without the slash; serve it directly.
  if (!path.endsWith('/')) path += '/';
  req.url = path + search;
  const api = ctx as ApiContext;
  api.path = path;
  api.version = version;
  api.user = null;
  api.user = await authenticate(ctx, req.headers.authorization);
}
