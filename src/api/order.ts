// The `order` parameter (API.md §2.2): comma-separated names, `-` for
// descending; unknown names dropped; id breaks ties so pages never overlap.
import type { OrderTerm } from '../db/listing.ts';

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
  const terms: OrderTerm<C>[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim();
    const desc = name.startsWith('-');
    const key = desc ? name.slice(1) : name;
    if (Object.hasOwn(def.fields, key)) terms.push({ sql: def.fields[key], desc });
  }
  const chosen = terms.length ? terms : def.default;
  if (chosen.some((t) => t.sql === def.tieBreaker)) return chosen;
  return [...chosen, { sql: def.tieBreaker, desc: chosen[chosen.length - 1]?.desc ?? false }];
}
