// Write routes (API.md §5), then the 405 fallbacks for every API route.
import type { App } from '@tinyhttp/app';
import { endpoint } from '../endpoint.ts';
import { registerMethodFallbacks } from '../methods.ts';
import { updateProjectEndpoint } from './projects.ts';
import { updateUserEndpoint } from './users.ts';
import { updatePatchEndpoint } from './patches.ts';
import { createCheckEndpoint } from './checks.ts';
import { updateCommentEndpoint } from './comments.ts';
import { createBundleEndpoint, deleteBundleEndpoint, updateBundleEndpoint } from './bundles.ts';

export function registerWrites(app: App): void {
  for (const method of ['put', 'patch'] as const) {
    app[method]('/api/projects/:id/', endpoint(updateProjectEndpoint));
    app[method]('/api/users/:id/', endpoint(updateUserEndpoint));
    app[method]('/api/patches/:id/', endpoint(updatePatchEndpoint));
    app[method]('/api/patches/:id/comments/:commentId/', endpoint(updateCommentEndpoint('patch')));
    app[method]('/api/covers/:id/comments/:commentId/', endpoint(updateCommentEndpoint('cover')));
    app[method]('/api/bundles/:id/', endpoint(updateBundleEndpoint));
  }
  app.post('/api/patches/:id/checks/', endpoint(createCheckEndpoint));
  app.post('/api/bundles/', endpoint(createBundleEndpoint));
  app.delete('/api/bundles/:id/', endpoint(deleteBundleEndpoint));
  registerMethodFallbacks(app);
}
