// Every resource of the API, in the order the OpenAPI document lists them.
// The router and the document read this list; a new resource is added here.
import type { Resource } from '../resource.ts';
import { bundles } from './bundles.ts';
import { checks } from './checks.ts';
import { comments } from './comments.ts';
import { covers } from './covers.ts';
import { events } from './events.ts';
import { patches } from './patches.ts';
import { people } from './people.ts';
import { projects } from './projects.ts';
import { root } from './root.ts';
import { series } from './series.ts';
import { users } from './users.ts';

export const RESOURCES: readonly Resource[] = [root, projects, people, users, patches, checks, comments, covers, series, bundles, events];
