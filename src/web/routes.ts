// Download endpoints outside the API (API.md §8): patch, cover, series and
// bundle mboxes, the raw diff, the short /patch/<id>/mbox/ forms that
// redirect to them, and a project's pwclientrc; the pages are registered
// from page-routes.ts. All public except private bundles, which their owner
// fetches with the same Basic/Token credentials as the API.
import type { App, Request, Response } from '@tinyhttp/app';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/connection.ts';
import {
  bundlePatchIdsByPosition,
  bundleRefByOwnerName,
  coverLocation,
  coverRefByMsgid,
  patchDiff,
  patchLocation,
  patchRefByMsgid,
  seriesPatchIdsByNumber,
} from '../db/downloads.ts';
import { seriesById } from '../db/series.ts';
import { ApiError } from '../api/errors.ts';
import { coverMbox, patchMbox, patchesMbox } from './messages.ts';
import { downloadFilename } from './mbox.ts';
import { coverMboxPath, msgidFromSegment, patchMboxPath, patchRawPath } from './urls.ts';
import { pwclientrc } from './pwclientrc.ts';
import { parseId, redirect, requester, requireId } from './http.ts';
import { registerPages } from './page-routes.ts';
import { projectByLinkname } from '../db/projects.ts';

const notFound = (detail = 'Not found.') => new ApiError(404, { detail });

function sendText(res: Response, type: string, filename: string, text: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename=${filename}`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Sends a generated mbox as it is produced: chunked, with backpressure. */
async function streamText(res: Response, type: string, filename: string, chunks: Iterable<string>): Promise<void> {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename=${filename}`);
  try {
    await pipeline(Readable.from(chunks), res);
  } catch (err) {
    // A client that hangs up mid-download is not a server error.
    if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  }
}

/** The last value of a query parameter, as Django's QueryDict.get() reads it. */
function lastQueryValue(req: Request, name: string): string | null {
  const q = req.url?.indexOf('?') ?? -1;
  if (q < 0) return null;
  const values = new URLSearchParams(req.url!.slice(q)).getAll(name);
  return values.length ? values[values.length - 1] : null;
}

/** The patch ids `?series=` asks for: earlier patches of the series, then the patch. */
function withDependencies(db: Db, patch: { id: number; series_id: number | null; number: number | null }, series: string): number[] {
  if (series === '*') {
    if (patch.series_id === null) throw notFound('This patch is not part of a series, so it has no earlier patches to include.');
  } else {
    const id = parseId(series);
    if (id === null) throw notFound(`The series parameter takes a series id or '*', not '${series}'.`);
    if (patch.series_id !== id) throw notFound(`This patch is not in series ${id}.`);
  }
  // An unnumbered patch has no "earlier" patches (upstream fails with a 500 here).
  const earlier = patch.number === null ? [] : seriesPatchIdsByNumber(db, patch.series_id!, patch.number);
  return [...earlier, patch.id];
}

export interface WebOptions {
  db: Db;
  /** Public base URL behind a reverse proxy; else the request's Host. */
  baseUrl?: string;
}

export function registerWeb(app: App, { db, baseUrl }: WebOptions): void {
  registerPages(app, { db, baseUrl });
  const base = (req: Request) => baseUrl?.replace(/\/+$/, '') ?? `http://${req.headers.host ?? 'localhost'}`;

  app.get('/project/:linkname/patch/:msgid/mbox/', async (req, res) => {
    const patch = patchRefByMsgid(db, req.params.linkname, msgidFromSegment(req.params.msgid));
    if (!patch) throw notFound();
    const filename = `${downloadFilename(patch.name)}.patch`;
    const type = 'text/plain; charset=utf-8';
    const series = lastQueryValue(req, 'series');
    if (!series) return sendText(res, type, filename, patchMbox(db, patch.id) ?? '');
    await streamText(res, type, filename, patchesMbox(db, withDependencies(db, patch, series)));
  });

  app.get('/project/:linkname/patch/:msgid/raw/', (req, res) => {
    const patch = patchRefByMsgid(db, req.params.linkname, msgidFromSegment(req.params.msgid));
    if (!patch) throw notFound();
    // Upstream writes the text `None` for a patch without a diff; empty is what a client can use.
    sendText(res, 'text/x-patch', `${downloadFilename(patch.name)}.diff`, patchDiff(db, patch.id) ?? '');
  });

  app.get('/project/:linkname/cover/:msgid/mbox/', (req, res) => {
    const cover = coverRefByMsgid(db, req.params.linkname, msgidFromSegment(req.params.msgid));
    if (!cover) throw notFound();
    sendText(res, 'text/plain', `${downloadFilename(cover.name)}.mbox`, coverMbox(db, cover.id) ?? '');
  });

  app.get('/series/:id/mbox/', async (req, res) => {
    const series = seriesById(db, requireId(req.params.id));
    if (!series) throw notFound();
    const name = series.name ?? `Untitled series #${series.id}`;
    await streamText(res, 'text/plain', `${downloadFilename(name)}.patch`, patchesMbox(db, seriesPatchIdsByNumber(db, series.id)));
  });

  app.get('/bundle/:owner/:name/mbox/', async (req, res) => {
    const bundle = bundleRefByOwnerName(db, req.params.owner, req.params.name);
    if (!bundle) throw notFound();
    if (!bundle.public && requester(db, req)?.id !== bundle.owner_id) throw notFound();
    const filename = `bundle-${bundle.id}-${downloadFilename(bundle.name)}.mbox`;
    await streamText(res, 'text/plain', filename, patchesMbox(db, bundlePatchIdsByPosition(db, bundle.id)));
  });

  app.get('/project/:linkname/pwclientrc/', (req, res) => {
    const project = projectByLinkname(db, req.params.linkname);
    if (!project) throw notFound();
    const root = base(req);
    sendText(res, 'text/plain', '.pwclientrc', pwclientrc(project.linkname, `${root}/api/`, new URL(root).host));
  });

  app.get('/patch/:id/mbox/', (req, res) => {
    const at = patchLocation(db, requireId(req.params.id));
    if (!at) throw notFound();
    redirect(res, patchMboxPath(at.linkname, at.msgid));
  });

  app.get('/patch/:id/raw/', (req, res) => {
    const at = patchLocation(db, requireId(req.params.id));
    if (!at) throw notFound();
    redirect(res, patchRawPath(at.linkname, at.msgid));
  });

  app.get('/cover/:id/mbox/', (req, res) => {
    const at = coverLocation(db, requireId(req.params.id));
    if (!at) throw notFound();
    redirect(res, coverMboxPath(at.linkname, at.msgid));
  });
}
