// Ids in paths and queries. The API routes ids as upstream's `<int>`
// converter does (digits only); the web pages and downloads read them with
// Python's int() (surrounding spaces and a sign are fine).
import { notFound } from './errors.ts';

/** An API path id: digits only (`007` is 7); anything else matches no route. */
export function pathId(raw: string | undefined): number {
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
}

/** A value as Python's int() reads it, or null. */
export function intValue(raw: string | null | undefined): number | null {
  return raw != null && /^\s*\+?\d{1,15}\s*$/.test(raw) ? Number(raw) : null;
}

/** A web path id read with int(); anything else is no such page. */
export function intPathId(raw: string | undefined): number {
  const id = intValue(raw);
  if (id === null) throw notFound();
  return id;
}
