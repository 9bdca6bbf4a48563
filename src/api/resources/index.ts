import { type ApiContext } from '../../http/context.ts';
import { apiUrl } from '../../http/urls.ts';
import type { Reply } from '../endpoint.ts';

export const LISTS = ['projects', 'users', 'people', 'patches', 'covers', 'series', 'events', 'bundles'];

/** GET /api/{v}/: the eight list endpoints, in upstream's order. */
export function apiIndex(ctx: ApiContext): Reply {
  return { body: Object.fromEntries(LISTS.map((name) => [name, apiUrl(ctx, `${name}/`)])) };
}
