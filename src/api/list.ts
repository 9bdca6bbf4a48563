// One list request: filters, search, order and pagination over one source.
// Two statements (count, page) whatever the page size; the resource then
// loads related rows with one IN (...) query per kind.
import { countRows, selectRows, type Condition, type ListQuery, type ListSource, type RowRevision } from '../db/listing.ts';
import type { ApiContext } from '../http/context.ts';
import { filterConditions, type FilterDef } from './filters.ts';
import { orderTerms, type OrderDef } from './order.ts';
import { linkHeader, pageRequest, resolvePage } from './pagination.ts';
import { searchCondition } from './search.ts';

export interface ListDef<R, C extends string> {
  source: ListSource<R, C>;
  filters: readonly FilterDef<C>[];
  order: OrderDef<C>;
  /** Columns `q` searches; absent = the endpoint ignores `q`. */
  search?: readonly C[];
}

/** Declares a list over a source, checking its column names. */
export const listDef = <R, C extends string>(def: ListDef<R, C>): ListDef<R, C> => def;

export interface ListResult<R> {
  rows: R[];
  headers: { Link: string };
}

/** The page a request asks for, and its Link header. */
function pageOf<R, C extends string>(ctx: ApiContext, def: ListDef<R, C>, scope: readonly Condition[]): { query: ListQuery<C>; headers: { Link: string } } {
  const request = pageRequest(ctx.query);
  const conditions = [...scope, ...filterConditions(ctx, def.source, def.filters)];
  const search = def.search ? searchCondition(ctx.db, ctx.query, def.source, def.search) : null;
  if (search) conditions.push(search);
  const matches = countRows(ctx.db, def.source, conditions);
  const page = resolvePage(request, matches);
  const query = { conditions, order: orderTerms(ctx.query, def.order), limit: page.perPage, offset: page.offset, matches };
  return { query, headers: { Link: linkHeader(ctx, page) } };
}

export function runList<R, C extends string>(ctx: ApiContext, def: ListDef<R, C>, scope: readonly Condition[] = []): ListResult<R> {
  const { query, headers } = pageOf(ctx, def, scope);
  return { rows: selectRows(ctx.db, def.source, query), headers };
}

/** runList reading the page's ids and revisions only (the source has a revision column). */
export function runRevisionList<R, C extends string>(ctx: ApiContext, def: ListDef<R, C>, scope: readonly Condition[] = []): ListResult<RowRevision> {
  const { query, headers } = pageOf(ctx, def, scope);
  return { rows: selectRows(ctx.db, def.source, query, true), headers };
}
