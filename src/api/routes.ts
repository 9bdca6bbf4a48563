// Every API route, registered unversioned (src/app.ts strips the version).
import type { App } from '@tinyhttp/app';
import { endpoint } from './endpoint.ts';
import { apiIndex } from './resources/index.ts';
import { getProject, listProjects } from './resources/projects.ts';
import { getPerson, listPeople } from './resources/people.ts';
import { getUser, listUsers } from './resources/users.ts';
import { getPatch, listPatches } from './resources/patches.ts';
import { getCheck, listChecks } from './resources/checks.ts';
import { getCoverComment, getPatchComment, listCoverComments, listPatchComments } from './resources/comments.ts';
import { getCover, listCovers } from './resources/covers.ts';
import { getSeries, listSeries } from './resources/series.ts';
import { getBundle, listBundles } from './resources/bundles.ts';
import { listEvents } from './resources/events.ts';
import { readRoute } from './resources/read.ts';
import { registerWrites } from './writes/routes.ts';

export function registerApi(app: App): void {
  app.get('/api/', endpoint(apiIndex));
  app.get('/api/projects/', readRoute(listProjects));
  app.get('/api/projects/:id/', readRoute(getProject));
  app.get('/api/people/', readRoute(listPeople));
  app.get('/api/people/:id/', readRoute(getPerson));
  app.get('/api/users/', readRoute(listUsers));
  app.get('/api/users/:id/', readRoute(getUser));
  app.get('/api/patches/', readRoute(listPatches));
  app.get('/api/patches/:id/', readRoute(getPatch));
  app.get('/api/patches/:id/checks/', readRoute(listChecks));
  app.get('/api/patches/:id/checks/:checkId/', readRoute(getCheck));
  app.get('/api/patches/:id/comments/', readRoute(listPatchComments));
  app.get('/api/patches/:id/comments/:commentId/', readRoute(getPatchComment));
  app.get('/api/covers/', readRoute(listCovers));
  app.get('/api/covers/:id/', readRoute(getCover));
  app.get('/api/covers/:id/comments/', readRoute(listCoverComments));
  app.get('/api/covers/:id/comments/:commentId/', readRoute(getCoverComment));
  app.get('/api/series/', readRoute(listSeries));
  app.get('/api/series/:id/', readRoute(getSeries));
  app.get('/api/bundles/', readRoute(listBundles));
  app.get('/api/bundles/:id/', readRoute(getBundle));
  app.get('/api/events/', readRoute(listEvents));
  // Last: it ends with the 405 fallbacks for methods no handler took.
  registerWrites(app);
}
