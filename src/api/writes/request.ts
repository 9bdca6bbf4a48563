// What every write endpoint does the same way: read the body, refuse with
// the right 403, run in one transaction.
import type { ApiContext } from '../../http/context.ts';
import type { UserRow } from '../../db/users.ts';
import { bodyFields, readBody, type RequestBody } from '../../http/body.ts';
import { HttpError, notAuthenticated, permissionDenied } from '../../http/errors.ts';
import { patchworkMirror } from '../../db/mirror.ts';

export interface WriteInput {
  /** The body's fields. A body that could not be parsed throws its 400/415
   * here, when validation starts: upstream parses lazily, after the
   * permission checks, so a refused request is refused whatever it sent. */
  data(): Record<string, unknown>;
  /** Form bodies follow DRF's HTML-input rules for absent keys. */
  form: boolean;
  /** PATCH updates only what is sent; PUT and POST are full. */
  partial: boolean;
}

export async function writeInput(ctx: ApiContext, listKeys: readonly string[] = []): Promise<WriteInput> {
  const partial = ctx.method === 'PATCH';
  let body: RequestBody;
  try {
    body = await readBody(ctx.req);
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    const failed = e;
    return {
      data: () => {
        throw failed;
      },
      form: false,
      partial,
    };
  }
  return { data: () => bodyFields(body, listKeys), form: body.kind === 'form', partial };
}

/** DRF's refusal: anonymous requests are told to authenticate. */
export function refuse(user: UserRow | null): never {
  throw user ? permissionDenied() : notAuthenticated();
}

/** One write, all or nothing; IMMEDIATE takes the write lock before the
 * lookups so what was checked is what gets changed. A Patchwork mirror's
 * database holds only the remote's projects, and those are changed on the
 * remote (docs/mirrors.md "Read-only"). */
export function inTransaction<T>(ctx: ApiContext, fn: () => T): T {
  const mirror = patchworkMirror(ctx.db);
  if (mirror) throw permissionDenied(`This project is a read-only mirror of ${mirror.source}; make changes there.`);
  return ctx.db.transaction(fn).immediate();
}
