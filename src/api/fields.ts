// The one table of fields per resource. Each resource module declares its
// fields once; the serializer, the filters and the OpenAPI document are all
// driven from these declarations (no second hand-kept copy).
import type { SchemaObject, ReferenceObject } from 'openapi3-ts/oas31';
import type { ApiContext } from '../http/context.ts';
import { since, type VersionName } from '../http/version.ts';

export interface Field<R> {
  name: string;
  /** JSON schema of the value as the API shows it (nullable: type [T, 'null']). */
  schema: SchemaObject | ReferenceObject;
  /** First API version that shows the field; absent = every version. */
  since?: VersionName;
  /** Writable through PUT/PATCH/POST (the request schemas say how). */
  writable?: boolean;
  /** Only in the detail representation, not in list items. */
  detailOnly?: boolean;
  /** Presence decided per item (e.g. series dependencies, user settings). */
  present?(row: R, ctx: ApiContext): boolean;
  get(row: R, ctx: ApiContext): unknown;
}

export interface SerializeOptions {
  detail?: boolean;
}

// Per table, version and representation the visible list is computed once:
// serializing a 250-item page must not re-filter the table for every item.
const visibleCache = new WeakMap<readonly Field<never>[], Map<number, Field<never>[]>>();

/** Fields shown to this request, in declaration order. */
export function visibleFields<R>(fields: readonly Field<R>[], ctx: ApiContext, options: SerializeOptions = {}): Field<R>[] {
  const key = ctx.version.minor * 2 + (options.detail ? 1 : 0);
  let byKey = visibleCache.get(fields as readonly Field<never>[]);
  if (!byKey) visibleCache.set(fields as readonly Field<never>[], (byKey = new Map()));
  let visible = byKey.get(key) as Field<R>[] | undefined;
  if (!visible) {
    visible = fields.filter((f) => (!f.since || ctx.version.minor >= since(f.since)) && (options.detail || !f.detailOnly));
    byKey.set(key, visible as Field<never>[]);
  }
  return visible;
}

export function serialize<R>(fields: readonly Field<R>[], row: R, ctx: ApiContext, options: SerializeOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of visibleFields(fields, ctx, options)) {
    if (f.present && !f.present(row, ctx)) continue;
    out[f.name] = f.get(row, ctx);
  }
  return out;
}
