// /api/docs (every version): the reference page, or with ?format=openapi the
// OpenAPI document of the requested version; /api/docs/<file> serves the
// page's assets.
import type { App, Request, Response } from '@tinyhttp/app';
import { apiContextOf } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { sendHtml, sendJson } from '../http/reply.ts';
import { openApiDocument } from './document.ts';
import { DOCS_CSP, docsAsset, docsPage } from './page.ts';

function docs(req: Request, res: Response): void {
  const ctx = apiContextOf(req);
  const format = ctx.query.get('format');
  if (format === 'openapi') {
    sendJson(res, 200, openApiDocument(ctx.version, ctx.base), { 'Access-Control-Allow-Origin': '*' });
    return;
  }
  if (format !== null && format !== '') throw notFound();
  sendHtml(res, docsPage(ctx.version), { 'Content-Security-Policy': DOCS_CSP });
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
