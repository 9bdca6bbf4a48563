// The composition root: one tinyhttp app with the REST API, its OpenAPI
// docs, the downloads and the web pages, and the request handler that
// builds each request's context (src/http/context.ts) before routing.
import { App, type NextFunction, type Request, type Response } from '@tinyhttp/app';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from './db/connection.ts';
import { prepareRequest } from './http/context.ts';
import { LoginThrottle } from './auth/throttle.ts';
import { renderError } from './http/errors.ts';
import { sendJson } from './http/reply.ts';
import { registerApi } from './api/router.ts';
import { registerDocs } from './openapi/routes.ts';
import { registerDownloads } from './web/downloads.ts';
import { registerPages } from './web/page-routes.ts';

export interface AppOptions {
  db: Db;
  /** Public base URL behind a reverse proxy, e.g. 'https://patches.example.org'. */
  baseUrl?: string;
  /** Called once per request with a finished log line. */
  log?: (line: string) => void;
  /** Failed-login throttling; a fresh default one when not given. */
  logins?: LoginThrottle;
  /** Host headers answered (src/http/hosts.ts); startServer sets its default, absent: any. */
  allowedHosts?: readonly string[];
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

const notFoundBody = { detail: 'Not found.' };

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
    // tinyhttp's default attaches some 25 closures and two accessors to
    // every request and response (res.json, req.accepts, ...). pwlite uses
    // none of them: it answers with node's own methods (src/http/reply.ts).
    applyExtensions: (_req: Request, _res: Response, next?: NextFunction) => next?.(),
    noMatchHandler: (_req: Request, res: Response) => sendJson(res, 404, notFoundBody),
    onError: (err: unknown, _req: Request, res: Response) => renderError(err, res),
  });
  registerApi(app);
  registerDocs(app);
  registerDownloads(app);
  registerPages(app);

  const contextOptions = {
    db: options.db,
    baseUrl: options.baseUrl,
    logins: options.logins ?? new LoginThrottle(),
    allowedHosts: options.allowedHosts,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (options.log) logRequest(options.log, req, res);
    try {
      await prepareRequest(req, contextOptions);
    } catch (err) {
      renderError(err, res);
      return;
    }
    // No page or object is named by a path that cannot be percent-decoded;
    // left to the router it would be a text 400 and a logged stack trace.
    if (!decodablePath(req.url ?? '/')) {
      sendJson(res, 404, notFoundBody);
      return;
    }
    app.handler(req as Request, res as Response);
  }

  return { app, handle };
}
