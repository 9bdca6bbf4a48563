// Projects: GET projects/ and projects/<id-or-linkname>/ (API.md §4.1).
import type { Db } from '../../db/connection.ts';
import { maintainersOf, PROJECT_LIST as PROJECT_SOURCE, projectById, projectByLinkname, type ProjectRow } from '../../db/projects.ts';
import type { UserRow } from '../../db/users.ts';
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { listDef, runList } from '../list.ts';
import { EMBEDDED_USER, groupBy, projectUrl, S } from './embedded.ts';

export interface ProjectView {
  row: ProjectRow;
  maintainers: UserRow[];
}

export const PROJECT_FIELDS: readonly Field<ProjectView>[] = [
  { name: 'id', schema: S.int, get: (p) => p.row.id },
  { name: 'url', schema: S.uri, get: (p, ctx) => projectUrl(ctx, p.row.id) },
  { name: 'name', schema: S.string, get: (p) => p.row.name },
  { name: 'link_name', schema: S.string, get: (p) => p.row.linkname },
  { name: 'list_id', schema: S.string, get: (p) => p.row.listid },
  { name: 'list_email', schema: S.email, get: (p) => p.row.listemail },
  { name: 'web_url', schema: S.link, writable: true, get: (p) => p.row.web_url },
  { name: 'scm_url', schema: S.link, writable: true, get: (p) => p.row.scm_url },
  { name: 'webscm_url', schema: S.link, writable: true, get: (p) => p.row.webscm_url },
  { name: 'maintainers', schema: S.arrayOf('UserEmbedded'), get: (p, ctx) => p.maintainers.map((u) => serialize(EMBEDDED_USER, u, ctx)) },
  { name: 'subject_match', schema: S.string, since: '1.1', get: (p) => p.row.subject_match },
  { name: 'list_archive_url', schema: S.link, since: '1.2', writable: true, get: (p) => p.row.list_archive_url },
  { name: 'list_archive_url_format', schema: S.link, since: '1.2', writable: true, get: (p) => p.row.list_archive_url_format },
  // A template ('…/commit/{}'), not itself a URI.
  { name: 'commit_url_format', schema: S.string, since: '1.2', writable: true, get: (p) => p.row.commit_url_format },
  { name: 'show_dependencies', schema: S.bool, since: '1.4', writable: true, get: (p) => p.row.show_dependencies === 1 },
];

export function loadProjectViews(db: Db, rows: readonly ProjectRow[]): ProjectView[] {
  if (rows.length === 0) return [];
  const maintainers = groupBy(maintainersOf(db, rows.map((r) => r.id)), (m) => m.project_id);
  return rows.map((row) => ({ row, maintainers: maintainers.get(row.id) ?? [] }));
}

/** Detail lookup: a numeric key is tried as an id first, then any key as the exact linkname. */
export function findProject(db: Db, key: string): ProjectRow | undefined {
  return (/^\d{1,15}$/.test(key) ? projectById(db, Number(key)) : undefined) ?? projectByLinkname(db, key);
}

export function loadProject(db: Db, key: string): ProjectView | undefined {
  const row = findProject(db, key);
  return row ? loadProjectViews(db, [row])[0] : undefined;
}

export function serializeProject(ctx: ApiContext, view: ProjectView, options: SerializeOptions = {}): Record<string, unknown> {
  return serialize(PROJECT_FIELDS, view, ctx, options);
}

export const PROJECT_LIST = listDef({
  source: PROJECT_SOURCE,
  filters: [],
  search: ['linkname', 'listid', 'listemail', 'web_url', 'scm_url', 'webscm_url', 'list_archive_url', 'list_archive_url_format', 'commit_url_format'],
  order: {
    fields: { id: 'id', name: 'name', link_name: 'linkname', list_id: 'listid' },
    default: [{ sql: 'id', desc: false }],
    tieBreaker: 'id',
  },
});

export function listProjects(ctx: ApiContext): Reply {
  const { rows, headers } = runList(ctx, PROJECT_LIST);
  return { body: loadProjectViews(ctx.db, rows).map((v) => serializeProject(ctx, v)), headers };
}

export function getProject(ctx: ApiContext, params: Record<string, string>): Reply {
  const view = loadProject(ctx.db, params.id);
  if (!view) throw notFound('Project');
  return { body: serializeProject(ctx, view, { detail: true }) };
}
