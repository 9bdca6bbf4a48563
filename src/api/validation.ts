// Request validation at the edge, with valibot. Each writable field is a
// valibot schema that coerces what clients send (JSON values, or strings from
// forms) and fails with Django REST framework's exact message, so a 400 body
// is upstream's {"field": ["message"]} (API.md §2.6). The JSON schema of the
// accepted input rides along as metadata for the OpenAPI document.
import * as v from 'valibot';
import type { SchemaObject } from 'openapi3-ts/oas31';
import { validationError } from '../http/errors.ts';
import { pythonType } from '../http/body.ts';

export type FieldSchema<T = unknown> = v.GenericSchema<unknown, T>;

/** The writable fields of one request, in DRF's declaration order (which is
 * the order of keys in an error body). */
export type RequestFields = Record<string, FieldSchema>;

export type FieldValues<F extends RequestFields> = { [K in keyof F]?: v.InferOutput<F[K]> };

export type FieldErrors = Record<string, unknown>;

interface FieldMeta {
  openapi: SchemaObject;
  /** What DRF's HTML-form input gives an absent key on a full update. */
  formDefault?: unknown;
}

type Coerce<T> = (value: unknown, fail: (message: string) => never) => T;

class Failure {
  constructor(readonly message: string) {}
}

function field<T>(openapi: SchemaObject, coerce: Coerce<T>, formDefault?: unknown): FieldSchema<T> {
  const fail = (message: string): never => {
    throw new Failure(message);
  };
  return v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      try {
        return coerce(dataset.value, fail);
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        addIssue({ message: e.message });
        return NEVER;
      }
    }),
    v.metadata({ openapi, formDefault } satisfies FieldMeta),
  ) as unknown as FieldSchema<T>;
}

const NULL_MESSAGE = 'This field may not be null.';

