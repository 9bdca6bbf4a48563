// The frame around every page: title, the site bar with the visitor's links,
// a one-time notice, and the shared stylesheet and script.
import type { SessionUserRow } from '../db/sessions.ts';
import { html, type Html } from './html.ts';
import type { Flash, Visitor } from './session.ts';

/** What the frame shows of the request; a page's WebContext is one. */
export interface Frame {
  path: string;
  query: URLSearchParams;
  visitor: Visitor;
  user: SessionUserRow | null;
  flash: Flash | null;
}

export const STYLE_PATH = '/static/pwlite.css';
export const SCRIPT_PATH = '/static/pwlite.js';
export const ICON_PATH = '/static/pwlite.svg';

/** The hidden field every form carries. */
export const csrfField = (ctx: Frame) => html`<input type="hidden" name="csrf" value="${ctx.visitor.csrf()}">`;

function siteBar(ctx: Frame): Html {
  const user = ctx.user;
  const links = user
    ? html`<a href="/user/todo/">To do</a><a href="/user/">${user.username}</a>
<form method="post" action="/user/logout/">${csrfField(ctx)}<button type="submit">Log out</button></form>`
    : html`<a href="/user/login/?next=${encodeURIComponent(ctx.path + (ctx.query.size ? '?' + ctx.query : ''))}">Log in</a>`;
  return html`<header class="top"><a class="brand" href="/">pwlite</a><nav aria-label="Site"><a href="/">Projects</a>${links}</nav></header>`;
}

export function layout(ctx: Frame, title: string, body: Html, options: { error?: string } = {}): Html {
  const flash = ctx.flash
    ? ctx.flash.error
      ? html`<p class="flash error" role="alert">${ctx.flash.text}</p>`
      : html`<p class="flash" role="status">${ctx.flash.text}</p>`
    : '';
  const error = options.error ? html`<p class="flash error" role="alert">${options.error}</p>` : '';
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · pwlite</title><link rel="stylesheet" href="${STYLE_PATH}"><link rel="icon" href="${ICON_PATH}" type="image/svg+xml"></head>
<body>${siteBar(ctx)}<main>${flash}${error}
${body}
</main><script src="${SCRIPT_PATH}" defer></script></body></html>
`;
}

export function errorPage(ctx: Frame, status: number, message: string): Html {
  const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Cannot do that';
  return layout(ctx, title, html`<h1>${title}</h1><p>${message}</p><p><a href="/">Back to the projects</a></p>`);
}
