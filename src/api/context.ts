// What a request handler sees: the database, the API version, who is asking,
// the query, and how to build absolute links.
import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/connection.ts';
import type { UserRow } from '../db/users.ts';
import type { ApiVersion } from './version.ts';

export interface ApiContext {
  db: Db;
  version: ApiVersion;
  /** Scheme and host, no trailing slash: 'http://127.0.0.1:8000'. */
  base: string;
  user: UserRow | null;
  query: URLSearchParams;
  /** The request path after version stripping, e.g. '/api/patches/'. */
  path: string;
  method: string;
  req: IncomingMessage;
}

/** Link to an API resource, carrying the request's version segment. */
export function apiUrl(ctx: ApiContext, path: string): string {
  return ctx.version.segment ? `${ctx.base}/api/${ctx.version.segment}/${path}` : `${ctx.base}/api/${path}`;
}

/** Link to an API resource that upstream always builds unversioned. */
export function unversionedApiUrl(ctx: ApiContext, path: string): string {
  return `${ctx.base}/api/${path}`;
}

/** Link to a non-API page (web UI, downloads). */
export function webUrl(ctx: Pick<ApiContext, 'base'>, path: string): string {
  return `${ctx.base}/${path}`;
}
