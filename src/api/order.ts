// The `order` parameter (API.md §2.2): comma-separated names, `-` for
// descending; unknown names dropped; id breaks ties so pages never overlap.
import type { OrderTerm } from '../db/listing.ts';

/** Order name → SQL expression over the listed table (fixed, never from the request). */
export type OrderFields = Record<string, string>;

export interface OrderDef {
  fields: OrderFields;
  /** Used when `order` is absent or names nothing valid. */
  default: OrderTerm[];
  /** Column that breaks ties (the table's id). */
  tieBreaker: string;
}

export function orderTerms(query: URLSearchParams, def: OrderDef): OrderTerm[] {
  const all = query.getAll('order');
  const raw = all.length ? all[all.length - 1] : '';
  const terms: OrderTerm[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim();
    const desc = name.startsWith('-');
    const sql = def.fields[desc ? name.slice(1) : name];
    if (sql && Object.hasOwn(def.fields, desc ? name.slice(1) : name)) terms.push({ sql, desc });
  }
  const chosen = terms.length ? terms : def.default;
  if (chosen.some((t) => t.sql === def.tieBreaker)) return chosen;
  return [...chosen, { sql: def.tieBreaker, desc: chosen[chosen.length - 1]?.desc ?? false }];
}
