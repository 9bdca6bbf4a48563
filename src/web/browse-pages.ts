// The front page (projects), a project's page and a bundle's page.
import { bundlePatchIdsByPosition, bundleRefByOwnerName } from '../db/downloads.ts';
import { maintainersOf } from '../db/projects.ts';
import { projectSummaries } from '../db/pages.ts';
import { HttpError } from '../http/errors.ts';
import { requester } from '../http/auth.ts';
import { html, type Html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import type { WebContext } from './context.ts';
import { columnTags, loadTable, patchTable } from './patch-table.ts';
import { projectOr404 } from './list-page.ts';
import { bundleMboxPath, bundlePath, projectListPath, projectPath } from '../http/urls.ts';

export function projectsPage(ctx: WebContext): Html {
  const projects = projectSummaries(ctx.db);
  return layout(
    ctx,
    'Projects',
    html`<h1>Projects</h1>
${
  projects.length
    ? html`<ul>${projects.map((p) => html`<li><a href="${projectListPath(p.linkname)}">${p.name}</a> <span class="muted">${p.listemail}</span></li>`)}</ul>`
    : html`<p class="muted">No projects yet: add one with pwlite project add.</p>`
}`,
  );
}

export function projectPage(ctx: WebContext): Html {
  const project = projectOr404(ctx.db, ctx.params.linkname);
  const maintainers = maintainersOf(ctx.db, [project.id]);
  const rows: [string, Html | string][] = [
    ['Mailing list', project.listemail],
    ['List ID', project.listid],
    ['Maintainers', maintainers.map((m) => m.username).join(', ') || 'none'],
  ];
  if (project.web_url) rows.push(['Web site', html`<a href="${project.web_url}">${project.web_url}</a>`]);
  if (project.scm_url) rows.push(['Repository', project.scm_url]);
  if (project.webscm_url) rows.push(['Browse the repository', html`<a href="${project.webscm_url}">${project.webscm_url}</a>`]);
  if (project.list_archive_url) rows.push(['List archive', html`<a href="${project.list_archive_url}">${project.list_archive_url}</a>`]);
  return layout(
    ctx,
    project.name,
    html`<h1>${project.name}</h1>
<table class="facts">${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</table>
<p><a href="${projectListPath(project.linkname)}">Patches</a> · <a href="${`${projectPath(project.linkname)}pwclientrc/`}">pwclientrc</a></p>`,
  );
}

export async function bundlePage(ctx: WebContext): Promise<Html> {
  const bundle = bundleRefByOwnerName(ctx.db, ctx.params.owner, ctx.params.name);
  // A private bundle does not exist for anyone but its owner, who may also
  // show it with API credentials as its download (docs/api.md §8.1).
  const viewer = ctx.user ?? (await requester(ctx.request));
  if (!bundle || (!bundle.public && viewer?.id !== bundle.owner_id)) throw new HttpError(404, { detail: 'There is no such bundle.' });
  const owner = ctx.user?.id === bundle.owner_id;
  const ids = bundlePatchIdsByPosition(ctx.db, bundle.id);
  const table = patchTable(loadTable(ctx.db, ids, columnTags(ctx.db, true)), {
    showIds: !!ctx.user?.show_ids,
    selectable: owner,
    sortLink: null,
  });
  const path = bundlePath(ctx.params.owner, bundle.name);
  const body = owner
    ? html`<form method="post" action="${path}">${csrfField(ctx)}${table}
<fieldset><legend>This bundle</legend><button type="submit" name="action" value="remove">Remove selected patches</button>
${bundle.public ? html`<button type="submit" name="action" value="private">Make private</button>` : html`<button type="submit" name="action" value="public">Make public</button>`}
<button type="submit" name="action" value="delete">Delete bundle</button></fieldset></form>`
    : table;
  return layout(
    ctx,
    `Bundle ${bundle.name}`,
    html`<h1>Bundle ${bundle.name}</h1>
<p>By ${ctx.params.owner} · ${bundle.public ? 'public' : 'private'} · ${ids.length} patch${ids.length === 1 ? '' : 'es'} · Download: <a href="${bundleMboxPath(ctx.params.owner, bundle.name)}">mbox</a></p>
${body}`,
  );
}
