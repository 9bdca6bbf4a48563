// What a web page handler sees, and the two wrappers every page and form goes
// through: pages render Html, forms check their CSRF token first and then
// redirect or render. Errors thrown as HttpError become an HTML error page
// with the same status.
import type { Request, Response } from '@tinyhttp/app';
import type { Db } from '../db/connection.ts';
import type { SessionUserRow } from '../db/sessions.ts';
import { HttpError } from '../http/errors.ts';
import { readBody } from '../http/body.ts';
import { contextOf, type ApiContext, type RequestContext } from '../http/context.ts';
import { LATEST } from '../http/version.ts';
import { Cookies, setFlash, takeFlash, visitorOf, type Flash, type Visitor } from './session.ts';
import type { Html } from './html.ts';
import { errorPage } from './layout.ts';

export interface WebContext {
  /** The request context every handler gets (src/http/context.ts). */
  request: RequestContext;
  db: Db;
  req: Request;
  /** Scheme and host, no trailing slash. */
  base: string;
  path: string;
  query: URLSearchParams;
  cookies: Cookies;
  visitor: Visitor;
  user: SessionUserRow | null;
  flash: Flash | null;
  params: Record<string, string>;
}

/** The fields of a submitted form: the last value of each, and every value. */
export class FormData {
  constructor(readonly fields: Map<string, string[]>) {}
  get(name: string): string | undefined {
    const v = this.fields.get(name);
    return v?.[v.length - 1];
  }
  all(name: string): string[] {
    return this.fields.get(name) ?? [];
  }
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

export function sendHtml(res: Response, status: number, page: Html, cookies?: Cookies, privatePage = false): void {
  cookies?.apply(res);
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  if (privatePage) res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(page.text));
  res.end(page.text);
}

/** 302 for a page that lives elsewhere, 303 after a form. */
export function seeOther(res: Response, location: string, cookies?: Cookies, status = 303): void {
  cookies?.apply(res);
  res.statusCode = status;
  res.setHeader('Location', location);
  res.setHeader('Content-Length', 0);
  res.end();
}

/** The page's view of the request context (src/http/context.ts) plus the visitor. */
export function makeContext(req: Request): WebContext {
  const request = contextOf(req);
  const { db, base, path, query } = request;
  const cookies = new Cookies(base.startsWith('https:'));
  const visitor = visitorOf(db, req, cookies);
  return {
    request,
    db,
    req,
    base,
    path,
    query,
    cookies,
    visitor,
    user: visitor.user,
    flash: takeFlash(req, cookies),
    params: req.params ?? {},
  };
}

/** The API context for calling the API's write rules as this visitor. */
export function apiContextOf(ctx: WebContext): ApiContext {
  return { ...ctx.request, version: { minor: LATEST, segment: null }, user: ctx.user, query: new URLSearchParams(), method: 'PATCH' };
}

function renderFailure(ctx: WebContext, res: Response, err: unknown): void {
  if (!(err instanceof HttpError)) throw err;
  sendHtml(res, err.status, errorPage(ctx, err.status, err.message), ctx.cookies, true);
}

export function page(fn: (ctx: WebContext) => Html | { redirect: string } | Promise<Html | { redirect: string }>) {
  return async (req: Request, res: Response) => {
    const ctx = makeContext(req);
    try {
      const out = await fn(ctx);
      if ('redirect' in out) seeOther(res, out.redirect, ctx.cookies, 302);
      else sendHtml(res, 200, out, ctx.cookies, ctx.user !== null);
    } catch (err) {
      renderFailure(ctx, res, err);
    }
  };
}

/** What a form handler answers: go to a page (with a notice), or show one. */
export type FormResult = { redirect: string; flash?: Flash } | { status: number; page: Html; headers?: Record<string, string> };

export function form(fn: (ctx: WebContext, data: FormData) => FormResult | Promise<FormResult>) {
  return async (req: Request, res: Response) => {
    const ctx = makeContext(req);
    try {
      const body = await readBody(req);
      if (body.kind !== 'form') throw new HttpError(400, { detail: 'Expected a submitted form.' });
      const data = new FormData(body.fields);
      // A form from another site, or from another visitor's page, carries no
      // valid token for this visitor: nothing it asks for is done.
      if (!ctx.visitor.csrfMatches(data.get('csrf'))) {
        throw new HttpError(403, { detail: 'This form has expired or did not come from this site. Reload the page and try again.' });
      }
      const result = await fn(ctx, data);
      if ('redirect' in result) {
        if (result.flash) setFlash(ctx.cookies, result.flash);
        seeOther(res, result.redirect, ctx.cookies);
      } else {
        for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
        sendHtml(res, result.status, result.page, ctx.cookies, true);
      }
    } catch (err) {
      renderFailure(ctx, res, err);
    }
  };
}

export function requireUser(ctx: WebContext): SessionUserRow {
  if (!ctx.user) throw new HttpError(403, { detail: 'Log in to do this.' });
  return ctx.user;
}

/** A local path to come back to after a form; anything else goes home. */
export function localPath(value: string | undefined, fallback = '/'): string {
  return value?.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : fallback;
}

/** A refused or invalid write in words: the API's detail, or its field messages. */
export function describeError(err: HttpError): string {
  const body = err.body;
  if (typeof body.detail === 'string') return body.detail;
  return Object.entries(body)
    .map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(' ') : JSON.stringify(messages)}`)
    .join('; ');
}

/** Runs a write; a refusal or validation error goes back to the page as a notice. */
export function attempt(back: string, fn: () => FormResult): FormResult {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof HttpError) || err.status >= 500) throw err;
    return { redirect: back, flash: { text: describeError(err), error: true } };
  }
}
