// The `q` parameter (docs/api.md §2.3): terms split on whitespace and commas,
// double-quoted phrases kept whole; every term must match some search field.
// Each term is one more condition per searched column in the statement; past
// SEARCH_MAX_TERMS distinct terms the request is refused as a field error
// (SQLite refuses a thousand: "Expression tree is too large").
import type { Db } from '../db/connection.ts';
import { where, type Condition, type ListSource } from '../db/listing.ts';
import { validationError } from '../http/errors.ts';

export const SEARCH_MAX_TERMS = 32;

export function searchTerms(q: string): string[] {
  const terms: string[] = [];
  const re = /"([^"]*)"|[^\s,"]+/g;
  for (let m = re.exec(q); m; m = re.exec(q)) {
    const term = m[1] ?? m[0];
    if (term !== '') terms.push(term);
  }
  return terms;
}

/** The condition for `q`, or null when there is nothing to search for. */
export function searchCondition<C extends string>(db: Db, query: URLSearchParams, source: ListSource<unknown, C>, columns: readonly C[]): Condition | null {
  const all = query.getAll('q');
  const q = all.length ? all[all.length - 1] : '';
  const terms = [...new Set(searchTerms(q))];
  if (terms.length > SEARCH_MAX_TERMS) throw validationError({ q: [`Ensure this field has no more than ${SEARCH_MAX_TERMS} terms.`] });
  return terms.length ? where.search(source, columns, terms, db) : null;
}
