// The web UI's routes at upstream's URLs (docs/web.md, API.md §8.3):
// browsing pages, the short redirects, and the forms (POST to the page
// they sit on). Downloads are in routes.ts.
import type { App, Request, Response } from '@tinyhttp/app';
import { ApiError } from '../api/errors.ts';
import { coverLocation, coverRefByMsgid, patchLocation, patchRefByMsgid } from '../db/downloads.ts';
import { bundleRefByOwnerName } from '../db/downloads.ts';
import { commentParent } from '../db/pages.ts';
import { form, page, type WebOptions } from './context.ts';
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
import { SCRIPT, STYLESHEET } from './assets.ts';
import { SCRIPT_PATH, STYLE_PATH } from './layout.ts';
import { bundlePath, coverPath, msgidFromSegment, patchPath } from './urls.ts';
import { redirect, requireId } from './http.ts';

const notFound = () => new ApiError(404, { detail: 'Not found.' });

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

export function registerPages(app: App, options: WebOptions): void {
  const { db } = options;
  app.get(STYLE_PATH, staticFile('text/css; charset=utf-8', STYLESHEET));
  app.get(SCRIPT_PATH, staticFile('text/javascript; charset=utf-8', SCRIPT));

  app.get('/', page(options, projectsPage));
  app.get('/project/:linkname/', page(options, projectPage));
  app.get('/project/:linkname/list/', page(options, listPage));
  app.post('/project/:linkname/list/', form(options, listAction));

  app.get(
    '/project/:linkname/patch/:msgid/',
    page(options, (ctx) => {
      const msgid = msgidFromSegment(ctx.params.msgid);
      const patch = patchRefByMsgid(db, ctx.params.linkname, msgid);
      if (patch) return patchPage(ctx, patch.id);
      if (coverRefByMsgid(db, ctx.params.linkname, msgid)) return { redirect: coverPath(ctx.params.linkname, msgid) };
      throw notFound();
    }),
  );
  app.post(
    '/project/:linkname/patch/:msgid/',
    form(options, (ctx, data) => {
      const msgid = msgidFromSegment(ctx.params.msgid);
      const patch = patchRefByMsgid(db, ctx.params.linkname, msgid);
      if (!patch) throw notFound();
      return patchAction(ctx, data, patch.id, patchPath(ctx.params.linkname, msgid));
    }),
  );

  app.get(
    '/project/:linkname/cover/:msgid/',
    page(options, (ctx) => {
      const msgid = msgidFromSegment(ctx.params.msgid);
      const cover = coverRefByMsgid(db, ctx.params.linkname, msgid);
      if (cover) return coverPage(ctx, cover.id);
      if (patchRefByMsgid(db, ctx.params.linkname, msgid)) return { redirect: patchPath(ctx.params.linkname, msgid) };
      throw notFound();
    }),
  );

  app.get('/bundle/:owner/:name/', page(options, bundlePage));
  app.post(
    '/bundle/:owner/:name/',
    form(options, (ctx, data) => {
      const bundle = bundleRefByOwnerName(db, ctx.params.owner, ctx.params.name);
      if (!bundle || (!bundle.public && ctx.user?.id !== bundle.owner_id)) throw notFound();
      return bundleAction(ctx, data, bundle.id, bundlePath(ctx.params.owner, bundle.name));
    }),
  );

  app.get('/user/', page(options, (ctx) => userPage(ctx)));
  app.post('/user/', form(options, settingsAction));
  app.post('/user/token/', form(options, tokenAction));
  app.get('/user/todo/', page(options, todoPage));
  app.get('/user/todo/:linkname/', page(options, projectTodoPage));
  app.get('/user/login/', page(options, (ctx) => (ctx.user ? { redirect: '/user/' } : loginPage(ctx).page)));
  app.post('/user/login/', form(options, loginAction));
  app.get('/user/logout/', page(options, logoutPage));
  app.post('/user/logout/', form(options, logoutAction));

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
