// One list request: filters, search, order and pagination over one table.
// Two statements (count, page) whatever the page size; the resource then
// loads related rows with one IN (...) query per kind.
import { countRows, selectRows, type Condition } from '../db/listing.ts';
import type { ApiContext } from '../http/context.ts';
import { filterConditions, type FilterDef } from './filters.ts';
import { orderTerms, type OrderDef } from './order.ts';
import { linkHeader, pageRequest, resolvePage } from './pagination.ts';
import { searchCondition } from './search.ts';

export interface ListDef {
  table: string;
  /** SELECT list; the table's columns when absent. */
  columns?: string;
  filters: readonly FilterDef[];
  order: OrderDef;
  /** Columns `q` searches; absent = the endpoint ignores `q`. */
  search?: readonly string[];
}

export interface ListResult<R> {
  rows: R[];
  headers: { Link: string };
}

export function runList<R>(ctx: ApiContext, def: ListDef, scope: readonly Condition[] = []): ListResult<R> {
  const request = pageRequest(ctx.query);
  const conditions = [...scope, ...filterConditions(ctx, def.filters)];
  const search = def.search ? searchCondition(ctx.query, def.search) : null;
  if (search) conditions.push(search);
  const page = resolvePage(request, countRows(ctx.db, def.table, conditions));
  const rows = selectRows<R>(ctx.db, {
    table: def.table,
    columns: def.columns,
    conditions,
    order: orderTerms(ctx.query, def.order),
    limit: page.perPage,
    offset: page.offset,
  });
  return { rows, headers: { Link: linkHeader(ctx, page) } };
}
