// Read routes: each runs in one read transaction (the count, the page and
// the related rows see one snapshot, and the WAL read lock is taken once
// per request instead of once per statement), and successful answers are
// kept in the response cache until the database changes.
import type { Request, Response } from '@tinyhttp/app';
import type { ApiContext } from '../context.ts';
import { CTX, type ApiRequest, type Reply } from '../endpoint.ts';
import { sendJsonText } from '../respond.ts';
import { ResponseCache } from '../cache.ts';

export type ReadFn = (ctx: ApiContext, params: Record<string, string>) => Reply;

const cache = new ResponseCache();

/** Everything a read response depends on besides the data: who asks, the
 * host links are built from, the version, the path and the query. */
function cacheKey(ctx: ApiContext, url: string): string {
  return `${ctx.user?.id ?? '-'} ${ctx.base} ${ctx.version.segment ?? '-'} ${url}`;
}

export function readRoute(fn: ReadFn) {
  return (req: Request, res: Response) => {
    const ctx = (req as ApiRequest)[CTX];
    const key = cacheKey(ctx, req.url ?? '');
    const { hit, version } = cache.get(ctx.db, key);
    if (hit) return sendJsonText(res, 200, hit.body, hit.headers);
    const run = (c: ApiContext, p: Record<string, string>) => fn(c, p);
    const reply = ctx.db.inTransaction ? run(ctx, req.params ?? {}) : ctx.db.transaction(run)(ctx, req.params ?? {});
    const body = Buffer.from(JSON.stringify(reply.body));
    const headers = reply.headers ?? {};
    cache.set(ctx.db, key, version, { body, headers });
    sendJsonText(res, reply.status ?? 200, body, headers);
  };
}
