// Request validation at the edge, with valibot. Each writable field is a
// valibot schema that coerces what clients send (JSON values, or strings
// from forms) and fails with Django REST framework's exact message, so a 400
// body is upstream's {"field": ["message"]} (docs/api.md §2.6). A union's first
// option is the field's canonical JSON type; the others are the forms
// clients also send. The JSON schema the OpenAPI document shows is read off
// the same valibot schemas (jsonSchemaOf).
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

export const NULL_MESSAGE = 'This field may not be null.';

/** A union's message: null gets DRF's null message, anything else `message`. */
const orNull =
  (message: string | ((input: unknown) => string)) =>
  (issue: { input: unknown }): string =>
    issue.input === null ? NULL_MESSAGE : typeof message === 'string' ? message : message(issue.input);

/** Valibot infers each schema's input type; at the edge every input is unknown. */
const as = <T>(schema: v.BaseSchema<never, unknown, v.BaseIssue<unknown>> | object) => schema as unknown as FieldSchema<T>;

/** v.pipe over items chosen by options: TypeScript cannot follow the
 * types through conditional spreads, and every input is unknown anyway. */
const pipe = (...items: unknown[]): object => (v.pipe as unknown as (...a: unknown[]) => object)(...items);

const TRUE_VALUES = ['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1', 1];
const FALSE_VALUES = ['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0', 0];
const NULL_VALUES = ['null', 'Null', 'NULL', ''];

const becomes = <T>(values: (string | number)[], value: T) => v.pipe(v.picklist(values), v.transform((): T => value));

/** DRF's BooleanField: JSON booleans and the loose strings forms carry. On
 * a full update from a form, an absent boolean is false (its formDefault). */
export function booleanField(options: { nullable?: boolean } = {}): FieldSchema<boolean | null> {
  const nullable = options.nullable ? [becomes(NULL_VALUES, null), v.null()] : [];
  const schema = v.union([v.boolean(), becomes(TRUE_VALUES, true), becomes(FALSE_VALUES, false), ...nullable], orNull('Must be a valid boolean.'));
  return as(options.nullable ? schema : v.pipe(schema, v.metadata({ formDefault: false })));
}

export interface CharOptions {
  maxLength?: number;
  allowBlank?: boolean;
  nullable?: boolean;
  /** A regular expression the value must match, with its message. */
  pattern?: { regex: RegExp; message: string };
  /** The JSON schema format of the value ('uri'). */
  format?: string;
}

/** Python's len(): code points, not UTF-16 units. */
const maxCodePoints = (n: number) => [
  v.check((s: string) => [...s].length <= n, `Ensure this field has no more than ${n} characters.`),
  v.metadata({ json: { maxLength: n } }),
];

/** The first lone surrogate, named as DRF names it. */
const noSurrogates = v.rawCheck<string>(({ dataset, addIssue }) => {
  const found = dataset.typed ? /[\ud800-\udfff]/u.exec(dataset.value) : null;
  if (found) addIssue({ message: `Surrogate characters are not allowed: U+${found[0].charCodeAt(0).toString(16).toUpperCase()}.` });
});

/** DRF's CharField: numbers become strings, whitespace is trimmed. */
export function charField(options: CharOptions = {}): FieldSchema<string | null> {
  const { pattern } = options;
  const text = pipe(
    v.union([v.string(), v.number()], orNull('Not a valid string.')),
    v.transform((value: string | number) => String(value)),
    v.trim(),
    ...(options.allowBlank ? [] : [v.nonEmpty('This field may not be blank.')]),
    v.excludes('\0', 'Null characters are not allowed.'),
    noSurrogates,
    ...(options.maxLength !== undefined ? maxCodePoints(options.maxLength) : []),
    // A blank value is accepted before the pattern is tried (pwclient sends target_url "").
    ...(pattern ? [v.regex(new RegExp((options.allowBlank ? '^$|' : '') + pattern.regex.source, pattern.regex.flags), pattern.message)] : []),
    ...(options.format ? [v.metadata({ json: { format: options.format } })] : []),
  );
  return as(options.nullable ? v.nullable(text as FieldSchema) : text);
}

