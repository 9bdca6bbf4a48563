// Page-number pagination with upstream's Link header (docs/api.md §2.1).
import type { ApiContext } from '../http/context.ts';
import { apiUrl } from '../http/urls.ts';
import { invalidPage } from '../http/errors.ts';

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 250;

export interface PageRequest {
  /** The page asked for; 'last' resolves once the count is known. */
  page: number | 'last';
  perPage: number;
}

const DIGITS = /^\d+$/;

/** Reads `page` and `per_page`; a bad page is a 404, a bad per_page the default. */
export function pageRequest(query: URLSearchParams): PageRequest {
  const rawPer = query.get('per_page');
  let perPage = DEFAULT_PER_PAGE;
  if (rawPer !== null && DIGITS.test(rawPer.trim()) && Number(rawPer) > 0) perPage = Math.min(Number(rawPer), MAX_PER_PAGE);
  const rawPage = query.get('page');
  if (rawPage === null || rawPage === '') return { page: 1, perPage };
  if (rawPage === 'last') return { page: 'last', perPage };
  if (!DIGITS.test(rawPage.trim()) || Number(rawPage) < 1) throw invalidPage();
  return { page: Number(rawPage), perPage };
}

export interface Page {
  number: number;
  numPages: number;
  perPage: number;
  offset: number;
}

/** The page to serve given the total count; beyond the last page is a 404. */
export function resolvePage(request: PageRequest, count: number): Page {
  const numPages = Math.max(1, Math.ceil(count / request.perPage));
  const number = request.page === 'last' ? numPages : request.page;
  if (number > numPages) throw invalidPage();
  return { number, numPages, perPage: request.perPage, offset: (number - 1) * request.perPage };
}

const LITERAL = /^[\w.~-]*$/;

/** Python's quote_plus: only letters, digits and `_.-~` stay literal. */
export function quotePlus(value: string): string {
  if (LITERAL.test(value)) return value;
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** The request's query with `page` set (or removed when null), parameters
 * sorted by name, repeated values kept in their order. */
export function pageQuery(query: URLSearchParams, page: number | null): string {
  const entries = [...query.entries()].filter(([k]) => k !== 'page');
  if (page !== null) entries.push(['page', String(page)]);
  // Array.prototype.sort is stable: repeated keys keep their relative order.
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return entries.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
}

/** `Link: <next>; rel="next", <prev>; rel="prev", <first>; rel="first", <last>; rel="last"`. */
export function linkHeader(ctx: ApiContext, page: Page): string {
  const base = apiUrl(ctx, ctx.path.slice('/api/'.length));
  const link = (n: number | null, rel: string) => {
    const q = pageQuery(ctx.query, n);
    return `<${base}${q ? '?' + q : ''}>; rel="${rel}"`;
  };
  const parts: string[] = [];
  if (page.number < page.numPages) parts.push(link(page.number + 1, 'next'));
  if (page.number > 1) parts.push(link(page.number === 2 ? null : page.number - 1, 'prev'));
  parts.push(link(1, 'first'), link(page.numPages, 'last'));
  return parts.join(', ');
}
