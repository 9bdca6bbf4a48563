// Methods a route does not take (API.md §1.2): 405 with DRF's body, after
// the view-level permission check that upstream runs first (anonymous
// writes to users/ and people/ get 403), and before any object lookup (so
// bundle writes below 1.2 answer 405 even for a bundle that does not exist).
// Registered after every real handler: a request only reaches these when no
// handler took its method.
import type { App, Request, Response, NextFunction } from '@tinyhttp/app';
import { apiContextOf } from '../http/context.ts';
import { methodNotAllowed, notAuthenticated } from '../http/errors.ts';
import { since, type VersionName } from '../http/version.ts';
import { sendJson } from '../http/reply.ts';

interface ApiRoute {
  path: string;
  /** First version that has the route (absent: all). */
  since?: VersionName;
  /** Methods besides GET, and from which version. */
  writes?: { methods: readonly string[]; since?: VersionName };
  /** users/ and people/ need authentication for any method. */
  authenticated?: boolean;
  /** projects/<key>/ takes a linkname as well as an id. */
  anyKey?: boolean;
}

const UPDATE = { methods: ['PUT', 'PATCH'] };

export const API_ROUTES: readonly ApiRoute[] = [
  { path: '/api/' },
  { path: '/api/projects/' },
  { path: '/api/projects/:id/', anyKey: true, writes: UPDATE },
  { path: '/api/users/', authenticated: true },
  { path: '/api/users/:id/', authenticated: true, writes: UPDATE },
  { path: '/api/people/', authenticated: true },
  { path: '/api/people/:id/', authenticated: true },
  { path: '/api/patches/' },
  { path: '/api/patches/:id/', writes: UPDATE },
  { path: '/api/patches/:id/checks/', writes: { methods: ['POST'] } },
  { path: '/api/patches/:id/checks/:checkId/' },
  { path: '/api/patches/:id/comments/', since: '1.1' },
  { path: '/api/patches/:id/comments/:commentId/', since: '1.3', writes: UPDATE },
  { path: '/api/covers/' },
  { path: '/api/covers/:id/' },
  { path: '/api/covers/:id/comments/', since: '1.1' },
  { path: '/api/covers/:id/comments/:commentId/', since: '1.3', writes: UPDATE },
  { path: '/api/series/' },
  { path: '/api/series/:id/' },
  { path: '/api/bundles/', writes: { methods: ['POST'], since: '1.2' } },
  { path: '/api/bundles/:id/', writes: { methods: ['PUT', 'PATCH', 'DELETE'], since: '1.2' } },
  { path: '/api/events/' },
];

/** The Allow header upstream sends, in DRF's method order. */
export function allowedMethods(route: ApiRoute, minor: number): string {
  const writes = route.writes && (!route.writes.since || minor >= since(route.writes.since)) ? route.writes.methods : [];
  return ['GET', ...writes, 'HEAD', 'OPTIONS'].join(', ');
}

const SAFE = new Set(['GET', 'HEAD']);
const PARSES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** Integer path segments only, as upstream's `<int>` converter. */
function segmentsValid(route: ApiRoute, params: Record<string, string>): boolean {
  return route.anyKey || Object.values(params).every((value) => /^\d+$/.test(value));
}

export function registerMethodFallbacks(app: App): void {
  for (const route of API_ROUTES) {
    app.all(route.path, (req: Request, res: Response, next: NextFunction) => {
      const ctx = apiContextOf(req);
      const method = req.method ?? 'GET';
      const exists = (!route.since || ctx.version.minor >= since(route.since)) && segmentsValid(route, req.params ?? {});
      if (!exists) return next();
      if (method === 'OPTIONS') {
        // DRF's metadata answer, without the per-field details no client reads.
        sendJson(res, 200, { renders: ['application/json'], parses: PARSES }, { Allow: allowedMethods(route, ctx.version.minor) });
        return;
      }
      if (SAFE.has(method)) return next();
      if (route.authenticated && !ctx.user) throw notAuthenticated();
      throw methodNotAllowed(method, allowedMethods(route, ctx.version.minor));
    });
  }
}