/** DRF's URLField (Django's URLValidator, simplified to what it accepts in
 * practice: http(s)/ftp(s), a host name, IPv4 or bracketed IPv6, a port). */
const URL_PATTERN =
  /^(?:http|ftp)s?:\/\/(?:[^\s:@/]+(?::[^\s@/]*)?@)?(?:localhost|(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)+[a-z\u00a1-\uffff-]{2,63}\.?|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:[/?#][^\s]*)?$/i;

export function urlField(options: { maxLength?: number; allowBlank?: boolean; nullable?: boolean } = {}) {
  return charField({ ...options, format: 'uri', pattern: { regex: URL_PATTERN, message: 'Enter a valid URL.' } });
}

const SLUG_PATTERN = /^[-a-zA-Z0-9_]+$/;

export function slugField(options: { maxLength?: number } = {}) {
  return charField({
    ...options,
    pattern: { regex: SLUG_PATTERN, message: 'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.' },
  });
}

const INTEGER_MESSAGE = 'A valid integer is required.';

/** DRF's IntegerField with bounds; forms send digits ('3', '3.0'). */
export function integerField(options: { min?: number; max?: number } = {}): FieldSchema<number> {
  return as(
    pipe(
      v.union([v.number(), v.pipe(v.string(), v.regex(/^\s*[-+]?\d+(\.0*)?\s*$/, INTEGER_MESSAGE), v.transform(Number))], orNull(INTEGER_MESSAGE)),
      v.integer(INTEGER_MESSAGE),
      ...(options.min !== undefined ? [v.minValue(options.min, `Ensure this value is greater than or equal to ${options.min}.`)] : []),
      ...(options.max !== undefined ? [v.maxValue(options.max, `Ensure this value is less than or equal to ${options.max}.`)] : []),
    ),
  );
}

const pkMessage = (input: unknown) => (input === '' ? NULL_MESSAGE : `Incorrect type. Expected pk value, received ${pythonType(input)}.`);

/** A primary key: an integer, or digits from a form. Whether the row
 * exists is checked against the database by the resource. */
const pkOptions = () =>
  [
    v.pipe(v.number(), v.integer((issue) => pkMessage(issue.input))),
    v.pipe(
      v.string(),
      v.regex(/^\s*\d+\s*$/, (issue) => pkMessage(issue.input)),
      v.transform(Number),
    ),
  ] as const;

/** DRF's PrimaryKeyRelatedField, type part. An empty string is null. */
export function pkField(options: { nullable?: boolean } = {}): FieldSchema<number | null> {
  const nullable = options.nullable ? [v.null(), becomes([''], null)] : [];
  return as(v.union([...pkOptions(), ...nullable], orNull(pkMessage)));
}

/** DRF's ManyRelatedField of primary keys: a list (a repeated form key). */
export function pkListField(options: { allowEmpty?: boolean } = {}): FieldSchema<number[]> {
  return as(
    pipe(
      v.array(v.union([...pkOptions()], orNull(pkMessage)), (issue) => `Expected a list of items but got type "${pythonType(issue.input)}".`),
      ...(options.allowEmpty === false ? [v.nonEmpty('This list may not be empty.')] : []),
    ),
  );
}

/** str() of a JSON value as Python shows it in DRF's choice message. */
function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return JSON.stringify(value);
}

/** A choice by its label, or by its index as upstream stores it (check
 * states: 'pending' or 0 ... 'fail' or 3); the value is the index. */
export function indexedChoiceField(labels: readonly [string, ...string[]]): FieldSchema<number> {
  const invalid = (issue: { input: unknown }) => `"${pythonStr(issue.input)}" is not a valid choice.`;
  const last = labels.length - 1;
  return as(
    v.union(
      [
        v.pipe(
          v.picklist(labels),
          v.transform((label) => labels.indexOf(label)),
        ),
        v.pipe(v.number(), v.integer(invalid), v.minValue(0, invalid), v.maxValue(last, invalid)),
        v.pipe(
          v.string(),
          v.regex(/^\d+$/, invalid),
          v.check((digits) => Number(digits) <= last, invalid),
          v.transform(Number),
        ),
      ],
      orNull((input) => invalid({ input })),
    ),
  );
}

/** The message for an id that names no row. */
export const invalidPk = (value: number) => `Invalid pk "${value}" - object does not exist.`;

/** A nested serializer (user settings): an object of fields whose errors
 * nest under the field's name; parseFields validates its members. */
export function nestedField<F extends RequestFields>(fields: F): FieldSchema<FieldValues<F>> {
  return as(v.looseObject(fields));
}

type AnySchema = v.GenericSchema<unknown, unknown> & {
  type: string;
  pipe?: readonly { kind: string; type: string; requirement?: unknown; description?: string; metadata?: Record<string, unknown> }[];
  options?: readonly AnySchema[];
  wrapped?: AnySchema;
  item?: AnySchema;
  entries?: Record<string, AnySchema>;
  literal?: unknown;
};

const nestedFields = (schema: FieldSchema) => (schema as AnySchema).type === 'loose_object' ? ((schema as AnySchema).entries as RequestFields) : undefined;

/** What a form gives an absent key on a full update, if anything. */
const formDefault = (schema: FieldSchema) => (v.getMetadata(schema as never) as { formDefault?: unknown }).formDefault;

/** A field that takes a list (a repeated form key). */
export function isListField(schema: FieldSchema): boolean {
  return (schema as AnySchema).type === 'array';
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
    let value = Object.hasOwn(data, name) ? data[name] : undefined;
    if (value === undefined) {
      if (options.partial) continue;
      if (options.required?.includes(name)) {
        errors[name] = ['This field is required.'];
        continue;
      }
      const fallback = options.form ? formDefault(schema) : undefined;
      if (fallback === undefined) continue;
      value = fallback;
    }
    const nested = nestedFields(schema);
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

const withNull = (schema: SchemaObject): SchemaObject => ({ ...schema, type: [schema.type as string, 'null'] as SchemaObject['type'] });

/** The JSON schema of what a valibot schema accepts, in its canonical form:
 * types from the schemas, bounds and patterns from the pipe's actions. */
export function jsonSchemaOf(schema: FieldSchema): SchemaObject {
  const s = schema as AnySchema;
  let out: SchemaObject;
  switch (s.type) {
    case 'union': {
      const options = s.options ?? [];
      out = jsonSchemaOf(options[0]);
      if (options.some((o) => o.type === 'null')) out = withNull(out);
      break;
    }
    case 'nullable':
      out = withNull(jsonSchemaOf(s.wrapped!));
      break;
    case 'picklist': {
      const values = (s as unknown as { options: (string | number)[] }).options;
      out = { type: typeof values[0] === 'number' ? 'number' : 'string', enum: [...values] };
      break;
    }
    case 'array':
      out = { type: 'array', items: jsonSchemaOf(s.item!) };
      break;
    case 'loose_object':
    case 'object':
      out = { type: 'object', properties: Object.fromEntries(Object.entries(s.entries ?? {}).map(([k, e]) => [k, jsonSchemaOf(e)])) };
      break;
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      out = { type: s.type };
      break;
    default:
      out = {};
  }
  for (const action of s.pipe?.slice(1) ?? []) {
    if (action.type === 'integer') out.type = 'integer';
    else if (action.type === 'min_value') out.minimum = action.requirement as number;
    else if (action.type === 'max_value') out.maximum = action.requirement as number;
    else if (action.type === 'non_empty') out = out.type === 'array' ? { ...out, minItems: 1 } : { ...out, minLength: 1 };
    else if (action.type === 'regex') out.pattern = (action.requirement as RegExp).source;
    else if (action.type === 'description') out.description = action.description;
    else if (action.type === 'metadata' && action.metadata?.json) out = { ...out, ...(action.metadata.json as SchemaObject) };
  }
  return out;
}

function requestProperties(fields: RequestFields): Record<string, SchemaObject> {
  return Object.fromEntries(Object.entries(fields).map(([name, schema]) => [name, jsonSchemaOf(schema)]));
}

/** The JSON schema of a request body, for the OpenAPI document. */
export function requestBodySchema(fields: RequestFields, required: readonly string[] = []): SchemaObject {
  return { type: 'object', properties: requestProperties(fields), ...(required.length ? { required: [...required] } : {}) };
}
