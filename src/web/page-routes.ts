// The web UI's routes at upstream's URLs (docs/web.md, docs/api.md §8.3):
// browsing pages, the short redirects, and the forms (POST to the page
// they sit on). Downloads are in routes.ts.
import type { App, Request, Response } from '@tinyhttp/app';
import { coverLocation, coverRefByMsgid, patchLocation, patchRefByMsgid } from '../db/downloads.ts';
import { bundleRefByOwnerName } from '../db/downloads.ts';
import { commentParent } from '../db/pages.ts';
import { form, page } from './context.ts';
import { bundleAction, listAction, patchAction } from './actions.ts';
import { listPage } from './list-page.ts';
import { coverPage, patchPage } from './submission-page.ts';
import { bundlePage, projectPage, projectsPage } from './browse-pages.ts';
import {
  loginAction,
  loginPage,
  logoutAction,
  logoutPage,
  projectTodoPage,
  settingsAction,
  todoPage,
  tokenAction,
  userPage,
} from './user-pages.ts';
import { ICON, SCRIPT, STYLESHEET } from './assets.ts';
import { ICON_PATH, SCRIPT_PATH, STYLE_PATH } from './layout.ts';
import { bundlePath, coverPath, msgidFromSegment, patchPath } from '../http/urls.ts';
import { contextOf } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { intPathId } from '../http/ids.ts';
import { redirect } from '../http/reply.ts';

function staticFile(type: string, text: string) {
  const body = Buffer.from(text);
  return (_req: Request, res: Response) => {
    res.statusCode = 200;
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('Content-Length', body.length);
    res.end(body);
  };
}

export function registerPages(app: App): void {
  app.get(STYLE_PATH, staticFile('text/css; charset=utf-8', STYLESHEET));
  app.get(SCRIPT_PATH, staticFile('text/javascript; charset=utf-8', SCRIPT));
  app.get(ICON_PATH, staticFile('image/svg+xml', ICON));

  app.get('/', page(projectsPage));
  app.get('/project/:linkname/', page(projectPage));
  app.get('/project/:linkname/list/', page(listPage));
  app.post('/project/:linkname/list/', form(listAction));

  app.get(
    '/project/:linkname/patch/:msgid/',
    page((ctx) => {
      const msgid = msgidFromSegment(ctx.params.msgid);
      const patch = patchRefByMsgid(ctx.db, ctx.params.linkname, msgid);
      if (patch) return patchPage(ctx, patch.id);
      if (coverRefByMsgid(ctx.db, ctx.params.linkname, msgid)) return { redirect: coverPath(ctx.params.linkname, msgid) };
      throw notFound();
    }),
  );
  app.post(
    '/project/:linkname/patch/:msgid/',
    form((ctx, data) => {
      const msgid = msgidFromSegment(ctx.params.msgid);
      const patch = patchRefByMsgid(ctx.db, ctx.params.linkname, msgid);
      if (!patch) throw notFound();
      return patchAction(ctx, data, patch.id, patchPath(ctx.params.linkname, msgid));
    }),
  );

  app.get(
    '/project/:linkname/cover/:msgid/',
    page((ctx) => {
      const msgid = msgidFromSegment(ctx.params.msgid);
      const cover = coverRefByMsgid(ctx.db, ctx.params.linkname, msgid);
      if (cover) return coverPage(ctx, cover.id);
      if (patchRefByMsgid(ctx.db, ctx.params.linkname, msgid)) return { redirect: patchPath(ctx.params.linkname, msgid) };
      throw notFound();
    }),
  );

  app.get('/bundle/:owner/:name/', page(bundlePage));
  app.post(
    '/bundle/:owner/:name/',
    form((ctx, data) => {
      const bundle = bundleRefByOwnerName(ctx.db, ctx.params.owner, ctx.params.name);
      if (!bundle || (!bundle.public && ctx.user?.id !== bundle.owner_id)) throw notFound();
      return bundleAction(ctx, data, bundle.id, bundlePath(ctx.params.owner, bundle.name));
    }),
  );

  app.get(
    '/user/',
    page((ctx) => userPage(ctx)),
  );
  app.post('/user/', form(settingsAction));
  app.post('/user/token/', form(tokenAction));
  app.get('/user/todo/', page(todoPage));
  app.get('/user/todo/:linkname/', page(projectTodoPage));
  app.get(
    '/user/login/',
    page((ctx) => (ctx.user ? { redirect: '/user/' } : loginPage(ctx).page)),
  );
  app.post('/user/login/', form(loginAction));
  app.get('/user/logout/', page(logoutPage));
  app.post('/user/logout/', form(logoutAction));

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
