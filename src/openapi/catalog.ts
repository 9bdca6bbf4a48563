// The API's list and filter definitions in the catalogue's terms, so
// parameters are never described twice.
import type { ParameterObject, SchemaObject } from 'openapi3-ts/oas31';
import { EVENT_CATEGORIES, type FilterDef, type FilterKind } from '../api/filters.ts';
import type { ListDef } from '../api/list.ts';
import type { ErrorName } from '../api/resource.ts';
import type { ListDoc, QueryParamDoc } from './model.ts';

const ID: SchemaObject = { type: 'integer', minimum: 0 };

/** The JSON schema of one filter value, by the forms its kind accepts. */
const VALUE_SCHEMA: Record<FilterKind, SchemaObject> = {
  project: { type: 'string', description: 'id or linkname' },
  person: { type: 'string', description: 'id or email address' },
  user: { type: 'string', description: 'id or username' },
  'user-id': ID,
  state: { type: 'string', description: 'id, or state name with `-` for spaces (`under-review`)' },
  series: ID,
  patch: ID,
  cover: ID,
  boolean: { type: 'string', enum: ['true', 'false', '1', '0'] },
  since: { type: 'string', description: 'ISO 8601 date-time, e.g. `2024-01-31T10:00:00` or `2024-01-31T10:00:00Z`' },
  before: { type: 'string', description: 'ISO 8601 date-time, e.g. `2024-01-31T10:00:00` or `2024-01-31T10:00:00Z`' },
  hash: { type: 'string', pattern: '^[0-9a-fA-F]{40}$' },
  msgid: { type: 'string' },
  category: { type: 'string', enum: [...EVENT_CATEGORIES] },
  text: { type: 'string' },
  'check-state': { type: 'string', enum: ['pending', 'success', 'warning', 'fail', '0', '1', '2', '3'] },
};

export function filterParameter(def: FilterDef): QueryParamDoc {
  const value = VALUE_SCHEMA[def.kind];
  const parameter: ParameterObject = def.multi
    ? {
        in: 'query',
        name: def.name,
        description: `${def.description} Repeat the parameter to match any of several values.`,
        schema: { type: 'array', items: value },
        style: 'form',
        explode: true,
      }
    : { in: 'query', name: def.name, description: def.description, schema: value };
  return { since: def.since, parameter };
}

/** What `order`, `q` and the filters of a list endpoint accept. */
export function listDoc(def: ListDef<unknown, string>): ListDoc {
  const names = Object.keys(def.order.fields);
  const first = def.order.default[0];
  const defaultName = first ? names.find((n) => def.order.fields[n] === first.sql) ?? first.sql : 'id';
  return {
    order: { names, default: first?.desc ? `-${defaultName}` : defaultName },
    search: def.search,
    filters: def.filters.map(filterParameter),
  };
}

/** What any write may answer besides its own statuses. */
export const WRITE_ERRORS: readonly ErrorName[] = ['Forbidden', 'NotFound', 'PayloadTooLarge', 'UnsupportedMediaType'];
