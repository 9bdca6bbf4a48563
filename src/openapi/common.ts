// The parts of the document every version shares: security schemes, the
// Link header, the generic error body and the list parameters (page,
// per_page, order, q). Their behaviour is described here once, in the words
// a client author needs (docs/api.md §2.1–2.3, §2.6–2.7).
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '../api/pagination.ts';
import type {
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
  SecurityRequirementObject,
  SecuritySchemeObject,
} from 'openapi3-ts/oas31';

export const ref = (kind: 'schemas' | 'parameters' | 'headers' | 'responses' | 'requestBodies', name: string): ReferenceObject => ({
  $ref: `#/components/${kind}/${name}`,
});

export const securitySchemes: Record<string, SecuritySchemeObject> = {
  basicAuth: {
    type: 'http',
    scheme: 'basic',
    description: 'HTTP Basic authentication with a username and password.',
  },
  apiKeyAuth: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      'API token: send the header `Authorization: Token <key>` (40 hexadecimal characters). ' +
      'Create a token with `pwlite token create <username>`; it is shown once.',
  },
};

/** Anonymous access allowed; credentials, when sent, must be valid (403 otherwise). */
export const optionalAuth: SecurityRequirementObject[] = [{}, { basicAuth: [] }, { apiKeyAuth: [] }];
export const requiredAuth: SecurityRequirementObject[] = [{ basicAuth: [] }, { apiKeyAuth: [] }];

export const linkHeader = {
  description:
    'Pagination links (RFC 8288): `next` and `prev` when such a page exists, then `first` and `last`, ' +
    'each as `<absolute URL>; rel="name"`, joined by ", ". The URLs repeat the request\'s query ' +
    'parameters, sorted by name, with `page` set.',
  schema: { type: 'string' } as SchemaObject,
};

export const errorSchema: SchemaObject = {
  type: 'object',
  title: 'Error',
  description: 'An error that is not tied to a request field.',
  properties: { detail: { type: 'string', title: 'Detail' } },
  required: ['detail'],
};

/** Pagination, the same on every list: components the lists refer to. */
export const pageParameters: Record<string, ParameterObject> = {
  Page: {
    in: 'query',
    name: 'page',
    description: 'A page number within the paginated result set (1-based), or `last`. A page out of range answers 404.',
    schema: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', const: 'last' }] },
  },
  PageSize: {
    in: 'query',
    name: 'per_page',
    description: `Number of results per page: ${DEFAULT_PER_PAGE} by default, at most ${MAX_PER_PAGE} (larger values are clamped).`,
    schema: { type: 'integer', minimum: 1 },
  },
};

/** `order` and `q`; each list adds the names it accepts or searches. */
export const orderParameter: ParameterObject = {
  in: 'query',
  name: 'order',
  description:
    'Comma-separated field names to sort by, each optionally prefixed with `-` for descending order. ' +
    'Unknown names are ignored.',
  schema: { type: 'string' },
};

export const searchParameter: ParameterObject = {
  in: 'query',
  name: 'q',
  description:
    'Search terms separated by whitespace or commas; a result matches when every term is a ' +
    'case-insensitive substring of one of the searched fields.',
  schema: { type: 'string' },
};

const errorContent = { 'application/json': { schema: ref('schemas', 'Error') } };

export const errorResponses: Record<string, ResponseObject> = {
  Forbidden: {
    description: 'Invalid credentials, credentials required, or not allowed to do this',
    content: errorContent,
  },
  NotFound: { description: 'No such object, or not visible to the requester', content: errorContent },
  InvalidPage: { description: 'The page is out of range (`{"detail": "Invalid page."}`)', content: errorContent },
  UnsupportedMediaType: { description: 'The request body has a content type the server does not read', content: errorContent },
  PayloadTooLarge: { description: 'The request body is too large', content: errorContent },
  Conflict: { description: 'The change conflicts with the current state', content: errorContent },
  Throttled: {
    description: 'Too many failed password checks from this client or for this account; no password is checked until Retry-After has passed',
    headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } },
    content: errorContent,
  },
};
