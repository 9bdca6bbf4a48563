// What every write endpoint does the same way: read the body, turn path
// segments into ids, refuse with the right 403, run in one transaction.
import type { ApiContext } from '../context.ts';
import type { UserRow } from '../../db/users.ts';
import { bodyFields, readBody } from '../body.ts';
import { notAuthenticated, permissionDenied } from '../errors.ts';

export interface WriteInput {
  data: Record<string, unknown>;
  /** Form bodies follow DRF's HTML-input rules for absent keys. */
  form: boolean;
  /** PATCH updates only what is sent; PUT and POST are full. */
  partial: boolean;
}

export async function writeInput(ctx: ApiContext, listKeys: readonly string[] = []): Promise<WriteInput> {
  const body = await readBody(ctx.req);
  return { data: bodyFields(body, listKeys), form: body.kind === 'form', partial: ctx.method === 'PATCH' };
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
