// Every API route, registered unversioned (src/app.ts strips the version).
import type { App } from '@tinyhttp/app';
import { endpoint } from './endpoint.ts';
import { apiIndex } from './resources/index.ts';
import { registerDocs } from '../openapi/routes.ts';

export function registerApi(app: App): void {
  app.get('/api/', endpoint(apiIndex));
  registerDocs(app);
}
