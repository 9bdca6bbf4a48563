// Plain HTML pages for the `web_url` links the API hands out (API.md §1.5,
// §8.3): a patch or cover letter with its comments and downloads, and patch
// lists for a series or a bundle. Pure rendering; every text is escaped.
import type { CommentPageRow, PatchListRow, SubmissionPageRow } from '../db/pages.ts';
import { escapeHtml } from '../http/html.ts';
import { toApi } from '../util/time.ts';
import { formatAddress } from '../mail/mbox-writer.ts';
import { coverMboxPath, patchMboxPath, patchPath, patchRawPath, seriesListPath, seriesMboxPath } from '../http/urls.ts';

const STYLE =
  'body{font-family:sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem}' +
  'pre{background:#f6f6f6;padding:.5rem;overflow-x:auto;white-space:pre-wrap}' +
  'table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left;border-bottom:1px solid #ddd}' +
  '.comment{border-left:3px solid #ccc;padding-left:.8rem;margin:1rem 0}';

function layout(title: string, body: string): string {
  return (
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    `<style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`
  );
}

export const link = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
const person = (name: string | null, email: string) => escapeHtml(formatAddress(name, email));
const pre = (text: string | null) => (text ? `<pre>${escapeHtml(text)}</pre>` : '');

function comments(rows: readonly CommentPageRow[]): string {
  if (rows.length === 0) return '';
  const items = rows.map(
    (c) =>
      `<div class="comment" id="${c.id}"><p>${person(c.submitter_name, c.submitter_email)} — ${toApi(c.date)}</p>${pre(c.content)}</div>`,
  );
  return `<h2>Comments</h2>\n${items.join('\n')}`;
}

export function submissionPage(kind: 'patch' | 'cover', row: SubmissionPageRow, replies: readonly CommentPageRow[]): string {
  const facts: [string, string][] = [
    ['Project', escapeHtml(row.project_name)],
    ['Submitter', person(row.submitter_name, row.submitter_email)],
    ['Date', toApi(row.date)],
    ['Message-ID', escapeHtml(row.msgid)],
  ];
  if (kind === 'patch') {
    facts.push(['State', escapeHtml(row.state ?? '') + (row.archived ? ' (archived)' : '')]);
    facts.push(['Delegate', escapeHtml(row.delegate ?? '')]);
    if (row.commit_ref) facts.push(['Commit', escapeHtml(row.commit_ref)]);
  }
  if (row.series_id !== null) {
    facts.push(['Series', link(seriesListPath(row.linkname, row.series_id), row.series_name ?? `Untitled series #${row.series_id}`)]);
  }
  const downloads =
    kind === 'patch'
      ? [link(patchMboxPath(row.linkname, row.msgid), 'mbox'), link(patchRawPath(row.linkname, row.msgid), 'diff')]
      : [link(coverMboxPath(row.linkname, row.msgid), 'mbox')];
  if (row.series_id !== null) downloads.push(link(seriesMboxPath(row.series_id), 'series mbox'));
  const table = facts.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('');
  return layout(
    row.name,
    `<h1>${escapeHtml(row.name)}</h1>\n<table>${table}</table>\n<p>Download: ${downloads.join(' · ')}</p>\n` +
      `<h2>${kind === 'patch' ? 'Commit message' : 'Message'}</h2>\n${pre(row.content)}\n` +
      (row.diff ? `<h2>Diff</h2>\n${pre(row.diff)}\n` : '') +
      comments(replies),
  );
}

export function patchListPage(title: string, linkname: string, rows: readonly PatchListRow[], downloads: string[] = []): string {
  const body = rows
    .map(
      (p) =>
        `<tr><td>${link(patchPath(linkname, p.msgid), p.name)}</td><td>${person(p.submitter_name, p.submitter_email)}</td>` +
        `<td>${escapeHtml(p.state)}</td><td>${toApi(p.date)}</td></tr>`,
    )
    .join('\n');
  const more = downloads.length ? `<p>Download: ${downloads.join(' · ')}</p>\n` : '';
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>\n${more}<table><tr><th>Patch</th><th>Submitter</th><th>State</th><th>Date</th></tr>\n${body}</table>`,
  );
}

