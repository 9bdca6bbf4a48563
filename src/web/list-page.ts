// A project's patch list (/project/LINKNAME/list/): filters, sortable
// columns, pages of the visitor's size, and for logged-in visitors the bulk
// forms (properties for maintainers, bundles for everyone). A series view
// (?series=ID) adds the series' header.
import type { Db } from '../db/connection.ts';
import { countPatches, patchPageIds } from '../db/patch-list.ts';
import { maintainersOf, isMaintainer, projectByLinkname, type ProjectRow } from '../db/projects.ts';
import { listStates, type StateRow } from '../db/states.ts';
import { personIdByEmail } from '../db/people.ts';
import { userIdByUsernameNocase, type UserRow } from '../db/users.ts';
import { seriesPageRow, seriesVersions, userBundles, type SeriesPageRow } from '../db/pages.ts';
import { HttpError } from '../http/errors.ts';
import { html, type Html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import type { WebContext } from './context.ts';
import { ACTION_REQUIRED, parseListQuery, type ListRequest } from './list-query.ts';
import { columnTags, loadTable, patchTable, personText } from './patch-table.ts';
import { coverPath, projectListPath, projectPath, seriesListPath, seriesMboxPath } from '../http/urls.ts';

export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;
const PAGES_AHEAD = 5;

export function projectOr404(db: Db, linkname: string): ProjectRow {
  const project = projectByLinkname(db, linkname);
  if (!project) throw new HttpError(404, { detail: `There is no project '${linkname}'.` });
  return project;
}

export const pageSize = (user: UserRow | null) => Math.min(MAX_PAGE_SIZE, Math.max(1, user?.items_per_page || DEFAULT_PAGE_SIZE));

/** The current URL with some parameters changed (null drops one). */
function withParams(ctx: WebContext, changes: Record<string, string | null>): string {
  const q = new URLSearchParams(ctx.query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  return ctx.path + (s ? '?' + s : '');
}

function sortLink(ctx: WebContext, current: string) {
  return (key: string, label: string) => {
    const active = current === key || current === '-' + key;
    const next = current === key ? '-' + key : key;
    const arrow = current === key ? ' ▲' : current === '-' + key ? ' ▼' : '';
    return html`<a href="${withParams(ctx, { order: next, page: null })}"${active ? html` aria-sort="${current.startsWith('-') ? 'descending' : 'ascending'}"` : ''}>${label}${arrow}</a>`;
  };
}

function filterForm(ctx: WebContext, req: ListRequest, states: StateRow[], delegates: UserRow[]): Html {
  const q = ctx.query;
  const stateOptions = [
    html`<option value="${ACTION_REQUIRED}"${req.stateParam === '' || req.stateParam === ACTION_REQUIRED ? ' selected' : ''}>Action required</option>`,
    html`<option value="*"${req.stateParam === '*' ? ' selected' : ''}>Any</option>`,
    ...states.map(
      (s) =>
        html`<option value="${s.slug}"${req.stateParam === s.slug || req.stateParam === String(s.id) ? ' selected' : ''}>${s.name}</option>`,
    ),
  ];
  const delegate = q.get('delegate') ?? '';
  const delegateOptions = [
    html`<option value="">Anyone</option>`,
    html`<option value="nobody"${delegate.toLowerCase() === 'nobody' ? ' selected' : ''}>Nobody</option>`,
    ...delegates.map(
      (u) => html`<option value="${u.id}"${delegate === String(u.id) || delegate === u.username ? ' selected' : ''}>${u.username}</option>`,
    ),
  ];
  const keep = (['series', 'order'] as const).map((k) => (q.get(k) ? html`<input type="hidden" name="${k}" value="${q.get(k)!}">` : ''));
  return html`<form class="filters" method="get" action="${ctx.path}" role="search" aria-label="Filters">
<div class="field"><label for="f-q">Search</label><input id="f-q" type="search" name="q" value="${q.get('q') ?? ''}"></div>
<div class="field"><label for="f-submitter">Submitter</label><input id="f-submitter" type="text" name="submitter" value="${q.get('submitter') ?? ''}" placeholder="email or id"></div>
<div class="field"><label for="f-state">State</label><select id="f-state" name="state">${stateOptions}</select></div>
<div class="field"><label for="f-delegate">Delegate</label><select id="f-delegate" name="delegate">${delegateOptions}</select></div>
<div class="field"><label for="f-archive">Archived</label><select id="f-archive" name="archive"><option value="false">No</option><option value="true"${req.archiveParam === 'true' ? ' selected' : ''}>Yes</option><option value="both"${req.archiveParam === 'both' ? ' selected' : ''}>Both</option></select></div>
${keep}<button type="submit">Filter</button> <a href="${ctx.path}${q.get('series') ? `?series=${q.get('series')}` : ''}">Reset</a>
</form>`;
}

function pagination(ctx: WebContext, page: number, pages: number, total: number, more: boolean): Html {
  if (pages <= 1) return html`<p class="muted">${total} patch${total === 1 ? '' : 'es'}</p>`;
  const count = more ? `more than ${total} patches` : `${total} patches`;
  const link = (n: number, label: string | number = n) =>
    n === page
      ? html`<span class="here" aria-current="page">${label}</span>`
      : html`<a href="${withParams(ctx, { page: n === 1 ? null : String(n) })}">${label}</a>`;
  const shown = new Set([1, page - 2, page - 1, page, page + 1, page + 2, ...(more ? [] : [pages])].filter((n) => n >= 1 && n <= pages));
  const items: Html[] = [];
  if (page > 1) items.push(link(page - 1, '‹ Previous'));
  let last = 0;
  for (const n of [...shown].sort((a, b) => a - b)) {
    if (n > last + 1) items.push(html`<span class="muted">…</span>`);
    items.push(link(n));
    last = n;
  }
  if (more) items.push(html`<span class="muted">…</span>`);
  if (page < pages) items.push(link(page + 1, 'Next ›'));
  return html`<nav class="pages" aria-label="Pages">${items}<span class="muted">${count}</span></nav>`;
}

function bulkControls(maintainer: boolean, states: StateRow[], delegates: UserRow[], bundles: { id: number; name: string }[]): Html {
  const properties = maintainer
    ? html`<fieldset><legend>Properties</legend>
<div class="field"><label for="b-state">State</label><select id="b-state" name="state"><option value="">No change</option>${states.map((s) => html`<option value="${s.slug}">${s.name}</option>`)}</select></div>
<div class="field"><label for="b-delegate">Delegate</label><select id="b-delegate" name="delegate"><option value="">No change</option><option value="nobody">Nobody</option>${delegates.map((u) => html`<option value="${u.id}">${u.username}</option>`)}</select></div>
<div class="field"><label for="b-archived">Archived</label><select id="b-archived" name="archived"><option value="">No change</option><option value="true">Archived</option><option value="false">Not archived</option></select></div>
<button type="submit" name="action" value="update" class="primary">Update</button></fieldset>`
    : '';
  const addTo = bundles.length
    ? html`<div class="field"><label for="b-bundle">Bundle</label><select id="b-bundle" name="bundle">${bundles.map((b) => html`<option value="${b.id}">${b.name}</option>`)}</select></div>
<button type="submit" name="action" value="bundle-add">Add to bundle</button>`
    : '';
  return html`${properties}<fieldset><legend>Bundles</legend>${addTo}
<div class="field"><label for="b-bundle-name">New bundle name</label><input id="b-bundle-name" type="text" name="bundle_name" maxlength="50"></div>
<button type="submit" name="action" value="bundle-create">Create bundle</button></fieldset>`;
}

function seriesHeader(project: ProjectRow, series: SeriesPageRow, versions: { id: number; version: number }[]): Html {
  const cover = series.cover_msgid
    ? html`<p>Cover letter: <a href="${coverPath(project.linkname, series.cover_msgid)}">${series.cover_name ?? ''}</a></p>`
    : '';
  const others =
    versions.length > 1
      ? html`<p>Revisions: ${versions.map((v) => (v.id === series.id ? html`<strong>v${v.version}</strong> ` : html`<a href="${seriesListPath(project.linkname, v.id)}">v${v.version}</a> `))}</p>`
      : '';
  return html`<h1>${series.name ?? `Untitled series #${series.id}`}</h1>
<table class="facts"><tr><th>Submitter</th><td>${personText(series.submitter_name, series.submitter_email)}</td></tr>
<tr><th>Date</th><td>${series.date.slice(0, 19).replace('T', ' ')}</td></tr>
<tr><th>Version</th><td>${series.version} (${series.total} patch${series.total === 1 ? '' : 'es'})</td></tr></table>
${cover}${others}<p>Download: <a href="${seriesMboxPath(series.id)}">series mbox</a> · <a href="${projectListPath(project.linkname)}">all patches of ${project.name}</a></p>`;
}

export function listPage(ctx: WebContext): Html {
  const { db } = ctx;
  const project = projectOr404(db, ctx.params.linkname);
  const states = listStates(db);
  const tags = columnTags(db, !!project.use_tags);
  const seriesParam = ctx.query.get('series');
  const req = parseListQuery(
    ctx.query,
    project.id,
    {
      states,
      tags,
      personByEmail: (email) => personIdByEmail(db, email),
      userByName: (name) => userIdByUsernameNocase(db, name),
    },
    { seriesView: !!seriesParam },
  );
  const series = req.filter.seriesId !== undefined ? seriesPageRow(db, req.filter.seriesId, project.id) : undefined;
  if (seriesParam && !series) throw new HttpError(404, { detail: `Project ${project.name} has no series ${seriesParam}.` });

  const size = pageSize(ctx.user);
  // Counted up to a few pages past the one asked for (see countPatches).
  const cap = (req.page + PAGES_AHEAD) * size + 1;
  const counted = countPatches(db, req.filter, cap);
  const more = counted === cap;
  const total = more ? cap - 1 : counted;
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(req.page, pages);
  const ids = patchPageIds(db, req.filter, req.order, size, (page - 1) * size, more ? null : total);
  const data = loadTable(db, ids, tags);
  const delegates = maintainersOf(db, [project.id]);
  const user = ctx.user;
  const maintainer = !!user && isMaintainer(db, project.id, user.id);
  const bundles = user ? userBundles(db, user.id, project.id) : [];

  const table = patchTable(data, { showIds: !!user?.show_ids, selectable: !!user, sortLink: sortLink(ctx, req.orderParam) });
  const here = ctx.path + (ctx.query.size ? '?' + ctx.query.toString() : '');
  const body = user
    ? html`<form method="post" action="${projectListPath(project.linkname)}" id="patch-form">${csrfField(ctx)}<input type="hidden" name="return" value="${here}">
${table}${bulkControls(maintainer, states, delegates, bundles)}</form>
${maintainer ? html`<form method="post" action="${projectListPath(project.linkname)}" id="accept-one" hidden>${csrfField(ctx)}<input type="hidden" name="return" value="${here}"><input type="hidden" name="patch" value=""><input type="hidden" name="state" value="accepted"><input type="hidden" name="action" value="update"></form>` : ''}`
    : table;
  const heading = series
    ? seriesHeader(project, series, seriesVersions(db, series.id))
    : html`<h1>${project.name}: patches</h1><p class="muted">Mailing list ${project.listemail} · <a href="${projectPath(project.linkname)}">about</a></p>`;
  return layout(
    ctx,
    series?.name ?? `${project.name} patches`,
    html`${heading}${filterForm(ctx, req, states, delegates)}${pagination(ctx, page, pages, total, more)}${body}${pagination(ctx, page, pages, total, more)}`,
  );
}
