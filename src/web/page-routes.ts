// The web pages behind the API's `web_url` links and upstream's short forms
// (API.md §8.3). Downloads are in routes.ts.
import type { App, Request, Response } from '@tinyhttp/app';
import type { Db } from '../db/connection.ts';
import { ApiError } from '../api/errors.ts';
import { bundlePatchIdsByPosition, bundleRefByOwnerName, coverLocation, coverRefByMsgid, patchLocation, patchRefByMsgid } from '../db/downloads.ts';
import {
  commentParent,
  coverCommentsForPage,
  coverPageRow,
  patchCommentsForPage,
  patchListByIds,
  patchPageRow,
  recentPatchList,
  seriesPatchList,
} from '../db/pages.ts';
import { projectByLinkname } from '../db/projects.ts';
import { seriesById } from '../db/series.ts';
import { link, patchListPage, submissionPage } from './pages.ts';
import { bundleMboxPath, coverPath, msgidFromSegment, patchPath, seriesMboxPath } from './urls.ts';
import { parseId, redirect, requester, requireId } from './http.ts';

const notFound = () => new ApiError(404, { detail: 'Not found.' });
const RECENT = 100;

function sendHtml(res: Response, html: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(html));
  res.end(html);
}

export function registerPages(app: App, db: Db): void {
  app.get('/project/:linkname/patch/:msgid/', (req, res) => {
    const msgid = msgidFromSegment(req.params.msgid);
    const patch = patchRefByMsgid(db, req.params.linkname, msgid);
    if (patch) return sendHtml(res, submissionPage('patch', patchPageRow(db, patch.id)!, patchCommentsForPage(db, patch.id)));
    if (coverRefByMsgid(db, req.params.linkname, msgid)) return redirect(res, coverPath(req.params.linkname, msgid));
    throw notFound();
  });

  app.get('/project/:linkname/cover/:msgid/', (req, res) => {
    const msgid = msgidFromSegment(req.params.msgid);
    const cover = coverRefByMsgid(db, req.params.linkname, msgid);
    if (cover) return sendHtml(res, submissionPage('cover', coverPageRow(db, cover.id)!, coverCommentsForPage(db, cover.id)));
    if (patchRefByMsgid(db, req.params.linkname, msgid)) return redirect(res, patchPath(req.params.linkname, msgid));
    throw notFound();
  });

  app.get('/project/:linkname/list/', (req: Request, res) => {
    const project = projectByLinkname(db, req.params.linkname);
    if (!project) throw notFound();
    const seriesId = parseId(new URLSearchParams(req.url?.split('?')[1] ?? '').get('series') ?? undefined);
    const series = seriesId === null ? undefined : seriesById(db, seriesId);
    if (series && series.project_id === project.id) {
      const title = series.name ?? `Untitled series #${series.id}`;
      return sendHtml(res, patchListPage(title, project.linkname, seriesPatchList(db, project.id, series.id), [link(seriesMboxPath(series.id), 'series mbox')]));
    }
    sendHtml(res, patchListPage(`${project.name}: newest patches`, project.linkname, recentPatchList(db, project.id, RECENT)));
  });

  app.get('/bundle/:owner/:name/', (req, res) => {
    const bundle = bundleRefByOwnerName(db, req.params.owner, req.params.name);
    if (!bundle || (!bundle.public && requester(db, req)?.id !== bundle.owner_id)) throw notFound();
    const patches = patchListByIds(db, bundlePatchIdsByPosition(db, bundle.id));
    sendHtml(res, patchListPage(`Bundle ${bundle.name}`, bundle.linkname, patches, [link(bundleMboxPath(req.params.owner, bundle.name), 'mbox')]));
  });

  app.get('/patch/:id/', (req, res) => {
    const at = patchLocation(db, requireId(req.params.id));
    if (!at) throw notFound();
    redirect(res, patchPath(at.linkname, at.msgid));
  });

  app.get('/cover/:id/', (req, res) => {
    const at = coverLocation(db, requireId(req.params.id));
    if (!at) throw notFound();
    redirect(res, coverPath(at.linkname, at.msgid));
  });

  app.get('/comment/:id/', (req, res) => {
    const id = requireId(req.params.id);
    const parent = commentParent(db, id);
    const at = parent && (parent.kind === 'patch' ? patchLocation(db, parent.id) : coverLocation(db, parent.id));
    if (!parent || !at) throw notFound();
    redirect(res, (parent.kind === 'patch' ? patchPath : coverPath)(at.linkname, at.msgid) + `#${id}`);
  });
}
