// The `order` parameter (API.md §2.2): comma-separated names, `-` for
// descending; unknown names dropped; id breaks ties so pages never overlap.
import type { OrderTerm } from '../db/listing.ts';

/** Order name → SQL expression over the listed table (fixed, never from the
 * request), or an expression with the join in front of the table that
 * provides it (so the planner walks the joined table's index in order). */
export type OrderFields = Record<string, string | { sql: string; from: string }>;

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
    const field = def.fields[desc ? name.slice(1) : name];
    if (field && Object.hasOwn(def.fields, desc ? name.slice(1) : name)) {
      terms.push(typeof field === 'string' ? { sql: field, desc } : { ...field, desc });
    }
  }
  const chosen = terms.length ? terms : def.default;
  if (chosen.some((t) => t.sql === def.tieBreaker)) return chosen;
  return [...chosen, { sql: def.tieBreaker, desc: chosen[chosen.length - 1]?.desc ?? false }];
}
