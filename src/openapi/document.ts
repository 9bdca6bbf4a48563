// Assembles the OpenAPI 3.1 document of one API version with openapi3-ts,
// from the endpoint catalogue (operations.ts), which is itself read off the
// API's resource declarations.
import {
  OpenApiBuilder,
  type HeaderObject,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type PathItemObject,
  type ReferenceObject,
  type RequestBodyObject,
  type ResponsesObject,
  type SchemaObject,
} from 'openapi3-ts/oas31';
import { since, VERSIONS, type ApiVersion, type VersionName } from '../http/version.ts';
import { requestBodySchema } from '../api/validation.ts';
import {
  errorResponses,
  errorSchema,
  linkHeader,
  optionalAuth,
  orderParameter,
  pageParameters,
  ref,
  requiredAuth,
  searchParameter,
  securitySchemes,
} from './common.ts';
import type { ListDoc, OperationDoc, PathDoc, RequestDoc } from './model.ts';
import { responseSchema } from '../api/fields.ts';
import type { ComponentDoc } from '../api/resource.ts';
import { components, paths, TAGS } from './operations.ts';

const shown = (version: ApiVersion, from?: VersionName) => !from || version.minor >= since(from);

const ERROR_STATUS = { Forbidden: '403', NotFound: '404', Conflict: '409', PayloadTooLarge: '413', UnsupportedMediaType: '415' } as const;

function listParams(list: ListDoc, version: ApiVersion): (ParameterObject | ReferenceObject)[] {
  const params: (ParameterObject | ReferenceObject)[] = Object.keys(pageParameters).map((key) => ref('parameters', key));
  if (list.order) {
    params.push({
      ...orderParameter,
      description:
        `${orderParameter.description} Names: ${list.order.names.map((n) => `\`${n}\``).join(', ')}. ` +
        `Default: \`${list.order.default}\`.`,
    });
  }
  if (list.search) {
    params.push({ ...searchParameter, description: `${searchParameter.description} Searched: ${list.search.join(', ')}.` });
  }
  for (const f of list.filters ?? []) if (shown(version, f.since)) params.push(f.parameter);
  return params;
}

function responses(op: OperationDoc): ResponsesObject {
  const { response } = op;
  const out: ResponsesObject = {};
  const body = response.component ? ref('schemas', response.component) : undefined;
  const headers: Record<string, HeaderObject | ReferenceObject> = {};
  if (response.list) headers.Link = ref('headers', 'Link');
  if (response.location) headers.Location = { description: 'The URL of the created object.', schema: { type: 'string', format: 'uri' } };
  out[String(response.status)] = {
    description: response.description,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(body ? { content: { 'application/json': { schema: response.list ? { type: 'array', items: body } : body } } } : {}),
  };
  if (op.request) {
    out['400'] = {
      description: 'Invalid request: the fields in error, each with its messages',
      content: { 'application/json': { schema: ref('schemas', op.request.errorComponent) } },
    };
  }
  // Inline, not $ref'd: response validators look for each status's content in place.
  for (const name of op.errors) out[ERROR_STATUS[name]] = { ...errorResponses[name] };
  // Whatever accepts a password may refuse to check one (src/auth/throttle.ts).
  if (op.errors.includes('Forbidden')) out['429'] = { ...errorResponses.Throttled };
  if (response.list) {
    // Too many `order` names or `q` terms (src/api/order.ts, search.ts).
    out['400'] = {
      description: 'Too many `order` names or `q` terms: the parameter with its message',
      content: { 'application/json': { schema: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } } },
    };
    const notFound = op.errors.includes('NotFound');
    out['404'] = {
      ...errorResponses.InvalidPage,
      ...(notFound ? { description: `${errorResponses.NotFound.description}; or ${errorResponses.InvalidPage.description}` } : {}),
    };
  }
  return out;
}

const BODY_TYPES = ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'];
const bodyTypes = (request: RequestDoc) => (request.forms ? BODY_TYPES : BODY_TYPES.slice(0, 1));

function requestBody(request: RequestDoc): RequestBodyObject | ReferenceObject {
  if (!request.required?.length) return ref('requestBodies', request.component);
  // A full update (PUT) takes the same fields, some of them required.
  const schema: SchemaObject = { allOf: [ref('schemas', request.component), { required: [...request.required] }] };
  return {
    required: true,
    description: request.description,
    content: Object.fromEntries(bodyTypes(request).map((t) => [t, { schema }])),
  };
}

