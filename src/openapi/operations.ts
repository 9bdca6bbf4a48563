// The endpoint catalogue: every API path with its methods and versions, one
// file per resource under paths/, each pointing at the field tables, filter
// definitions and request schemas the endpoints themselves use.
import type { TagObject } from 'openapi3-ts/oas31';
import type { ApiVersion } from '../http/version.ts';
import type { ComponentDoc, PathDoc } from './model.ts';
import { bundleComponents, bundlePaths } from './paths/bundles.ts';
import { checkComponents, checkPaths } from './paths/checks.ts';
import { commentComponents, commentPaths } from './paths/comments.ts';
import { coverComponents, coverPaths } from './paths/covers.ts';
import { embeddedComponents } from './paths/embedded.ts';
import { eventComponents, eventPaths } from './paths/events.ts';
import { indexComponents, indexPaths } from './paths/index.ts';
import { patchComponents, patchPaths } from './paths/patches.ts';
import { personComponents, personPaths } from './paths/people.ts';
import { projectComponents, projectPaths } from './paths/projects.ts';
import { seriesComponents, seriesPaths } from './paths/series.ts';
import { userComponents, userPaths } from './paths/users.ts';

export function components(version: ApiVersion): Record<string, ComponentDoc> {
  return {
    ...indexComponents,
    ...bundleComponents,
    ...checkComponents,
    ...commentComponents,
    ...coverComponents,
    ...eventComponents(version),
    ...patchComponents,
    ...personComponents,
    ...projectComponents,
    ...seriesComponents,
    ...userComponents(version),
    ...embeddedComponents,
  };
}

export function paths(version: ApiVersion): PathDoc[] {
  return [
    ...indexPaths,
    ...bundlePaths,
    ...coverPaths,
    ...commentPaths,
    ...eventPaths,
    ...patchPaths,
    ...checkPaths,
    ...personPaths,
    ...projectPaths,
    ...seriesPaths,
    ...userPaths(version),
  ];
}

export const TAGS: TagObject[] = [
  { name: 'api', description: 'General API operations' },
  { name: 'projects', description: 'Projects (mailing lists) and their settings' },
  { name: 'people', description: 'People who sent mail (authentication required)' },
  { name: 'users', description: 'User accounts (authentication required)' },
  { name: 'patches', description: 'Patches' },
  { name: 'checks', description: 'Test results on patches' },
  { name: 'comments', description: 'Replies to patches and cover letters' },
  { name: 'covers', description: 'Cover letters' },
  { name: 'series', description: 'Series of patches' },
  { name: 'bundles', description: 'Bundles of patches' },
  { name: 'events', description: 'The event feed' },
];
