import { notFound } from '../errors.ts';

/** A path id as upstream's `<int>` converter reads it: digits only (`007` is 7),
 * anything else matches no route. */
export function parseId(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
}