function operation(path: PathDoc, op: OperationDoc, version: ApiVersion): OperationObject {
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    tags: [path.tag],
    security: op.auth === 'required' ? requiredAuth : optionalAuth,
    ...(op.response.list ? { parameters: listParams(op.response.list, version) } : {}),
    ...(op.request ? { requestBody: requestBody(op.request) } : {}),
    responses: responses(op),
  };
}

/** The body's schema, its 400 body (field → messages) and the shared request body. */
function requestComponents(builder: OpenApiBuilder, request: RequestDoc): void {
  const schema = { ...requestBodySchema(request.fields), title: request.component };
  builder.addSchema(request.component, schema);
  builder.addRequestBody(request.component, {
    required: true,
    description: request.description,
    content: Object.fromEntries(bodyTypes(request).map((t) => [t, { schema: ref('schemas', request.component) }])),
  });
  const messages: SchemaObject = { type: 'array', items: { type: 'string' } };
  const properties: Record<string, SchemaObject> = {};
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    // A nested object (user settings) reports its own fields' messages, or
    // messages about itself (required, null) as a list.
    properties[name] =
      (field as SchemaObject).type === 'object' ? { oneOf: [{ type: 'object', additionalProperties: messages }, messages] } : messages;
  }
  // Errors not tied to a field: a list under `detail`, or one message for a body that does not parse.
  properties.detail = { oneOf: [{ type: 'string' }, messages] };
  builder.addSchema(request.errorComponent, {
    type: 'object',
    title: request.errorComponent,
    description: 'Field name → validation messages.',
    properties,
  });
}

const componentSchema = (doc: ComponentDoc, version: ApiVersion): SchemaObject =>
  'schema' in doc ? doc.schema : responseSchema(doc, version);

export function buildDocument(version: ApiVersion): OpenAPIObject {
  const name = VERSIONS[version.minor];
  const builder = OpenApiBuilder.create()
    .addOpenApiVersion('3.1.0')
    .addInfo({
      title: 'pwlite REST API',
      version: name,
      description:
        'The Patchwork REST API as pwlite serves it. Every version from 1.0 to 1.4 is available under ' +
        '`/api/1.X/`; `/api/` without a version behaves as the newest one and its links carry no version. ' +
        'This document is generated by the server from the tables it answers with.',
      license: { name: 'GPL-2.0-or-later', identifier: 'GPL-2.0-or-later' },
    });
  for (const [key, scheme] of Object.entries(securitySchemes)) builder.addSecurityScheme(key, scheme);
  for (const [key, param] of Object.entries(pageParameters)) builder.addParameter(key, param);
  builder.addHeader('Link', linkHeader);
  builder.addSchema('Error', errorSchema);
  for (const [key, doc] of Object.entries(components(version))) builder.addSchema(key, componentSchema(doc, version));

  const prefix = version.segment ? `/api/${version.segment}/` : '/api/';
  const tags = new Set<string>();
  for (const path of paths(version)) {
    if (!shown(version, path.since)) continue;
    const ops = path.operations.filter((op) => shown(version, op.since));
    if (!ops.length) continue;
    const item: PathItemObject = {};
    if (path.params?.length) {
      item.parameters = path.params.map((p) => ({ in: 'path', required: true, name: p.name, description: p.description, schema: p.schema }));
    }
    for (const op of ops) {
      item[op.method] = operation(path, op, version);
      if (op.request) requestComponents(builder, op.request);
    }
    builder.addPath(prefix + path.path, item);
    tags.add(path.tag);
  }
  for (const tag of TAGS) if (tags.has(tag.name)) builder.addTag(tag);
  return { ...builder.getSpec(), security: optionalAuth };
}

const built = new Map<string, OpenAPIObject>();

/** The document for a request of this version; only `servers` depends on the host. */
export function openApiDocument(version: ApiVersion, base: string): OpenAPIObject {
  const key = version.segment ?? '';
  let doc = built.get(key);
  if (!doc) {
    doc = buildDocument(version);
    built.set(key, doc);
  }
  return { ...doc, servers: [{ url: base }] };
}
