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
import { readEndpoint } from './resources/read.ts';
import { registerDocs } from '../openapi/routes.ts';
import { registerWrites } from './writes/routes.ts';

export function registerApi(app: App): void {
  app.get('/api/', endpoint(apiIndex));
  app.get('/api/projects/', endpoint(readEndpoint(listProjects)));
  app.get('/api/projects/:id/', endpoint(readEndpoint(getProject)));
  app.get('/api/people/', endpoint(readEndpoint(listPeople)));
  app.get('/api/people/:id/', endpoint(readEndpoint(getPerson)));
  app.get('/api/users/', endpoint(readEndpoint(listUsers)));
  app.get('/api/users/:id/', endpoint(readEndpoint(getUser)));
  app.get('/api/patches/', endpoint(readEndpoint(listPatches)));
  app.get('/api/patches/:id/', endpoint(readEndpoint(getPatch)));
  app.get('/api/patches/:id/checks/', endpoint(readEndpoint(listChecks)));
  app.get('/api/patches/:id/checks/:checkId/', endpoint(readEndpoint(getCheck)));
  app.get('/api/patches/:id/comments/', endpoint(readEndpoint(listPatchComments)));
  app.get('/api/patches/:id/comments/:commentId/', endpoint(readEndpoint(getPatchComment)));
  app.get('/api/covers/', endpoint(readEndpoint(listCovers)));
  app.get('/api/covers/:id/', endpoint(readEndpoint(getCover)));
  app.get('/api/covers/:id/comments/', endpoint(readEndpoint(listCoverComments)));
  app.get('/api/covers/:id/comments/:commentId/', endpoint(readEndpoint(getCoverComment)));
  app.get('/api/series/', endpoint(readEndpoint(listSeries)));
  app.get('/api/series/:id/', endpoint(readEndpoint(getSeries)));
  app.get('/api/bundles/', endpoint(readEndpoint(listBundles)));
  app.get('/api/bundles/:id/', endpoint(readEndpoint(getBundle)));
  app.get('/api/events/', endpoint(readEndpoint(listEvents)));
  registerDocs(app);
  // Last: it ends with the 405 fallbacks for methods no handler took.
  registerWrites(app);
}
