// The web pages behind the API's `web_url` links and upstream's short forms
// (API.md §8.3). Downloads are in routes.ts.
import type { App } from '@tinyhttp/app';
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
import { requester } from '../http/auth.ts';
import { contextOf } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { intPathId, intValue } from '../http/ids.ts';
import { redirect, sendHtml } from '../http/reply.ts';
import { bundleMboxPath, coverPath, msgidFromSegment, patchPath, seriesMboxPath } from '../http/urls.ts';
import { link, patchListPage, submissionPage } from './pages.ts';

const RECENT = 100;

export function registerPages(app: App): void {
  app.get('/project/:linkname/patch/:msgid/', (req, res) => {
    const { db } = contextOf(req);
    const msgid = msgidFromSegment(req.params.msgid);
    const patch = patchRefByMsgid(db, req.params.linkname, msgid);
    if (patch) return sendHtml(res, submissionPage('patch', patchPageRow(db, patch.id)!, patchCommentsForPage(db, patch.id)));
    if (coverRefByMsgid(db, req.params.linkname, msgid)) return redirect(res, coverPath(req.params.linkname, msgid));
    throw notFound();
  });

  app.get('/project/:linkname/cover/:msgid/', (req, res) => {
    const { db } = contextOf(req);
    const msgid = msgidFromSegment(req.params.msgid);
    const cover = coverRefByMsgid(db, req.params.linkname, msgid);
    if (cover) return sendHtml(res, submissionPage('cover', coverPageRow(db, cover.id)!, coverCommentsForPage(db, cover.id)));
    if (patchRefByMsgid(db, req.params.linkname, msgid)) return redirect(res, patchPath(req.params.linkname, msgid));
    throw notFound();
  });

  app.get('/project/:linkname/list/', (req, res) => {
    const { db } = contextOf(req);
    const project = projectByLinkname(db, req.params.linkname);
    if (!project) throw notFound();
    const seriesId = intValue(contextOf(req).query.get('series'));
    const series = seriesId === null ? undefined : seriesById(db, seriesId);
    if (series && series.project_id === project.id) {
      const title = series.name ?? `Untitled series #${series.id}`;
      return sendHtml(res, patchListPage(title, project.linkname, seriesPatchList(db, project.id, series.id), [link(seriesMboxPath(series.id), 'series mbox')]));
    }
    sendHtml(res, patchListPage(`${project.name}: newest patches`, project.linkname, recentPatchList(db, project.id, RECENT)));
  });

  app.get('/bundle/:owner/:name/', (req, res) => {
    const { db } = contextOf(req);
    const bundle = bundleRefByOwnerName(db, req.params.owner, req.params.name);
    if (!bundle || (!bundle.public && requester(db, req.headers.authorization)?.id !== bundle.owner_id)) throw notFound();
    const patches = patchListByIds(db, bundlePatchIdsByPosition(db, bundle.id));
    sendHtml(res, patchListPage(`Bundle ${bundle.name}`, bundle.linkname, patches, [link(bundleMboxPath(req.params.owner, bundle.name), 'mbox')]));
  });

  app.get('/patch/:id/', (req, res) => {
    const { db } = contextOf(req);
    const at = patchLocation(db, intPathId(req.params.id));
    if (!at) throw notFound();
    redirect(res, patchPath(at.linkname, at.msgid));
  });

  app.get('/cover/:id/', (req, res) => {
    const { db } = contextOf(req);
    const at = coverLocation(db, intPathId(req.params.id));
    if (!at) throw notFound();
    redirect(res, coverPath(at.linkname, at.msgid));
  });

  app.get('/comment/:id/', (req, res) => {
    const { db } = contextOf(req);
    const id = intPathId(req.params.id);
    const parent = commentParent(db, id);
    const at = parent && (parent.kind === 'patch' ? patchLocation(db, parent.id) : coverLocation(db, parent.id));
    if (!parent || !at) throw notFound();
    redirect(res, (parent.kind === 'patch' ? patchPath : coverPath)(at.linkname, at.msgid) + `#${id}`);
  });
}
