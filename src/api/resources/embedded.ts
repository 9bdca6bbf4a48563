// Embedded (nested) object shapes, docs/api.md §3, as field tables. The `Ref`
// types carry what a nested object needs besides its own row (the project
// for web links and list archive URLs).
import type { SchemaObject } from 'openapi3-ts/oas31';
import type { ProjectRow } from '../../db/projects.ts';
import type { PersonRow } from '../../db/people.ts';
import type { UserRow } from '../../db/users.ts';
import type { PatchRow } from '../../db/patches.ts';
import type { CoverRow } from '../../db/covers.ts';
import type { SeriesRow } from '../../db/series.ts';
import type { CommentKind, CommentRow } from '../../db/comments.ts';
import { CHECK_STATES, type CheckRow } from '../../db/checks.ts';
import { toApi } from '../../util/time.ts';
import {
  commentPath,
  coverMboxPath,
  coverPath,
  patchPath,
  seriesListPath,
  seriesMboxPath,
} from '../../http/urls.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { apiUrl, webUrl } from '../../http/urls.ts';
import { serialize, type Field } from '../fields.ts';

export interface PatchRef {
  row: PatchRow;
  project: ProjectRow;
}
export interface CoverRef {
  row: CoverRow;
  project: ProjectRow;
}
export interface SeriesRef {
  row: SeriesRow;
  project: ProjectRow;
}
export interface CommentRef {
  row: CommentRow;
  kind: CommentKind;
  /** The project of the patch or cover commented on. */
  project: ProjectRow;
}

// Schema building blocks shared by every resource table.
export const S = {
  int: { type: 'integer' } as SchemaObject,
  string: { type: 'string' } as SchemaObject,
  nullableString: { type: ['string', 'null'] } as SchemaObject,
  bool: { type: 'boolean' } as SchemaObject,
  nullableBool: { type: ['boolean', 'null'] } as SchemaObject,
  uri: { type: 'string', format: 'uri' } as SchemaObject,
  // A check's target_url: a URL, or "" as pwclient sends when there is none (docs/api.md §4.6).
  checkTarget: { type: ['string', 'null'], anyOf: [{ format: 'uri' }, { const: '' }] } as SchemaObject,
  // Project links are kept as written, without URL validation, "" when unset (docs/api.md §4.1).
  link: { type: 'string' } as SchemaObject,
  // The project's format with the msgid put in unencoded (docs/api.md §7.6): not always a valid URI.
  archiveLink: { type: ['string', 'null'] } as SchemaObject,
  date: { type: 'string', format: 'iso8601' } as SchemaObject,
  email: { type: 'string', format: 'email' } as SchemaObject,
  headers: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } } as SchemaObject,
  ref: (name: string) => ({ $ref: `#/components/schemas/${name}` }),
  nullableRef: (name: string) => ({ oneOf: [{ type: 'null' }, { $ref: `#/components/schemas/${name}` }] }) as SchemaObject,
  arrayOf: (name: string) => ({ type: 'array', items: { $ref: `#/components/schemas/${name}` } }) as SchemaObject,
};

/** `list_archive_url` (docs/api.md §7.6): the project's format with `{}` → bare msgid. */
export function listArchiveUrl(project: ProjectRow, msgid: string): string | null {
  if (!project.list_archive_url_format || !msgid) return null;
  const bare = msgid.startsWith('<') && msgid.endsWith('>') ? msgid.slice(1, -1) : msgid;
  return project.list_archive_url_format.replaceAll('{}', bare);
}

export const projectUrl = (ctx: ApiContext, id: number) => apiUrl(ctx, `projects/${id}/`);
export const personUrl = (ctx: ApiContext, id: number) => apiUrl(ctx, `people/${id}/`);
export const userUrl = (ctx: ApiContext, id: number) => apiUrl(ctx, `users/${id}/`);
export const patchUrl = (ctx: ApiContext, id: number) => apiUrl(ctx, `patches/${id}/`);
export const coverUrl = (ctx: ApiContext, id: number) => apiUrl(ctx, `covers/${id}/`);
export const seriesUrl = (ctx: ApiContext, id: number) => apiUrl(ctx, `series/${id}/`);
export const bundleUrl = (ctx: ApiContext, id: number) => apiUrl(ctx, `bundles/${id}/`);
export const checkUrl = (ctx: ApiContext, c: CheckRow) => apiUrl(ctx, `patches/${c.patch_id}/checks/${c.id}/`);
export const commentUrl = (ctx: ApiContext, kind: CommentKind, c: CommentRow) =>
  apiUrl(ctx, `${kind === 'patch' ? 'patches' : 'covers'}/${c.parent_id}/comments/${c.id}/`);

