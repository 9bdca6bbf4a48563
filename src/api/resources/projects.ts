// Projects: projects/ and projects/<id-or-linkname>/ (docs/api.md §4.1);
// maintainers edit the links and the dependency display switch.
import type { Db } from '../../db/connection.ts';
import {
  maintainersOf,
  PROJECT_LIST as PROJECT_SOURCE,
  projectById,
  projectByLinkname,
  updateProject,
  type ProjectChanges,
  type ProjectRow,
} from '../../db/projects.ts';
import type { UserRow } from '../../db/users.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { listDef, runList } from '../list.ts';
import { listItems } from '../items.ts';
import { canEditProject } from '../permissions.ts';
import type { Resource } from '../resource.ts';
import { booleanField, charField } from '../validation.ts';
import { inTransaction, refuse, type WriteInput } from '../write.ts';
import { EMBEDDED_USER, groupBy, projectUrl, S } from './embedded.ts';

interface ProjectView {
  row: ProjectRow;
  maintainers: UserRow[];
}

/** A project link: kept as written, "" when unset. */
const link = () => charField({ maxLength: 2000, allowBlank: true });

const PROJECT_FIELDS: readonly Field<ProjectView>[] = [
  { name: 'id', schema: S.int, get: (p) => p.row.id },
  { name: 'url', schema: S.uri, get: (p, ctx) => projectUrl(ctx, p.row.id) },
  { name: 'name', schema: S.string, get: (p) => p.row.name },
  { name: 'link_name', schema: S.string, get: (p) => p.row.linkname },
  { name: 'list_id', schema: S.string, get: (p) => p.row.listid },
  { name: 'list_email', schema: S.email, get: (p) => p.row.listemail },
  { name: 'web_url', schema: S.link, write: link(), get: (p) => p.row.web_url },
  { name: 'scm_url', schema: S.link, write: link(), get: (p) => p.row.scm_url },
  { name: 'webscm_url', schema: S.link, write: link(), get: (p) => p.row.webscm_url },
  { name: 'maintainers', schema: S.arrayOf('UserEmbedded'), get: (p, ctx) => p.maintainers.map((u) => serialize(EMBEDDED_USER, u, ctx)) },
  { name: 'subject_match', schema: S.string, since: '1.1', get: (p) => p.row.subject_match },
  { name: 'list_archive_url', schema: S.link, since: '1.2', write: link(), get: (p) => p.row.list_archive_url },
  { name: 'list_archive_url_format', schema: S.link, since: '1.2', write: link(), get: (p) => p.row.list_archive_url_format },
  // A template ('…/commit/{}'), not itself a URI.
  { name: 'commit_url_format', schema: S.string, since: '1.2', write: link(), get: (p) => p.row.commit_url_format },
  { name: 'show_dependencies', schema: S.bool, since: '1.4', write: booleanField(), get: (p) => p.row.show_dependencies === 1 },
];

function loadProjectViews(db: Db, rows: readonly ProjectRow[]): ProjectView[] {
  if (rows.length === 0) return [];
  const maintainers = groupBy(maintainersOf(db, rows.map((r) => r.id)), (m) => m.project_id);
  return rows.map((row) => ({ row, maintainers: maintainers.get(row.id) ?? [] }));
}

/** Detail lookup: a numeric key is tried as an id first, then any key as the exact linkname. */
export function findProject(db: Db, key: string): ProjectRow | undefined {
  return (/^\d{1,15}$/.test(key) ? projectById(db, Number(key)) : undefined) ?? projectByLinkname(db, key);
}

function serializeProject(ctx: ApiContext, view: ProjectView, options: SerializeOptions = {}): JsonText {
  return serialize(PROJECT_FIELDS, view, ctx, options);
}

function projectDetail(ctx: ApiContext, row: ProjectRow | undefined): JsonText {
  if (!row) throw notFound('Project');
  return serializeProject(ctx, loadProjectViews(ctx.db, [row])[0], { detail: true });
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

function updateProjectFields(ctx: ApiContext, key: string, input: WriteInput): number {
  return inTransaction(ctx, () => {
    const project = findProject(ctx.db, decodeURIComponent(key));
    if (!project) throw notFound('Project');
    if (!canEditProject(ctx.db, ctx.user, project.id)) refuse(ctx.user);
    const { values, errors } = input.parse<Record<string, string | boolean | null>>();
    input.check(errors);
    // Every writable field is a column of the same name; booleans are stored as 0/1.
    const changes: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(values)) {
      if (value !== undefined && value !== null) changes[name] = typeof value === 'boolean' ? Number(value) : value;
    }
    updateProject(ctx.db, project.id, changes as ProjectChanges);
    return project.id;
  });
}

export const projects: Resource = {
  tag: { name: 'projects', description: 'Projects (mailing lists) and their settings' },
  components: {
    Project: { title: 'Project', description: 'A project: one mailing list and its settings.', fields: PROJECT_FIELDS },
  },
  routes: [
    {
      path: 'projects/',
      get: {
        operationId: 'projects_list',
        summary: 'List projects.',
        description: 'Every project.',
        component: 'Project',
        list: PROJECT_LIST,
        handler: (ctx) => {
          const { rows, headers } = runList(ctx, PROJECT_LIST);
          return { body: listItems(ctx, 'project', loadProjectViews(ctx.db, rows), (v) => v.row.id, (v) => serializeProject(ctx, v)), headers };
        },
      },
    },
    {
      path: 'projects/:id/',
      anyKey: true,
      params: [{ name: 'id', description: 'The project id, or its linkname (a number is tried as an id first).', schema: { type: 'string' } }],
      get: {
        operationId: 'projects_read',
        summary: 'Show a project.',
        description: 'A project by its id or linkname.',
        component: 'Project',
        handler: (ctx, params) => ({ body: projectDetail(ctx, findProject(ctx.db, params.id)) }),
      },
      update: {
        operationIds: 'projects',
        what: 'project',
        description: "For the project's maintainers. Strings are trimmed; an empty string clears a link.",
        request: { fields: PROJECT_FIELDS, component: 'ProjectUpdate', errorComponent: 'ErrorProjectUpdate' },
        component: 'Project',
        handler: (ctx, params, input) => ({ body: projectDetail(ctx, projectById(ctx.db, updateProjectFields(ctx, params.id, input))) }),
      },
    },
  ],
};
