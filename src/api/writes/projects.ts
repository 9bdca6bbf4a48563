// PUT/PATCH projects/<id|linkname>/ (API.md §4.1): maintainers edit the
// project's links and the dependency display switch.
import type { ApiContext } from '../../http/context.ts';
import type { Reply } from '../endpoint.ts';
import { updateProject, type ProjectChanges } from '../../db/projects.ts';
import { findProject } from '../resources/projects.ts';
import { notFound } from '../../http/errors.ts';
import { canEditProject } from '../permissions.ts';
import { booleanField, charField, parseFields, throwIfInvalid } from '../validation.ts';
import { inTransaction, refuse, writeInput } from './request.ts';
import { renderProject } from './render.ts';

const link = () => charField({ maxLength: 2000, allowBlank: true });

/** Writable project fields, in upstream's serializer order. */
export const PROJECT_FIELDS = {
  web_url: link(),
  scm_url: link(),
  webscm_url: link(),
  list_archive_url: link(),
  list_archive_url_format: link(),
  commit_url_format: link(),
  show_dependencies: booleanField(),
};

export async function updateProjectEndpoint(ctx: ApiContext, params: Record<string, string>): Promise<Reply> {
  const input = await writeInput(ctx);
  const id = inTransaction(ctx, () => {
    const project = findProject(ctx.db, decodeURIComponent(params.id));
    if (!project) throw notFound('Project');
    if (!canEditProject(ctx.db, ctx.user, project.id)) refuse(ctx.user);
    const { values, errors } = parseFields(PROJECT_FIELDS, input.data(), { partial: input.partial, form: input.form });
    throwIfInvalid(PROJECT_FIELDS, errors);
    const changes: ProjectChanges = {};
    for (const name of ['web_url', 'scm_url', 'webscm_url', 'list_archive_url', 'list_archive_url_format', 'commit_url_format'] as const) {
      if (values[name] !== undefined && values[name] !== null) changes[name] = values[name];
    }
    if (values.show_dependencies !== undefined && values.show_dependencies !== null) {
      changes.show_dependencies = Number(values.show_dependencies);
    }
    updateProject(ctx.db, project.id, changes);
    return project.id;
  });
  return { body: renderProject(ctx, id) };
}
