// The one table of fields per resource. Each resource module declares its
// fields once, what clients read and what they may write; the serializer,
// the write validation and the OpenAPI document are all driven from these
// declarations (no second hand-kept copy).
import type { SchemaObject, ReferenceObject } from 'openapi3-ts/oas31';
import type { ApiContext } from '../http/context.ts';
import { since, type ApiVersion, type VersionName } from '../http/version.ts';
import type { FieldSchema, RequestFields } from './validation.ts';
import { JsonText, toJson } from '../http/json.ts';

export interface Field<R> {
  name: string;
  /** JSON schema of the value as the API shows it (nullable: type [T, 'null']). */
  schema: SchemaObject | ReferenceObject;
  /** First API version that shows the field; absent = every version. */
  since?: VersionName;
  /** Writable through PUT/PATCH/POST: the schema that checks and coerces
   * what clients send, with DRF's messages. */
  write?: FieldSchema;
  /** A full write (PUT, POST) must send it. */
  required?: boolean;
  /** First version that applies a write of it; older ones validate it but
   * leave it unchanged, and their documents leave it out. Absent: a write is
   * applied in every version, even one that does not show the field. */
  writeSince?: VersionName;
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
export function visibleFields<R>(fields: readonly Field<R>[], ctx: Pick<ApiContext, 'version'>, options: SerializeOptions = {}): Field<R>[] {
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

/** `"name":` of each field, quoted once. */
const keyTexts = new WeakMap<Field<never>, string>();
function keyText(f: Field<never>): string {
  let text = keyTexts.get(f);
  if (text === undefined) keyTexts.set(f, (text = `${JSON.stringify(f.name)}:`));
  return text;
}

/** The object's JSON text, written field by field (src/http/json.ts). */
export function serialize<R>(fields: readonly Field<R>[], row: R, ctx: ApiContext, options: SerializeOptions = {}): JsonText {
  let out = '';
  for (const f of visibleFields(fields, ctx, options)) {
    if (f.present && !f.present(row, ctx)) continue;
    out += (out === '' ? '{' : ',') + keyText(f as Field<never>) + toJson(f.get(row, ctx));
  }
  return new JsonText(out === '' ? '{}' : `${out}}`);
}

/** The write schemas of a table, in declaration order (the order of keys in
 * a 400 body); with a version, only those that version applies. */
export function writeSchemas(fields: readonly Field<never>[], version?: ApiVersion): RequestFields {
  const shown = version ? fields.filter((f) => !f.writeSince || version.minor >= since(f.writeSince)) : fields;
  return Object.fromEntries(shown.flatMap((f) => (f.write ? [[f.name, f.write]] : [])));
}

/** Fields a full write must send, among those a version applies. */
export function requiredFields(fields: readonly Field<never>[], version?: ApiVersion): string[] {
  return Object.keys(writeSchemas(fields, version)).filter((name) => fields.find((f) => f.name === name)?.required);
}

export interface ObjectDoc {
  title: string;
  description: string;
  fields: readonly Field<never>[];
  /** The detail representation (detailOnly fields included). */
  detail?: boolean;
}

/** The response schema of a field table: the fields a version shows, in the
 * order the serializer writes them. A field is required unless its presence
 * is decided per item; no other keys appear. */
export function responseSchema(doc: ObjectDoc, version: ApiVersion): SchemaObject {
  const properties: Record<string, SchemaObject | ReferenceObject> = {};
  const required: string[] = [];
  for (const f of visibleFields(doc.fields, { version }, { detail: doc.detail ?? false })) {
    properties[f.name] = f.write ? { ...f.schema } : { ...f.schema, readOnly: true };
    if (!f.present) required.push(f.name);
  }
  return { type: 'object', title: doc.title, description: doc.description, properties, required, additionalProperties: false };
}
