// What every write does the same way: read the body, validate it against
// the route's declared fields, refuse with the right 403, run in one
// transaction.
import type { ApiContext } from '../http/context.ts';
import type { UserRow } from '../db/users.ts';
import { bodyFields, readBody, type RequestBody } from '../http/body.ts';
import { HttpError, notAuthenticated, permissionDenied } from '../http/errors.ts';
import { writeSchemas, type Field } from './fields.ts';
import { isListField, parseFields, throwIfInvalid, type FieldErrors, type RequestFields } from './validation.ts';

export interface WriteInput {
  /** The body's fields. A body that could not be parsed throws its 400/415
   * here, when validation starts: upstream parses lazily, after the
   * permission checks, so a refused request is refused whatever it sent. */
  data(): Record<string, unknown>;
  /** The body validated by the route's fields: the values, and the field
   * errors (to report together with checks that need the database). */
  parse<V = Record<string, unknown>>(): { values: Partial<V>; errors: FieldErrors };
  /** Throws the 400 for these errors, keys in the fields' order. */
  check(errors: FieldErrors): void;
  /** Form bodies follow DRF's HTML-input rules for absent keys. */
  form: boolean;
  /** PATCH updates only what is sent; PUT and POST are full. */
  partial: boolean;
}

export async function writeInput(ctx: ApiContext, fields: readonly Field<never>[] = []): Promise<WriteInput> {
  const partial = ctx.method === 'PATCH';
  const schemas: RequestFields = writeSchemas(fields);
  const required = fields.filter((f) => f.write && f.required).map((f) => f.name);
  // Fields that take a list read every value of a repeated form key.
  const listKeys = Object.keys(schemas).filter((name) => isListField(schemas[name]));
  let body: RequestBody | undefined;
  let failed: HttpError | undefined;
  try {
    body = await readBody(ctx.req);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    failed = e;
  }
  const data = () => {
    if (failed) throw failed;
    return bodyFields(body!, listKeys);
  };
  const form = body?.kind === 'form';
  return {
    data,
    parse: <V>() => {
      const { values, errors } = parseFields(schemas, data(), { partial, required, form });
      return { values: values as Partial<V>, errors };
    },
    check: (errors) => throwIfInvalid(schemas, errors),
    form,
    partial,
  };
}

/** DRF's refusal: anonymous requests are told to authenticate. */
export function refuse(user: UserRow | null): never {
  throw user ? permissionDenied() : notAuthenticated();
}

/** One write, all or nothing; IMMEDIATE takes the write lock before the
 * lookups so what was checked is what gets changed. */
export function inTransaction<T>(ctx: ApiContext, fn: () => T): T {
  return ctx.db.transaction(fn).immediate();
}
