// Read-side access rules shared by several resources.
import type { ApiContext } from '../../http/context.ts';
import { notFound } from '../../http/errors.ts';
import { since, type VersionName } from '../../http/version.ts';

/** Reads that need authentication answer 404 to anonymous requests (DECISIONS.md 2). */
export function requireUser(ctx: ApiContext): NonNullable<ApiContext['user']> {
  if (!ctx.user) throw notFound();
  return ctx.user;
}

/** An endpoint that older versions do not route (API.md §1.2). */
export function requireVersion(ctx: ApiContext, name: VersionName): void {
  if (ctx.version.minor < since(name)) throw notFound();
}
