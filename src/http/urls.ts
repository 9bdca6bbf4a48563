// Absolute links, and the paths of the web pages and downloads (docs/api.md §1.5,
// §8). The API's `mbox` and `web_url` fields and the download routes share
// these builders, so a link the API emits always reaches a route that serves it.
import type { ApiContext, RequestContext } from './context.ts';

/** Link to an API resource, carrying the request's version segment. */
export function apiUrl(ctx: Pick<ApiContext, 'base' | 'version'>, path: string): string {
  return ctx.version.segment ? `${ctx.base}/api/${ctx.version.segment}/${path}` : `${ctx.base}/api/${path}`;
}

/** Link to an API resource that upstream always builds unversioned. */
export function unversionedApiUrl(ctx: Pick<RequestContext, 'base'>, path: string): string {
  return `${ctx.base}/api/${path}`;
}

/** Link to a non-API page (web UI, downloads). */
export function webUrl(ctx: Pick<RequestContext, 'base'>, path: string): string {
  return `${ctx.base}/${path}`;
}

/** Characters a path segment keeps literal besides the unreserved ones. */
const KEEP = /%(24|26|2B|2C|3B|3D|3A|40)/g;
/** A segment of only those characters and the ones encodeURIComponent leaves. */
const LITERAL = /^[A-Za-z0-9\-_.!~*'()$&+,;=:@]*$/;

/** Percent-encodes one path segment as upstream does: unreserved characters
 * and `!$&'()*+,;=:@~` stay literal, everything else is encoded. */
export function pathSegment(value: string): string {
  // Most segments (linknames, Message-IDs) need no encoding at all.
  if (LITERAL.test(value)) return value;
  return encodeURIComponent(value).replace(KEEP, (m) => decodeURIComponent(m));
}

/** `<a/b@x>` → `a%252Fb@x`: brackets dropped, `/` written as `%2F`, then
 * the segment encoded (so the `%` itself becomes `%25`). A Message-ID cut at
 * 255 characters when stored has lost its `>`; its `<` is dropped all the same. */
export function msgidSegment(msgid: string): string {
  const bare = msgid.slice(msgid.startsWith('<') ? 1 : 0, msgid.endsWith('>') ? -1 : undefined);
  return pathSegment(bare.replaceAll('/', '%2F'));
}

/** Longest stored Message-ID (docs/ingest.md §4.3). */
const MSGID_MAX = 255;

/** The stored Message-ID for a path segment the router already decoded: one
 * longer than the stored maximum can only have been stored cut. */
export function msgidFromSegment(decoded: string): string {
  return `<${decoded.replaceAll('%2F', '/')}>`.slice(0, MSGID_MAX);
}

export const patchPath = (linkname: string, msgid: string) =>
  `/project/${pathSegment(linkname)}/patch/${msgidSegment(msgid)}/`;
export const patchMboxPath = (linkname: string, msgid: string) => `${patchPath(linkname, msgid)}mbox/`;
export const patchRawPath = (linkname: string, msgid: string) => `${patchPath(linkname, msgid)}raw/`;

export const coverPath = (linkname: string, msgid: string) =>
  `/project/${pathSegment(linkname)}/cover/${msgidSegment(msgid)}/`;
export const coverMboxPath = (linkname: string, msgid: string) => `${coverPath(linkname, msgid)}mbox/`;

export const seriesListPath = (linkname: string, seriesId: number) =>
  `/project/${pathSegment(linkname)}/list/?series=${seriesId}`;
export const seriesMboxPath = (seriesId: number) => `/series/${seriesId}/mbox/`;

export const commentPath = (commentId: number) => `/comment/${commentId}/`;

export const bundlePath = (owner: string, name: string) => `/bundle/${pathSegment(owner)}/${pathSegment(name)}/`;
export const bundleMboxPath = (owner: string, name: string) => `${bundlePath(owner, name)}mbox/`;

export const projectListPath = (linkname: string) => `/project/${pathSegment(linkname)}/list/`;
export const todoPath = (linkname?: string) => (linkname ? `/user/todo/${pathSegment(linkname)}/` : '/user/todo/');
export const projectPath = (linkname: string) => `/project/${pathSegment(linkname)}/`;
