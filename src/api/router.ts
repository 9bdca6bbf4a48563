// The API's routes, registered from the resource declarations
// (resources/index.ts), unversioned (src/http/context.ts strips the
// version). For each route, before any handler: a route the version does not
// have is 404; a method the version does not take is 405 (docs/api.md §1.2; bundle
// writes below 1.2 answer 405 even for a bundle that does not exist); path
// ids are digits; users/ and people/ need credentials. Then the methods no
// handler took get DRF's answers: OPTIONS its metadata, others 405 with Allow.
import type { App, NextFunction, Request, Response } from '@tinyhttp/app';
import { apiContextOf, type ApiContext } from '../http/context.ts';
import { methodNotAllowed, notAuthenticated, notFound } from '../http/errors.ts';
import { sendJson } from '../http/reply.ts';
import { hasVersion, type VersionName } from '../http/version.ts';
import { sendReply } from './endpoint.ts';
import { readRoute } from './read.ts';
import { allowedMethods, type Params, type RequestDecl, type Route, type WriteOp } from './resource.ts';
import { RESOURCES } from './resources/index.ts';
import { writeInput } from './write.ts';

const PARSES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

const fullPath = (route: Route) => `/api/${route.path}`;

const allow = (route: Route, ctx: ApiContext) => allowedMethods(route, ctx.version).join(', ');

/** Integer path segments only, as upstream's `<int>` converter. */
const segmentsValid = (route: Route, params: Params) => route.anyKey || Object.values(params).every((v) => /^\d+$/.test(v));

/** The checks every method of a route passes first; throws the refusal. */
function admit(route: Route, req: Request, writeSince?: VersionName): ApiContext {
  const ctx = apiContextOf(req);
  if (!hasVersion(ctx.version, route.since)) throw notFound();
  if (!hasVersion(ctx.version, writeSince)) throw methodNotAllowed(ctx.method, allow(route, ctx));
  if (!segmentsValid(route, req.params ?? {})) throw notFound();
  if (route.authenticated && !ctx.user) throw ctx.method === 'GET' || ctx.method === 'HEAD' ? notFound() : notAuthenticated();
  return ctx;
}

function write(route: Route, op: WriteOp & { request?: RequestDecl }) {
  return async (req: Request, res: Response) => {
    const ctx = admit(route, req, op.since);
    sendReply(res, await op.handler(ctx, req.params ?? {}, await writeInput(ctx, op.request?.fields)));
  };
}

function fallback(route: Route) {
  return (req: Request, res: Response, next: NextFunction) => {
    const ctx = apiContextOf(req);
    if (!hasVersion(ctx.version, route.since) || !segmentsValid(route, req.params ?? {})) return next();
    if (ctx.method === 'OPTIONS') {
      // DRF's metadata answer, without the per-field details no client reads.
      sendJson(res, 200, { renders: ['application/json'], parses: PARSES }, { Allow: allow(route, ctx) });
      return;
    }
    if (ctx.method === 'GET' || ctx.method === 'HEAD') return next();
    if (route.authenticated && !ctx.user) throw notAuthenticated();
    throw methodNotAllowed(ctx.method, allow(route, ctx));
  };
}

export function registerApi(app: App): void {
  const routes = RESOURCES.flatMap((r) => r.routes);
  for (const route of routes) {
    const path = fullPath(route);
    const read = readRoute(route.get.handler);
    app.get(path, (req: Request, res: Response) => {
      admit(route, req);
      read(req, res);
    });
    if (route.create) app.post(path, write(route, route.create));
    if (route.update) for (const method of ['put', 'patch'] as const) app[method](path, write(route, route.update));
    if (route.delete) app.delete(path, write(route, route.delete));
  }
  // Last: requests reach these only when no handler took their method.
  for (const route of routes) app.all(fullPath(route), fallback(route));
}
