// Response schemas from the field tables (src/api/fields.ts): the fields a
// version shows, in the order the serializer writes them. A field is
// required unless its presence is decided per item; no other keys appear.
import type { SchemaObject } from 'openapi3-ts/oas31';
import type { ApiContext } from '../http/context.ts';
import { visibleFields, type Field } from '../api/fields.ts';
import type { ApiVersion } from '../http/version.ts';

export interface ObjectDoc {
  title: string;
  description: string;
  fields: readonly Field<unknown>[];
  /** The detail representation (detailOnly fields included). */
  detail?: boolean;
}

/** The fields a request of this version would get (visibleFields reads only the version). */
function fieldsFor<R>(fields: readonly Field<R>[], version: ApiVersion, detail: boolean): Field<R>[] {
  return visibleFields(fields, { version } as ApiContext, { detail });
}

export function objectSchema(doc: ObjectDoc, version: ApiVersion): SchemaObject {
  const properties: Record<string, SchemaObject> = {};
  const required: string[] = [];
  for (const f of fieldsFor(doc.fields, version, doc.detail ?? false)) {
    properties[f.name] = f.writable ? { ...f.schema } : { ...f.schema, readOnly: true };
    if (!f.present) required.push(f.name);
  }
  return {
    type: 'object',
    title: doc.title,
    description: doc.description,
    properties,
    required,
    additionalProperties: false,
  };
}