// web_url and mbox of a patch share the encoded path; encoding it once per row halves the work.
const patchPaths = new WeakMap<PatchRow, string>();
function patchPathOf(p: PatchRef): string {
  let path = patchPaths.get(p.row);
  if (path === undefined) patchPaths.set(p.row, (path = patchPath(p.project.linkname, p.row.msgid).slice(1)));
  return path;
}
export const patchWebUrl = (ctx: ApiContext, p: PatchRef) => webUrl(ctx, patchPathOf(p));
export const patchMboxUrl = (ctx: ApiContext, p: PatchRef) => webUrl(ctx, patchPathOf(p) + 'mbox/');
export const coverWebUrl = (ctx: ApiContext, c: CoverRef) => webUrl(ctx, coverPath(c.project.linkname, c.row.msgid).slice(1));
export const coverMboxUrl = (ctx: ApiContext, c: CoverRef) => webUrl(ctx, coverMboxPath(c.project.linkname, c.row.msgid).slice(1));
export const seriesWebUrl = (ctx: ApiContext, s: SeriesRef) => webUrl(ctx, seriesListPath(s.project.linkname, s.row.id).slice(1));
export const seriesMboxUrl = (ctx: ApiContext, id: number) => webUrl(ctx, seriesMboxPath(id).slice(1));
export const commentWebUrl = (ctx: ApiContext, id: number) => webUrl(ctx, commentPath(id).slice(1));

export const EMBEDDED_PROJECT: readonly Field<ProjectRow>[] = [
  { name: 'id', schema: S.int, get: (p) => p.id },
  { name: 'url', schema: S.uri, get: (p, ctx) => projectUrl(ctx, p.id) },
  { name: 'name', schema: S.string, get: (p) => p.name },
  { name: 'link_name', schema: S.string, get: (p) => p.linkname },
  { name: 'list_id', schema: S.string, get: (p) => p.listid },
  { name: 'list_email', schema: S.email, get: (p) => p.listemail },
  { name: 'web_url', schema: S.link, get: (p) => p.web_url },
  { name: 'scm_url', schema: S.link, get: (p) => p.scm_url },
  { name: 'webscm_url', schema: S.link, get: (p) => p.webscm_url },
  { name: 'list_archive_url', schema: S.link, since: '1.2', get: (p) => p.list_archive_url },
  { name: 'list_archive_url_format', schema: S.link, since: '1.2', get: (p) => p.list_archive_url_format },
  // A template ('…/commit/{}'), not itself a URI.
  { name: 'commit_url_format', schema: S.string, since: '1.2', get: (p) => p.commit_url_format },
];

export const EMBEDDED_PERSON: readonly Field<PersonRow>[] = [
  { name: 'id', schema: S.int, get: (p) => p.id },
  { name: 'url', schema: S.uri, get: (p, ctx) => personUrl(ctx, p.id) },
  { name: 'name', schema: S.nullableString, get: (p) => p.name },
  { name: 'email', schema: S.email, get: (p) => p.email },
];

export const EMBEDDED_USER: readonly Field<UserRow>[] = [
  { name: 'id', schema: S.int, get: (u) => u.id },
  { name: 'url', schema: S.uri, get: (u, ctx) => userUrl(ctx, u.id) },
  { name: 'username', schema: S.string, get: (u) => u.username },
  { name: 'first_name', schema: S.string, get: (u) => u.first_name },
  { name: 'last_name', schema: S.string, get: (u) => u.last_name },
  { name: 'email', schema: S.email, get: (u) => u.email },
];

export const EMBEDDED_PATCH: readonly Field<PatchRef>[] = [
  { name: 'id', schema: S.int, get: (p) => p.row.id },
  { name: 'url', schema: S.uri, get: (p, ctx) => patchUrl(ctx, p.row.id) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (p, ctx) => patchWebUrl(ctx, p) },
  { name: 'msgid', schema: S.string, get: (p) => p.row.msgid },
  { name: 'list_archive_url', schema: S.archiveLink, since: '1.2', get: (p) => listArchiveUrl(p.project, p.row.msgid) },
  { name: 'date', schema: S.date, get: (p) => toApi(p.row.date) },
  { name: 'name', schema: S.string, get: (p) => p.row.name },
  { name: 'mbox', schema: S.uri, get: (p, ctx) => patchMboxUrl(ctx, p) },
];

