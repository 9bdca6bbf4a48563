// The HTTP application: one factory builds the tinyhttp app with every route,
// and a request handler that prepares each request before routing.
import { App, type Request, type Response } from '@tinyhttp/app';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from './db/connection.ts';
import { ApiError } from './api/errors.ts';
import { sendJson } from './api/respond.ts';
import { authenticate } from './api/auth.ts';
import { parseVersion } from './api/version.ts';
import { CTX, type ApiRequest } from './api/endpoint.ts';
import { registerApi } from './api/routes.ts';
import { registerWeb } from './web/routes.ts';

export interface AppOptions {
  db: Db;
  /** Public base URL behind a reverse proxy, e.g. 'https://patches.example.org'. */
  baseUrl?: string;
  /** Called once per request with a finished log line. */
  log?: (line: string) => void;
}

function renderError(err: unknown, res: ServerResponse): void {
  if (err instanceof ApiError) {
    sendJson(res, err.status, err.body, err.headers);
    return;
  }
  console.error(err);
  if (!res.headersSent) sendJson(res, 500, { detail: 'A server error occurred.' });
  else res.destroy();
}

function decodablePath(url: string): boolean {
  const q = url.indexOf('?');
  try {
    decodeURIComponent(q < 0 ? url : url.slice(0, q));
    return true;
  } catch {
    return false;
  }
}

/** Logs the request once its response is finished. */
export function logRequest(log: (line: string) => void, req: IncomingMessage, res: ServerResponse): void {
  const started = process.hrtime.bigint();
  const url = req.url;
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log(`${req.method} ${url} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
}

export function createApp(options: AppOptions) {
  const app = new App({
    settings: { xPoweredBy: false },
    noMatchHandler: (_req: Request, res: Response) => sendJson(res, 404, { detail: 'Not found.' }),
    onError: (err: unknown, _req: Request, res: Response) => renderError(err, res),
  });
  registerApi(app);
  registerWeb(app, { db: options.db, baseUrl: options.baseUrl });

  const base = options.baseUrl?.replace(/\/+$/, '');

  /** Version stripping, trailing slash and authentication happen before
   * routing, so routes are registered once, unversioned, with their slash. */
  function prepare(req: IncomingMessage): void {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    let path = q < 0 ? raw : raw.slice(0, q);
    const search = q < 0 ? '' : raw.slice(q);
    if (path !== '/api' && !path.startsWith('/api/')) return;
    const m = /^\/api\/(\d+\.\d+)(\/.*|)$/.exec(path);
    const version = parseVersion(m ? m[1] : null);
    if (!version) return; // unknown version: no route matches
    if (m) path = '/api' + (m[2] || '/');
    // b4 asks for /api/1.2/patches?... without the slash; serve it directly.
    if (!path.endsWith('/')) path += '/';
    req.url = path + search;
    const ctx = {
      db: options.db,
      version,
      base: base ?? `http://${req.headers.host ?? 'localhost'}`,
      user: null as ReturnType<typeof authenticate>,
      query: new URLSearchParams(search),
      path,
      method: req.method ?? 'GET',
      req,
    };
    (req as ApiRequest)[CTX] = ctx;
    ctx.user = authenticate(options.db, req.headers.authorization);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (options.log) logRequest(options.log, req, res);
    try {
      prepare(req);
    } catch (err) {
      renderError(err, res);
      return;
    }
    // No page or object is named by a path that cannot be percent-decoded;
    // left to the router it would be a text 400 and a logged stack trace.
    if (!decodablePath(req.url ?? '/')) {
      sendJson(res, 404, { detail: 'Not found.' });
      return;
    }
    app.handler(req as Request, res as Response);
  }

  return { app, handle };
}
