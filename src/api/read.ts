// Read routes: each runs in one read transaction (the cache lookup, the
// count, the page and the related rows see one snapshot, and the WAL read
// lock is taken once per request instead of once per statement), and
// successful answers are kept in the response cache until the database
// changes.
import type { Request, Response } from '@tinyhttp/app';
import { apiContextOf, type ApiContext } from '../http/context.ts';
import type { Reply } from './endpoint.ts';
import { sendJsonText } from '../http/reply.ts';
import { ResponseCache, type CachedResponse } from './cache.ts';

export type ReadFn = (ctx: ApiContext, params: Record<string, string>) => Reply;

const cache = new ResponseCache();

/** Everything a read response depends on besides the data: who asks, the
 * host links are built from, the version, the path and the query. */
function cacheKey(ctx: ApiContext, url: string): string {
  return `${ctx.user?.id ?? '-'} ${ctx.base} ${ctx.version.segment ?? '-'} ${url}`;
}

type Outcome = { version: string } & ({ hit: CachedResponse; reply?: undefined } | { hit?: undefined; reply: Reply });

export function readRoute(fn: ReadFn) {
  return (req: Request, res: Response) => {
    const ctx = apiContextOf(req);
    const key = cacheKey(ctx, req.url ?? '');
    const params = req.params ?? {};
    const read = (): Outcome => {
      const { hit, version } = cache.get(ctx.db, key);
      return hit ? { hit, version } : { reply: fn(ctx, params), version };
    };
    const outcome = ctx.db.inTransaction ? read() : ctx.db.transaction(read)();
    if (outcome.hit) return sendJsonText(res, 200, outcome.hit.body, outcome.hit.headers);
    // Serialised after the transaction: the read lock is not held for it.
    const body = Buffer.from(JSON.stringify(outcome.reply.body));
    const headers = outcome.reply.headers ?? {};
    cache.set(ctx.db, key, outcome.version, { body, headers });
    sendJsonText(res, outcome.reply.status ?? 200, body, headers);
  };
}
