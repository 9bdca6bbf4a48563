// The endpoint catalogue of one version, read off the resource declarations
// (src/api/resources/): every route with the methods that version takes,
// the response components, the request bodies from the fields' write
// schemas, and the list parameters from the list definitions.
import type { TagObject } from 'openapi3-ts/oas31';
import type { ApiVersion } from '../http/version.ts';
import { requiredFields, writeSchemas } from '../api/fields.ts';
import { byVersion, type ComponentDoc, type RequestDecl, type Resource, type Route } from '../api/resource.ts';
import { EMBEDDED_SHAPES } from '../api/resources/embedded.ts';
import { RESOURCES } from '../api/resources/index.ts';
import { listDoc, WRITE_ERRORS } from './catalog.ts';
import type { OperationDoc, PathDoc, RequestDoc } from './model.ts';

const EMBEDDED_WHAT: Record<keyof typeof EMBEDDED_SHAPES, string> = {
  ProjectEmbedded: 'project',
  PersonEmbedded: 'person',
  UserEmbedded: 'user',
  PatchEmbedded: 'patch',
  CoverEmbedded: 'cover letter',
  SeriesEmbedded: 'series',
  CommentEmbedded: 'comment',
  CheckEmbedded: 'check',
};

export function components(version: ApiVersion): Record<string, ComponentDoc> {
  const out: Record<string, ComponentDoc> = {};
  for (const resource of RESOURCES) Object.assign(out, byVersion(resource.components, version));
  for (const [name, fields] of Object.entries(EMBEDDED_SHAPES)) {
    const what = EMBEDDED_WHAT[name as keyof typeof EMBEDDED_SHAPES];
    out[name] = { title: name, description: `A ${what}, as other objects embed it.`, fields };
  }
  return out;
}

function request(decl: RequestDecl, version: ApiVersion, description: string, required: boolean): RequestDoc {
  return {
    component: decl.component,
    errorComponent: decl.errorComponent,
    fields: writeSchemas(decl.fields, version),
    required: required ? requiredFields(decl.fields, version) : [],
    forms: true,
    description,
  };
}

function operations(route: Route, version: ApiVersion): OperationDoc[] {
  const { get, create, update } = route;
  const auth = route.authenticated ? 'required' : 'optional';
  const hasId = (route.params?.length ?? 0) > 0;
  const ops: OperationDoc[] = [
    get.list
      ? {
          method: 'get',
          ...words(get),
          auth,
          response: { status: 200, description: 'One page of results', component: byVersion(get.component, version), list: listDoc(get.list) },
          errors: hasId || route.authenticated ? ['Forbidden', 'NotFound'] : ['Forbidden'],
        }
      : {
          method: 'get',
          ...words(get),
          auth,
          response: { status: 200, description: get.response ?? 'The object', component: byVersion(get.component, version) },
          errors: hasId ? ['Forbidden', 'NotFound'] : ['Forbidden'],
        },
  ];
  if (create) {
    ops.push({
      method: 'post',
      since: create.since,
      ...words(create),
      auth: 'required',
      request: request(create.request, version, create.request.description ?? '', true),
      response: { status: 201, description: `The new ${create.what}`, component: create.component, location: true },
      errors: [...WRITE_ERRORS, ...(create.errors ?? [])],
    });
  }
  if (update) {
    const body = `The fields of the ${update.what} to change.`;
    const putRequired = requiredFields(update.request.fields, version);
    const response = { status: 200, description: `The updated ${update.what}`, component: byVersion(update.component, version) };
    const errors = [...WRITE_ERRORS, ...(update.errors ?? [])];
    ops.push(
      {
        method: 'patch',
        since: update.since,
        operationId: `${update.operationIds}_partial_update`,
        summary: `Update a ${update.what} (partial).`,
        description: `${update.description} Fields left out keep their value.`,
        auth: 'required',
        request: request(update.request, version, body, false),
        response,
        errors,
      },
      {
        method: 'put',
        since: update.since,
        operationId: `${update.operationIds}_update`,
        summary: `Update a ${update.what}.`,
        description: update.description + (putRequired.length ? ` Requires ${putRequired.map((f) => `\`${f}\``).join(', ')}.` : ''),
        auth: 'required',
        request: request(update.request, version, body, true),
        response,
        errors,
      },
    );
  }
  if (route.delete) {
    ops.push({
      method: 'delete',
      since: route.delete.since,
      ...words(route.delete),
      auth: 'required',
      response: { status: 204, description: 'Deleted' },
      errors: ['Forbidden', 'NotFound'],
    });
  }
  return ops;
}

const words = (op: { operationId: string; summary: string; description: string }) => ({
  operationId: op.operationId,
  summary: op.summary,
  description: op.description,
});

/** 'patches/:id/checks/:checkId/' → 'patches/{id}/checks/{check_id}/', upstream's names. */
const templatePath = (path: string) => path.replace(/:(\w+)/g, (_, name: string) => `{${name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())}}`);

export function paths(version: ApiVersion): PathDoc[] {
  return RESOURCES.flatMap((resource: Resource) =>
    resource.routes.map((route) => ({
      path: templatePath(route.path),
      tag: resource.tag.name,
      since: route.since,
      params: route.params,
      operations: operations(route, version),
    })),
  );
}

export const TAGS: TagObject[] = RESOURCES.map((r) => r.tag);