const TRUE_VALUES = new Set<unknown>(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1', 1, true]);
const FALSE_VALUES = new Set<unknown>(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0', 0, false]);
const NULL_VALUES = new Set<unknown>(['null', 'Null', 'NULL', '', null]);

/** DRF's BooleanField: JSON booleans and the loose strings forms carry. */
export function booleanField(options: { nullable?: boolean } = {}): FieldSchema<boolean | null> {
  const openapi: SchemaObject = { type: options.nullable ? ['boolean', 'null'] : 'boolean' };
  return field(
    openapi,
    (value, fail) => {
      if (TRUE_VALUES.has(value)) return true;
      if (FALSE_VALUES.has(value)) return false;
      if (options.nullable && NULL_VALUES.has(value)) return null;
      if (value === null) fail(NULL_MESSAGE);
      return fail('Must be a valid boolean.');
    },
    options.nullable ? undefined : false,
  );
}

export interface CharOptions {
  maxLength?: number;
  allowBlank?: boolean;
  nullable?: boolean;
  /** A regular expression the value must match, with its message. */
  pattern?: { regex: RegExp; message: string };
  format?: string;
}

/** DRF's CharField: numbers become strings, whitespace is trimmed. */
export function charField(options: CharOptions = {}): FieldSchema<string | null> {
  const openapi: SchemaObject = {
    type: options.nullable ? ['string', 'null'] : 'string',
    ...(options.maxLength ? { maxLength: options.maxLength } : {}),
    ...(options.allowBlank ? {} : { minLength: 1 }),
    // A blank value is accepted before the pattern is tried (pwclient sends target_url "").
    ...(options.pattern ? { pattern: (options.allowBlank ? '^$|' : '') + options.pattern.regex.source } : {}),
    ...(options.format ? { format: options.format } : {}),
  };
  return field(openapi, (value, fail) => {
    if (value === null) return options.nullable ? null : fail(NULL_MESSAGE);
    if (typeof value !== 'string' && typeof value !== 'number') return fail('Not a valid string.');
    const text = String(value).trim();
    if (text === '') return options.allowBlank ? '' : fail('This field may not be blank.');
    if (text.includes('\0')) fail('Null characters are not allowed.');
    const surrogate = /[\ud800-\udfff]/u.exec(text);
    if (surrogate) fail(`Surrogate characters are not allowed: U+${surrogate[0].charCodeAt(0).toString(16).toUpperCase()}.`);
    if (options.maxLength !== undefined && [...text].length > options.maxLength) {
      fail(`Ensure this field has no more than ${options.maxLength} characters.`);
    }
    if (options.pattern && !options.pattern.regex.test(text)) fail(options.pattern.message);
    return text;
  });
}

/** DRF's URLField (Django's URLValidator, simplified to what it accepts in
 * practice: http(s)/ftp(s), a host name, IPv4 or bracketed IPv6, a port). */
const URL_PATTERN =
  /^(?:http|ftp)s?:\/\/(?:[^\s:@/]+(?::[^\s@/]*)?@)?(?:localhost|(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)+[a-z\u00a1-\uffff-]{2,63}\.?|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:[/?#][^\s]*)?$/i;

export function urlField(options: { maxLength?: number; allowBlank?: boolean; nullable?: boolean } = {}) {
  return charField({ ...options, format: 'uri', pattern: { regex: URL_PATTERN, message: 'Enter a valid URL.' } });
}

export const SLUG_PATTERN = /^[-a-zA-Z0-9_]+$/;

export function slugField(options: { maxLength?: number } = {}) {
  return charField({
    ...options,
    pattern: { regex: SLUG_PATTERN, message: 'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.' },
  });
}

/** DRF's IntegerField with bounds. */
export function integerField(options: { min?: number; max?: number } = {}): FieldSchema<number> {
  const openapi: SchemaObject = {
    type: 'integer',
    ...(options.min !== undefined ? { minimum: options.min } : {}),
    ...(options.max !== undefined ? { maximum: options.max } : {}),
  };
  return field(openapi, (value, fail) => {
    if (value === null) return fail(NULL_MESSAGE);
    const n = typeof value === 'string' && /^\s*[-+]?\d+(\.0*)?\s*$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || typeof value === 'boolean') return fail('A valid integer is required.');
    if (options.min !== undefined && n < options.min) fail(`Ensure this value is greater than or equal to ${options.min}.`);
    if (options.max !== undefined && n > options.max) fail(`Ensure this value is less than or equal to ${options.max}.`);
    return n;
  });
}

function pkValue(value: unknown, fail: (m: string) => never): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return fail(`Incorrect type. Expected pk value, received ${pythonType(value)}.`);
}

/** DRF's PrimaryKeyRelatedField, type part: an id. Whether the row exists is
 * checked against the database by `checkPks`. An empty string is null. */
export function pkField(options: { nullable?: boolean } = {}): FieldSchema<number | null> {
  return field({ type: options.nullable ? ['integer', 'null'] : 'integer' }, (value, fail) => {
    if (value === '' || value === null) return options.nullable ? null : fail(NULL_MESSAGE);
    return pkValue(value, fail);
  });
}

/** DRF's ManyRelatedField of primary keys: a list (a repeated form key). */
export function pkListField(options: { allowEmpty?: boolean } = {}): FieldSchema<number[]> {
  return field({ type: 'array', items: { type: 'integer' }, ...(options.allowEmpty === false ? { minItems: 1 } : {}) }, (value, fail) => {
    if (!Array.isArray(value)) return fail(`Expected a list of items but got type "${pythonType(value)}".`);
    if (options.allowEmpty === false && value.length === 0) fail('This list may not be empty.');
    return value.map((item) => (item === null ? fail(NULL_MESSAGE) : pkValue(item, fail)));
  });
}

/** The message for an id that names no row. */
export const invalidPk = (value: number) => `Invalid pk "${value}" - object does not exist.`;

/** A nested serializer (user settings): an object of fields whose errors
 * nest under the field's name. parseFields validates its members. */
export function nestedField<F extends RequestFields>(fields: F): FieldSchema<FieldValues<F>> {
  const openapi: SchemaObject = { type: 'object', properties: requestProperties(fields) };
  return v.pipe(v.unknown(), v.metadata({ openapi, nested: fields })) as unknown as FieldSchema<FieldValues<F>>;
}

function meta(schema: FieldSchema): FieldMeta & { nested?: RequestFields } {
  return v.getMetadata(schema as never) as unknown as FieldMeta & { nested?: RequestFields };
}

function parseNested(fields: RequestFields, value: unknown): { value?: unknown; error?: unknown } {
  if (value === null) return { error: [NULL_MESSAGE] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { error: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`] } };
  }
  const { values, errors } = parseFields(fields, value as Record<string, unknown>, { partial: true });
  return Object.keys(errors).length ? { error: errors } : { value: values };
}

export interface ParseOptions {
  /** PATCH: absent fields stay untouched. PUT/POST: `required` ones must be there. */
  partial: boolean;
  required?: readonly string[];
  form?: boolean;
}

/** Validates every field, as DRF does, collecting one message per field. */
export function parseFields<F extends RequestFields>(
  fields: F,
  data: Record<string, unknown>,
  options: ParseOptions,
): { values: FieldValues<F>; errors: FieldErrors } {
  const values: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const [name, schema] of Object.entries(fields)) {
    let value = Object.prototype.hasOwnProperty.call(data, name) ? data[name] : undefined;
    if (value === undefined) {
      if (options.partial) continue;
      if (options.required?.includes(name)) {
        errors[name] = ['This field is required.'];
        continue;
      }
      const formDefault = options.form ? meta(schema).formDefault : undefined;
      if (formDefault === undefined) continue;
      value = formDefault;
    }
    const nested = meta(schema).nested;
    if (nested) {
      const result = parseNested(nested, value);
      if (result.error) errors[name] = result.error;
      else values[name] = result.value;
      continue;
    }
    const result = v.safeParse(schema, value);
    if (result.success) values[name] = result.output;
    else errors[name] = [result.issues[0].message];
  }
  return { values: values as FieldValues<F>, errors };
}

/** Throws the 400 when any field failed, keys in declaration order. */
export function throwIfInvalid(fields: RequestFields, errors: FieldErrors): void {
  const names = Object.keys(errors);
  if (names.length === 0) return;
  const order = Object.keys(fields);
  names.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  throw validationError(Object.fromEntries(names.map((n) => [n, errors[n]])));
}

function requestProperties(fields: RequestFields): Record<string, SchemaObject> {
  return Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, meta(schema).openapi]));
}

/** The JSON schema of a request body, for the OpenAPI document. */
export function requestBodySchema(fields: RequestFields, required: readonly string[] = []): SchemaObject {
  return { type: 'object', properties: requestProperties(fields), ...(required.length ? { required: [...required] } : {}) };
}
