// Download endpoints outside the API (docs/api.md §8): patch, cover, series and
// bundle mboxes, the raw diff, the short /patch/<id>/mbox/ forms that
// redirect to them, and a project's pwclientrc; the pages are registered
// from page-routes.ts. All public except private bundles, which their owner
// fetches with the same Basic/Token credentials as the API.
import type { App, Request } from '@tinyhttp/app';
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
import { projectByLinkname } from '../db/projects.ts';
import { contextOf } from '../http/context.ts';
import { requester } from '../http/auth.ts';
import { notFound, notFoundBecause } from '../http/errors.ts';
import { intPathId, intValue } from '../http/ids.ts';
import { redirect, sendAttachment, streamAttachment } from '../http/reply.ts';
import { coverMboxPath, msgidFromSegment, patchMboxPath, patchRawPath } from '../http/urls.ts';
import { coverMbox, patchMbox, patchesMbox } from '../export/messages.ts';
import { downloadFilename } from '../mail/mbox-writer.ts';
import { pwclientrc } from './pwclientrc.ts';

/** The last value of a query parameter, as Django's QueryDict.get() reads it. */
function lastQueryValue(req: Request, name: string): string | null {
  const values = contextOf(req).query.getAll(name);
  return values.length ? values[values.length - 1] : null;
}

/** The patch ids `?series=` asks for: earlier patches of the series, then the patch. */
function withDependencies(db: Db, patch: { id: number; series_id: number | null; number: number | null }, series: string): number[] {
  if (series === '*') {
    if (patch.series_id === null) throw notFoundBecause('This patch is not part of a series, so it has no earlier patches to include.');
  } else {
    const id = intValue(series);
    if (id === null) throw notFoundBecause(`The series parameter takes a series id or '*', not '${series}'.`);
    if (patch.series_id !== id) throw notFoundBecause(`This patch is not in series ${id}.`);
  }
  // An unnumbered patch has no "earlier" patches (upstream fails with a 500 here).
  const earlier = patch.number === null ? [] : seriesPatchIdsByNumber(db, patch.series_id!, patch.number);
  return [...earlier, patch.id];
}

export function registerDownloads(app: App): void {
  app.get('/project/:linkname/patch/:msgid/mbox/', async (req, res) => {
    const { db } = contextOf(req);
    const patch = patchRefByMsgid(db, req.params.linkname, msgidFromSegment(req.params.msgid));
    if (!patch) throw notFound();
    const filename = `${downloadFilename(patch.name)}.patch`;
    const type = 'text/plain; charset=utf-8';
    const series = lastQueryValue(req, 'series');
    if (!series) return sendAttachment(res, type, filename, patchMbox(db, patch.id) ?? '');
    await streamAttachment(res, type, filename, patchesMbox(db, withDependencies(db, patch, series)));
  });

  app.get('/project/:linkname/patch/:msgid/raw/', (req, res) => {
    const { db } = contextOf(req);
    const patch = patchRefByMsgid(db, req.params.linkname, msgidFromSegment(req.params.msgid));
    if (!patch) throw notFound();
    // Upstream writes the text `None` for a patch without a diff; empty is what a client can use.
    sendAttachment(res, 'text/x-patch', `${downloadFilename(patch.name)}.diff`, patchDiff(db, patch.id) ?? '');
  });

  app.get('/project/:linkname/cover/:msgid/mbox/', (req, res) => {
    const { db } = contextOf(req);
    const cover = coverRefByMsgid(db, req.params.linkname, msgidFromSegment(req.params.msgid));
    if (!cover) throw notFound();
    sendAttachment(res, 'text/plain', `${downloadFilename(cover.name)}.mbox`, coverMbox(db, cover.id) ?? '');
  });

  app.get('/series/:id/mbox/', async (req, res) => {
    const { db } = contextOf(req);
    const series = seriesById(db, intPathId(req.params.id));
    if (!series) throw notFound();
    const name = series.name ?? `Untitled series #${series.id}`;
    await streamAttachment(res, 'text/plain', `${downloadFilename(name)}.patch`, patchesMbox(db, seriesPatchIdsByNumber(db, series.id)));
  });

  app.get('/bundle/:owner/:name/mbox/', async (req, res) => {
    const { db } = contextOf(req);
    const bundle = bundleRefByOwnerName(db, req.params.owner, req.params.name);
    if (!bundle) throw notFound();
    if (!bundle.public && (await requester(contextOf(req)))?.id !== bundle.owner_id) throw notFound();
    const filename = `bundle-${bundle.id}-${downloadFilename(bundle.name)}.mbox`;
    await streamAttachment(res, 'text/plain', filename, patchesMbox(db, bundlePatchIdsByPosition(db, bundle.id)));
  });

  app.get('/project/:linkname/pwclientrc/', (req, res) => {
    const { db } = contextOf(req);
    const project = projectByLinkname(db, req.params.linkname);
    if (!project) throw notFound();
    const root = contextOf(req).base;
    sendAttachment(res, 'text/plain', '.pwclientrc', pwclientrc(project.linkname, `${root}/api/`, new URL(root).host));
  });

  app.get('/patch/:id/mbox/', (req, res) => {
    const { db } = contextOf(req);
    const at = patchLocation(db, intPathId(req.params.id));
    if (!at) throw notFound();
    redirect(res, patchMboxPath(at.linkname, at.msgid));
  });

  app.get('/patch/:id/raw/', (req, res) => {
    const { db } = contextOf(req);
    const at = patchLocation(db, intPathId(req.params.id));
    if (!at) throw notFound();
    redirect(res, patchRawPath(at.linkname, at.msgid));
  });

  app.get('/cover/:id/mbox/', (req, res) => {
    const { db } = contextOf(req);
    const at = coverLocation(db, intPathId(req.params.id));
    if (!at) throw notFound();
    redirect(res, coverMboxPath(at.linkname, at.msgid));
  });
}
