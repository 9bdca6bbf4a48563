// Read routes: each runs in one read transaction (the cache lookup, the
// count, the page and the related rows see one snapshot, and the WAL read
// lock is taken once per request instead of once per statement), and
// successful answers are kept in the response cache until the database
// changes.
import type { Request, Response } from '@tinyhttp/app';
import { apiContextOf, type ApiContext } from '../http/context.ts';
import type { Reply } from './endpoint.ts';
import { sendJsonText } from '../http/reply.ts';
import { jsonBytes, JsonText } from '../http/json.ts';
import { ResponseCache, type CachedResponse } from './cache.ts';
import { readTransaction } from '../db/listing.ts';

export type ReadFn = (ctx: ApiContext, params: Record<string, string>) => Reply;

export const responseCache = new ResponseCache();

/** Everything a read response depends on besides the data: who asks, the
 * host links are built from, the version, the path and the query (its
 * parameters sorted by name, as the Link header lists them). */
function cacheKey(ctx: ApiContext): string {
  const query = new URLSearchParams(ctx.query);
  query.sort();
  return `${ctx.user?.id ?? '-'} ${ctx.base} ${ctx.version.segment ?? '-'} ${ctx.path}?${query}`;
}

/** The query, noting which parameters the handler looked at. */
class ReadParams extends URLSearchParams {
  readonly consulted = new Set<string>();
  override get(name: string) {
    this.consulted.add(name);
    return super.get(name);
  }
  override getAll(name: string) {
    this.consulted.add(name);
    return super.getAll(name);
  }
  override has(name: string, value?: string) {
    this.consulted.add(name);
    return super.has(name, value);
  }
}

/** A parameter the handler never looked at does not change the answer
 * (beyond being repeated in the Link header): such a request is answered
 * uncached, so made-up parameters cannot fill the cache with copies. */
const onlyKnownParameters = (query: ReadParams) => [...query.keys()].every((name) => query.consulted.has(name));

type Outcome = { hit: CachedResponse; reply?: undefined } | { hit?: undefined; reply: Reply; version: string | null };

export function readRoute(fn: ReadFn) {
  return (req: Request, res: Response) => {
    const ctx = apiContextOf(req);
    const key = cacheKey(ctx);
    const params = req.params ?? {};
    const query = new ReadParams(ctx.query);
    const read = (): Outcome => {
      const hit = responseCache.get(ctx.db, key);
      if (hit) return { hit };
      const reply = fn({ ...ctx, query }, params);
      return { reply, version: onlyKnownParameters(query) ? responseCache.version(ctx.db) : null };
    };
    const outcome = readTransaction(ctx.db, read);
    if (outcome.hit) return sendJsonText(res, 200, outcome.hit.body, outcome.hit.headers);
    // Serialised after the transaction: the read lock is not held for it.
    const body = jsonBytes(outcome.reply.body);
    const headers = outcome.reply.headers ?? {};
    if (outcome.version !== null) responseCache.set(ctx.db, key, outcome.version, { body, headers });
    // A rendered JsonText may be held elsewhere; other bodies jsonBytes makes anew.
    const unshared = outcome.version === null && !(outcome.reply.body instanceof JsonText);
    sendJsonText(res, outcome.reply.status ?? 200, body, headers, unshared);
  };
}