export const EMBEDDED_COVER: readonly Field<CoverRef>[] = [
  { name: 'id', schema: S.int, get: (c) => c.row.id },
  { name: 'url', schema: S.uri, get: (c, ctx) => coverUrl(ctx, c.row.id) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (c, ctx) => coverWebUrl(ctx, c) },
  { name: 'msgid', schema: S.string, get: (c) => c.row.msgid },
  { name: 'list_archive_url', schema: S.archiveLink, since: '1.2', get: (c) => listArchiveUrl(c.project, c.row.msgid) },
  { name: 'date', schema: S.date, get: (c) => toApi(c.row.date) },
  { name: 'name', schema: S.string, get: (c) => c.row.name },
  { name: 'mbox', schema: S.uri, since: '1.1', get: (c, ctx) => coverMboxUrl(ctx, c) },
];

export const EMBEDDED_SERIES: readonly Field<SeriesRef>[] = [
  { name: 'id', schema: S.int, get: (s) => s.row.id },
  { name: 'url', schema: S.uri, get: (s, ctx) => seriesUrl(ctx, s.row.id) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (s, ctx) => seriesWebUrl(ctx, s) },
  { name: 'date', schema: S.date, get: (s) => toApi(s.row.date) },
  { name: 'name', schema: S.nullableString, get: (s) => s.row.name },
  { name: 'version', schema: S.int, get: (s) => s.row.version },
  { name: 'mbox', schema: S.uri, get: (s, ctx) => seriesMboxUrl(ctx, s.row.id) },
];

export const EMBEDDED_COMMENT: readonly Field<CommentRef>[] = [
  { name: 'id', schema: S.int, get: (c) => c.row.id },
  { name: 'url', schema: S.uri, since: '1.3', get: (c, ctx) => commentUrl(ctx, c.kind, c.row) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (c, ctx) => commentWebUrl(ctx, c.row.id) },
  { name: 'msgid', schema: S.string, get: (c) => c.row.msgid },
  { name: 'list_archive_url', schema: S.archiveLink, since: '1.2', get: (c) => listArchiveUrl(c.project, c.row.msgid) },
  { name: 'date', schema: S.date, get: (c) => toApi(c.row.date) },
];

export const EMBEDDED_CHECK: readonly Field<CheckRow>[] = [
  { name: 'id', schema: S.int, get: (c) => c.id },
  { name: 'url', schema: S.uri, get: (c, ctx) => checkUrl(ctx, c) },
  { name: 'date', schema: S.date, get: (c) => toApi(c.date) },
  { name: 'state', schema: { type: 'string', enum: [...CHECK_STATES] }, get: (c) => CHECK_STATES[c.state] },
  { name: 'target_url', schema: S.checkTarget, get: (c) => c.target_url },
  { name: 'context', schema: S.string, get: (c) => c.context },
];

/** The embedded shapes by their component name (what `S.ref` points at). */
export const EMBEDDED_SHAPES = {
  ProjectEmbedded: EMBEDDED_PROJECT,
  PersonEmbedded: EMBEDDED_PERSON,
  UserEmbedded: EMBEDDED_USER,
  PatchEmbedded: EMBEDDED_PATCH,
  CoverEmbedded: EMBEDDED_COVER,
  SeriesEmbedded: EMBEDDED_SERIES,
  CommentEmbedded: EMBEDDED_COMMENT,
  CheckEmbedded: EMBEDDED_CHECK,
} as const;

// Within one request the same project, person or series is embedded in
// many items: each is serialized once and its text reused.
const memo = new WeakMap<ApiContext, WeakMap<object, JsonText>>();

/** The embedded representation of row (memoized per request and row object). */
export function embedded<R extends object>(fields: readonly Field<R>[], row: R, ctx: ApiContext): JsonText {
  let byRow = memo.get(ctx);
  if (!byRow) memo.set(ctx, (byRow = new WeakMap()));
  let out = byRow.get(row);
  if (!out) byRow.set(row, (out = serialize(fields, row, ctx)));
  return out;
}

export function embed<R extends object>(fields: readonly Field<R>[], row: R | null | undefined, ctx: ApiContext): JsonText | null {
  return row == null ? null : embedded(fields, row, ctx);
}

export function byId<T extends { id: number }>(rows: readonly T[]): Map<number, T> {
  const map = new Map<number, T>();
  for (const r of rows) map.set(r.id, r);
  return map;
}

/** Distinct non-null ids. */
export function idsOf(values: Iterable<number | null | undefined>): number[] {
  const set = new Set<number>();
  for (const v of values) if (v != null) set.add(v);
  return [...set];
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}
