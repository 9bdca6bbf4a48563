// A patch or cover letter page: facts, headers on demand, the message, the
// diff with its added and removed lines marked, checks, the series and its
// other revisions, related patches, replies, downloads, and the forms the
// visitor may use.
import type { Db } from '../db/connection.ts';
import {
  coverCommentsForPage,
  coverPageRow,
  patchChecksForPage,
  patchCommentsForPage,
  patchPageRow,
  relatedPatchesForPage,
  seriesPatchesForPage,
  seriesVersions,
  userBundles,
  type CommentPageRow,
  type SubmissionPageRow,
} from '../db/pages.ts';
import { patchById } from '../db/patches.ts';
import { maintainersOf } from '../db/projects.ts';
import { listStates } from '../db/states.ts';
import { CHECK_STATES } from '../db/checks.ts';
import { canEditPatch } from '../api/permissions.ts';
import { html, type Html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import type { WebContext } from './context.ts';
import { personText } from './patch-table.ts';
import { coverMboxPath, patchMboxPath, patchPath, patchRawPath, projectListPath, seriesListPath, seriesMboxPath } from '../http/urls.ts';

const when = (stored: string) => stored.slice(0, 19).replace('T', ' ');

/** Diff lines marked by kind; the text itself is escaped like any other. */
export function diffLines(diff: string): Html {
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return html`${lines.map((line) => {
    const kind =
      line.startsWith('+++') || line.startsWith('---') || line.startsWith('diff ') || line.startsWith('index ')
        ? 'file'
        : line.startsWith('+')
          ? 'add'
          : line.startsWith('-')
            ? 'del'
            : line.startsWith('@@')
              ? 'hunk'
              : '';
    return kind ? html`<span class="${kind}">${line}</span>\n` : html`${line}\n`;
  })}`;
}

function comments(rows: readonly CommentPageRow[]): Html | '' {
  if (rows.length === 0) return '';
  return html`<h2>Comments</h2>
${rows.map((c) => html`<article class="comment" id="${c.id}"><p><strong>${personText(c.submitter_name, c.submitter_email)}</strong> <span class="muted">${when(c.date)}</span> <a href="${`#${c.id}`}" aria-label="Link to this comment">#</a></p>${c.content ? html`<pre class="text">${c.content}</pre>` : ''}</article>`)}`;
}

function checksTable(db: Db, patchId: number): Html | '' {
  const checks = patchChecksForPage(db, patchId);
  if (checks.length === 0) return '';
  return html`<h2>Checks</h2><div class="scroll"><table><thead><tr><th scope="col">Context</th><th scope="col">State</th><th scope="col">Description</th><th scope="col">By</th><th scope="col">Date</th></tr></thead><tbody>
${checks.map((c) => {
  const state = CHECK_STATES[c.state];
  const description = c.description || c.target_url || '';
  return html`<tr><td>${c.context}</td><td class="${`s-${state}`}">${state}</td><td>${c.target_url && /^https?:\/\//i.test(c.target_url) ? html`<a href="${c.target_url}" rel="nofollow noopener">${description}</a>` : description}</td><td>${c.username}</td><td class="num">${when(c.date)}</td></tr>`;
})}</tbody></table></div>`;
}

function seriesBox(db: Db, row: SubmissionPageRow, kind: 'patch' | 'cover'): Html | '' {
  if (row.series_id === null) return '';
  const patches = seriesPatchesForPage(db, row.series_id);
  const versions = seriesVersions(db, row.series_id);
  return html`<h2>Series</h2><p><a href="${seriesListPath(row.linkname, row.series_id)}">${row.series_name ?? `Untitled series #${row.series_id}`}</a>
${versions.length > 1 ? html` · revisions: ${versions.map((v) => (v.id === row.series_id ? html`<strong>v${v.version}</strong> ` : html`<a href="${seriesListPath(row.linkname, v.id)}">v${v.version}</a> `))}` : ''}</p>
<ol class="series">${patches.map((p) => html`<li>${kind === 'patch' && p.id === row.id ? html`<strong>${p.name}</strong>` : html`<a href="${patchPath(p.linkname, p.msgid)}">${p.name}</a>`} <span class="muted">${p.state ?? ''}</span></li>`)}</ol>`;
}

function relatedBox(db: Db, patchId: number): Html | '' {
  const related = relatedPatchesForPage(db, patchId);
  if (related.length === 0) return '';
  return html`<h2>Related patches</h2><ul>${related.map((p) => html`<li><a href="${patchPath(p.linkname, p.msgid)}">${p.name}</a> <span class="muted">${p.linkname} · ${p.state ?? ''}</span></li>`)}</ul>`;
}

function patchForm(ctx: WebContext, row: SubmissionPageRow, projectId: number, delegateId: number | null): Html {
  const states = listStates(ctx.db);
  const delegates = maintainersOf(ctx.db, [projectId]);
  return html`<form method="post" action="${patchPath(row.linkname, row.msgid)}" aria-label="Patch properties"><fieldset><legend>Change this patch</legend>${csrfField(ctx)}
