// How an API resource is declared: its routes, the methods each takes and
// from which version, the handlers, and the words the OpenAPI document uses.
// Fields, filters and orderings are declared beside them (fields.ts,
// filters.ts, list.ts). The router (router.ts) and the document
// (src/openapi/) are derived from these declarations; nothing else lists
// a route, a method or a version.
import type { SchemaObject, TagObject } from 'openapi3-ts/oas31';
import type { ApiContext } from '../http/context.ts';
import { hasVersion, type ApiVersion, type VersionName } from '../http/version.ts';
import type { Reply } from './endpoint.ts';
import type { Field } from './fields.ts';
import type { ListDef } from './list.ts';
import type { WriteInput } from './write.ts';

export type Params = Record<string, string>;

/** A value that may differ by API version. */
export type ByVersion<T> = T | ((version: ApiVersion) => T);

export const byVersion = <T>(value: ByVersion<T>, version: ApiVersion): T =>
  typeof value === 'function' ? (value as (v: ApiVersion) => T)(version) : value;

export type ErrorName = 'Forbidden' | 'NotFound' | 'UnsupportedMediaType' | 'PayloadTooLarge' | 'Conflict';

interface Words {
  operationId: string;
  summary: string;
  description: string;
}

export interface ReadOp extends Words {
  handler: (ctx: ApiContext, params: Params) => Reply;
  /** Component name of the body (of each item, for a list). */
  component: ByVersion<string>;
  /** What the body is, when not 'the object' (or a page of results). */
  response?: string;
  /** A paginated list: its filters, orderings and search. */
  list?: ListDef<unknown, string>;
}

/** What a write accepts: the `write` schemas of a field table. */
export interface RequestDecl {
  fields: readonly Field<never>[];
  /** Component names of the body and of its 400 body (field → messages). */
  component: string;
  errorComponent: string;
  /** For a create; an update's body is 'the fields of the <what> to change'. */
  description?: string;
}

export type WriteHandler = (ctx: ApiContext, params: Params, input: WriteInput) => Reply | Promise<Reply>;

export interface WriteOp {
  handler: WriteHandler;
  /** First version that takes the method; older ones answer 405. */
  since?: VersionName;
  /** Errors besides the ones every write may answer. */
  errors?: readonly ErrorName[];
}

/** POST: a new object, answered 201 with its Location. */
export interface CreateOp extends WriteOp, Words {
  /** What is created: 'check' → 'The new check'. */
  what: string;
  request: RequestDecl;
  component: string;
}

/** PUT and PATCH: a full and a partial update of the same fields. */
export interface UpdateOp extends WriteOp {
  /** Prefix of the two operation ids: 'patches' → patches_update, patches_partial_update. */
  operationIds: string;
  what: string;
  description: string;
  request: RequestDecl;
  component: ByVersion<string>;
}

export interface DeleteOp extends WriteOp, Words {}

export interface PathParam {
  name: string;
  description: string;
  schema: SchemaObject;
}

export interface Route {
  /** Relative to /api/{version}/, with its slash: 'patches/:id/'. */
  path: string;
  /** First version that has the route; older ones answer 404. */
  since?: VersionName;
  /** users/ and people/: anonymous reads are 404, anonymous writes 403. */
  authenticated?: boolean;
  /** Path parameters that take any text (projects/<linkname>/); others take digits only. */
  anyKey?: boolean;
  params?: readonly PathParam[];
  get: ReadOp;
  create?: CreateOp;
  update?: UpdateOp;
  delete?: DeleteOp;
}

/** A response schema: from a field table, or a schema of its own. */
export type ComponentDoc =
  | { title: string; description: string; fields: readonly Field<never>[]; detail?: boolean }
  | { schema: SchemaObject };

export interface Resource {
  tag: TagObject;
  routes: readonly Route[];
  components: ByVersion<Record<string, ComponentDoc>>;
}

/** An integer id in a path. */
export const idParam = (what: string, name = 'id'): PathParam => ({
  name,
  description: `A unique integer value identifying this ${what}.`,
  schema: { type: 'integer', minimum: 0 },
});

/** Methods in DRF's order, as the Allow header lists them. */
export function allowedMethods(route: Route, version: ApiVersion): string[] {
  const open = (op?: WriteOp) => !!op && hasVersion(version, op.since);
  return [
    'GET',
    ...(open(route.create) ? ['POST'] : []),
    ...(open(route.update) ? ['PUT', 'PATCH'] : []),
    ...(open(route.delete) ? ['DELETE'] : []),
    'HEAD',
    'OPTIONS',
  ];
}
