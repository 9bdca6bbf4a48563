// Read endpoints run in one read transaction: the count, the page and the
// related rows see one snapshot, and the WAL read lock is taken once per
// request instead of once per statement.
import type { EndpointFn, Reply } from '../endpoint.ts';
import type { ApiContext } from '../context.ts';

export function readEndpoint(fn: (ctx: ApiContext, params: Record<string, string>) => Reply): EndpointFn {
  return (ctx, params) => (ctx.db.inTransaction ? fn(ctx, params) : ctx.db.transaction(fn)(ctx, params));
}
