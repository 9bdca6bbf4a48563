// The `order` parameter (docs/api.md §2.2): comma-separated names, `-` for
// descending; unknown names dropped; id breaks ties so pages never overlap.
// A name given twice, or after the tie-breaker, cannot change the order, so
// it is dropped too: the statement stays small and the shapes of SQL a
// request can make stay few. Past ORDER_MAX_TERMS names the request is
// refused as a field error (no client sends that many).
import type { OrderTerm } from '../db/listing.ts';
import { validationError } from '../http/errors.ts';

export const ORDER_MAX_TERMS = 64;

export interface OrderDef<C extends string = string> {
  /** Order name as requested → the source column it sorts by. */
  fields: Readonly<Record<string, C>>;
  /** Used when `order` is absent or names nothing valid. */
  default: OrderTerm<C>[];
  /** Column that breaks ties (the table's id). */
  tieBreaker: C;
}

export function orderTerms<C extends string>(query: URLSearchParams, def: OrderDef<C>): OrderTerm<C>[] {
  const all = query.getAll('order');
  const raw = all.length ? all[all.length - 1] : '';
  const parts = raw.split(',');
  if (parts.length > ORDER_MAX_TERMS) throw validationError({ order: [`Ensure this field has no more than ${ORDER_MAX_TERMS} terms.`] });
  const terms: OrderTerm<C>[] = [];
  const seen = new Set<C>();
  for (const part of parts) {
    const name = part.trim();
    const desc = name.startsWith('-');
    const key = desc ? name.slice(1) : name;
    if (!Object.hasOwn(def.fields, key) || seen.has(def.fields[key])) continue;
    seen.add(def.fields[key]);
    terms.push({ sql: def.fields[key], desc });
    if (def.fields[key] === def.tieBreaker) break;
  }
  const chosen = terms.length ? terms : def.default;
  if (chosen.some((t) => t.sql === def.tieBreaker)) return chosen;
  return [...chosen, { sql: def.tieBreaker, desc: chosen[chosen.length - 1]?.desc ?? false }];
}