<div class="field"><label for="p-state">State</label><select id="p-state" name="state">${states.map((s) => html`<option value="${s.slug}"${s.name === row.state ? ' selected' : ''}>${s.name}</option>`)}</select></div>
<div class="field"><label for="p-delegate">Delegate</label><select id="p-delegate" name="delegate"><option value="nobody"${delegateId === null ? ' selected' : ''}>Nobody</option>${delegates.map((u) => html`<option value="${u.id}"${u.id === delegateId ? ' selected' : ''}>${u.username}</option>`)}${delegateId !== null && !delegates.some((u) => u.id === delegateId) ? html`<option value="${delegateId}" selected>${row.delegate ?? ''}</option>` : ''}</select></div>
<input type="hidden" name="archived" value="false"><label class="inline"><input type="checkbox" name="archived" value="true"${row.archived ? ' checked' : ''}>Archived</label>
<div class="field"><label for="p-commit-ref">Commit ref</label><input id="p-commit-ref" type="text" name="commit_ref" value="${row.commit_ref ?? ''}" maxlength="255"></div>
<button type="submit" name="action" value="update" class="primary">Update</button></fieldset></form>`;
}

function bundleForm(ctx: WebContext, row: SubmissionPageRow, projectId: number): Html {
  const bundles = userBundles(ctx.db, ctx.user!.id, projectId);
  return html`<form method="post" action="${patchPath(row.linkname, row.msgid)}" aria-label="Bundles"><fieldset><legend>Bundles</legend>${csrfField(ctx)}
${bundles.length ? html`<div class="field"><label for="pb-bundle">Bundle</label><select id="pb-bundle" name="bundle">${bundles.map((b) => html`<option value="${b.id}">${b.name}</option>`)}</select></div><button type="submit" name="action" value="bundle-add">Add to bundle</button>` : ''}
<div class="field"><label for="pb-bundle-name">New bundle name</label><input id="pb-bundle-name" type="text" name="bundle_name" maxlength="50"></div><button type="submit" name="action" value="bundle-create">Create bundle</button></fieldset></form>`;
}

function facts(row: SubmissionPageRow, kind: 'patch' | 'cover'): Html {
  const items: [string, Html | string][] = [
    ['Project', html`<a href="${projectListPath(row.linkname)}">${row.project_name}</a>`],
    ['Submitter', personText(row.submitter_name, row.submitter_email)],
    ['Date', when(row.date)],
    ['Message-ID', row.msgid],
  ];
  if (kind === 'patch') {
    items.push(['State', html`${row.state ?? ''}${row.archived ? ' (archived)' : ''}`]);
    items.push(['Delegate', row.delegate ?? 'Nobody']);
    if (row.commit_ref) items.push(['Commit', row.commit_ref]);
  }
  const downloads =
    kind === 'patch'
      ? [
          html`<a href="${patchMboxPath(row.linkname, row.msgid)}">mbox</a>`,
          html`<a href="${patchRawPath(row.linkname, row.msgid)}">diff</a>`,
        ]
      : [html`<a href="${coverMboxPath(row.linkname, row.msgid)}">mbox</a>`];
  if (row.series_id !== null) downloads.push(html`<a href="${seriesMboxPath(row.series_id)}">series mbox</a>`);
  items.push(['Download', html`${downloads.map((d, i) => html`${i ? ' · ' : ''}${d}`)}`]);
  return html`<table class="facts">${items.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</table>
<details><summary>Headers</summary><pre class="text">${row.headers}</pre></details>`;
}

export function patchPage(ctx: WebContext, patchId: number): Html {
  const row = patchPageRow(ctx.db, patchId)!;
  const patch = patchById(ctx.db, patchId)!;
  const editable = canEditPatch(ctx.db, ctx.user, patch);
  return layout(
    ctx,
    row.name,
    html`<h1>${row.name}</h1>${facts(row, 'patch')}
${editable ? patchForm(ctx, row, patch.project_id, patch.delegate_id) : ''}
${ctx.user ? bundleForm(ctx, row, patch.project_id) : ''}
${seriesBox(ctx.db, row, 'patch')}${relatedBox(ctx.db, patchId)}${checksTable(ctx.db, patchId)}
<h2>Commit message</h2>${row.content ? html`<pre class="text">${row.content}</pre>` : html`<p class="muted">(empty)</p>`}
${row.diff ? html`<h2>Diff</h2><pre class="diff">${diffLines(row.diff)}</pre>` : ''}
${comments(patchCommentsForPage(ctx.db, patchId))}`,
  );
}

export function coverPage(ctx: WebContext, coverId: number): Html {
  const row = coverPageRow(ctx.db, coverId)!;
  return layout(
    ctx,
    row.name,
    html`<h1>${row.name}</h1>${facts(row, 'cover')}${seriesBox(ctx.db, row, 'cover')}
<h2>Message</h2>${row.content ? html`<pre class="text">${row.content}</pre>` : html`<p class="muted">(empty)</p>`}
${comments(coverCommentsForPage(ctx.db, coverId))}`,
  );
}
