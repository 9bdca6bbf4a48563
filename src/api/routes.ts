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
import { registerDocs } from '../openapi/routes.ts';
import { registerWrites } from './writes/routes.ts';

export function registerApi(app: App): void {
  app.get('/api/', endpoint(apiIndex));
  app.get('/api/projects/', endpoint(listProjects));
  app.get('/api/projects/:id/', endpoint(getProject));
  app.get('/api/people/', endpoint(listPeople));
  app.get('/api/people/:id/', endpoint(getPerson));
  app.get('/api/users/', endpoint(listUsers));
  app.get('/api/users/:id/', endpoint(getUser));
  app.get('/api/patches/', endpoint(listPatches));
  app.get('/api/patches/:id/', endpoint(getPatch));
  app.get('/api/patches/:id/checks/', endpoint(listChecks));
  app.get('/api/patches/:id/checks/:checkId/', endpoint(getCheck));
  app.get('/api/patches/:id/comments/', endpoint(listPatchComments));
  app.get('/api/patches/:id/comments/:commentId/', endpoint(getPatchComment));
  app.get('/api/covers/', endpoint(listCovers));
  app.get('/api/covers/:id/', endpoint(getCover));
  app.get('/api/covers/:id/comments/', endpoint(listCoverComments));
  app.get('/api/covers/:id/comments/:commentId/', endpoint(getCoverComment));
  app.get('/api/series/', endpoint(listSeries));
  app.get('/api/series/:id/', endpoint(getSeries));
  app.get('/api/bundles/', endpoint(listBundles));
  app.get('/api/bundles/:id/', endpoint(getBundle));
  app.get('/api/events/', endpoint(listEvents));
  registerDocs(app);
  // Last: it ends with the 405 fallbacks for methods no handler took.
  registerWrites(app);
}
