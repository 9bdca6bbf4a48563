// The patch table shared by project lists, series, bundles and the to-do
// list: its columns, sortable headers and the data that fills them, loaded
// for the page's ids in a fixed number of statements.
import type { Db } from '../db/connection.ts';
import { checkCountsOf, patchListRows, tagCountsOf, type PatchListRow } from '../db/patch-list.ts';
import { listTags, type TagRow } from '../db/tags.ts';
import { html, type Html } from './html.ts';
import { patchPath, projectListPath, seriesListPath } from '../http/urls.ts';
import { formatAddress } from '../mail/mbox-writer.ts';

export interface TableData {
  rows: PatchListRow[];
  tags: TagRow[];
  tagCounts: Map<number, Map<number, number>>;
  /** Per patch: counts of success, warning and fail among its newest checks. */
  checks: Map<number, [number, number, number]>;
}

/** Tags shown as columns; none where the project does not use tags. */
export const columnTags = (db: Db, useTags: boolean) => (useTags ? listTags(db).filter((t) => t.show_column) : []);

export function loadTable(db: Db, ids: readonly number[], tags: TagRow[]): TableData {
  const rows = patchListRows(db, ids);
  const tagCounts = new Map<number, Map<number, number>>();
  if (tags.length) {
    for (const t of tagCountsOf(db, ids)) {
      if (!tagCounts.has(t.patch_id)) tagCounts.set(t.patch_id, new Map());
      tagCounts.get(t.patch_id)!.set(t.tag_id, t.count);
    }
  }
  const checks = new Map<number, [number, number, number]>();
  for (const c of checkCountsOf(db, ids)) {
    if (c.state === 0) continue;
    if (!checks.has(c.patch_id)) checks.set(c.patch_id, [0, 0, 0]);
    checks.get(c.patch_id)![c.state - 1] = c.n;
  }
  return { rows, tags, tagCounts, checks };
}

export interface TableOptions {
  showIds: boolean;
  /** Checkboxes for the bulk forms. */
  selectable: boolean;
  /** Header link for a sort key, or null where the table cannot be sorted. */
  sortLink: ((key: string, label: string) => Html) | null;
}

const date = (stored: string) => stored.slice(0, 10);
const count = (n: number | undefined) => (n ? String(n) : '-');

function checkCell(counts: [number, number, number] | undefined): Html {
  if (!counts) return html`<td class="num wide muted" title="no checks">-</td>`;
  const [s, w, f] = counts;
  return html`<td class="num wide" title="${`${s} success, ${w} warning, ${f} fail`}"><span class="s-success">${count(s)}</span> <span class="s-warning">${count(w)}</span> <span class="s-fail">${count(f)}</span></td>`;
}

export function patchTable(data: TableData, options: TableOptions): Html {
  const head = (key: string, label: string) => (options.sortLink ? options.sortLink(key, label) : html`${label}`);
  const tagHeads = data.tags.map((t) => html`<th class="num wide" scope="col" title="${t.name}">${head(t.abbrev, t.abbrev)}</th>`);
  const rows = data.rows.map((p) => {
    const listPath = projectListPath(p.linkname);
    const counts = data.tagCounts.get(p.id);
    return html`<tr>
${options.selectable ? html`<td><input type="checkbox" name="patch" value="${p.id}" aria-label="${`Select ${p.name}`}"></td>` : ''}
${options.showIds ? html`<td class="num">${p.id}</td>` : ''}
<td class="name"><a href="${patchPath(p.linkname, p.msgid)}">${p.name}</a></td>
<td class="wide">${p.series_id === null ? '' : html`<a href="${seriesListPath(p.linkname, p.series_id)}" title="${p.series_name ?? ''}">v${p.series_version ?? 1}</a>`}</td>
${data.tags.map((t) => html`<td class="num wide">${count(counts?.get(t.id))}</td>`)}
${checkCell(data.checks.get(p.id))}
<td class="num">${date(p.date)}</td>
<td class="wide"><a href="${`${listPath}?submitter=${p.submitter_id}`}">${p.submitter_name ?? p.submitter_email}</a></td>
<td class="wide">${p.delegate ?? ''}</td>
<td>${p.state}${p.archived ? html` <span class="muted">(archived)</span>` : ''}</td>
</tr>`;
  });
  return html`<div class="scroll"><table class="patchlist">
<thead><tr>
${options.selectable ? html`<th scope="col"><input type="checkbox" data-select-all aria-label="Select all patches"></th>` : ''}
${options.showIds ? html`<th class="num" scope="col">ID</th>` : ''}
<th scope="col">${head('name', 'Patch')}</th><th class="wide" scope="col">${head('series', 'Series')}</th>${tagHeads}
<th class="num wide" scope="col">${head('checks', 'S/W/F')}</th><th scope="col">${head('date', 'Date')}</th>
<th class="wide" scope="col">${head('submitter', 'Submitter')}</th><th class="wide" scope="col">${head('delegate', 'Delegate')}</th><th scope="col">${head('state', 'State')}</th>
</tr></thead>
<tbody>
${rows}
</tbody></table></div>
${data.rows.length === 0 ? html`<p class="muted">No patches to show.</p>` : ''}`;
}

export const personText = (name: string | null, email: string) => formatAddress(name, email);
