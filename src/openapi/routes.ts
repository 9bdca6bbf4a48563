// /api/docs (every version): the reference page, or with ?format=openapi the
// OpenAPI document of the requested version; /api/docs/<file> serves the
// page's assets.
import type { App, Request, Response } from '@tinyhttp/app';
import { CTX, type ApiRequest } from '../api/endpoint.ts';
import { notFound } from '../api/errors.ts';
import { sendJson } from '../api/respond.ts';
import { openApiDocument } from './document.ts';
import { DOCS_CSP, docsAsset, docsPage } from './page.ts';

function docs(req: Request, res: Response): void {
  const ctx = (req as ApiRequest)[CTX];
  const format = ctx.query.get('format');
  if (format === 'openapi') {
    sendJson(res, 200, openApiDocument(ctx.version, ctx.base), { 'Access-Control-Allow-Origin': '*' });
    return;
  }
  if (format !== null && format !== '') throw notFound();
  const html = docsPage(ctx.version);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', DOCS_CSP);
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.end(html);
}

function asset(req: Request, res: Response): void {
  const found = docsAsset(req.params.asset);
  if (!found) throw notFound();
  res.statusCode = 200;
  res.setHeader('Content-Type', found.type);
  res.setHeader('Cache-Control', 'public, max-age=86400');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Length', found.body.length);
  res.end(found.body);
}

export function registerDocs(app: App): void {
  app.get('/api/docs/', docs);
  app.get('/api/docs/:asset/', asset);
}
