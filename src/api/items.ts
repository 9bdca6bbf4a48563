// Rendered list items, reused while their data is unchanged
// (docs/PERFORMANCE.md, "Serialization"). An item's own row is always read
// from the database; only turning it into JSON is skipped. An entry keeps
// what it was rendered from and is used only when what is read for this
// request holds the same values: either the rows of the item and of
// everything it embeds (listItems), or its own row and a generation that
// triggers move when what it embeds changes (itemsOfRows, sql/0008).
// A write anywhere changes what is read, so a stale text is never served.
// One cache per thread (each read worker has its own); bounded in bytes,
// keys, texts and views included.
import { keptGeneration, type RowRevision } from '../db/listing.ts';
import type { ApiContext } from '../http/context.ts';
import type { JsonText } from '../http/json.ts';
import { BoundedMap } from '../util/bounded.ts';

export const DEFAULT_ITEM_BYTES = 16 * 1024 * 1024;

/** Same values throughout: the plain data (rows, arrays, strings, numbers)
 * views are made of. `proven` holds pairs of objects already found the same
 * (kept object → object read now): the items of a page share their project,
 * state and series rows, which are then compared once per page. */
export function sameData(a: unknown, b: unknown, proven?: Map<object, object>): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (proven?.get(a) === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i], proven)) return false;
  } else {
    if (Array.isArray(b)) return false;
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    let keys = 0;
    for (const k in x) {
      if (!sameData(x[k], y[k], proven)) return false;
      keys++;
    }
    for (const _ in y) keys--;
    if (keys !== 0) return false;
  }
  proven?.set(a, b);
  return true;
}

/** What a view holds in memory, roughly: strings count two bytes a character. */
function dataBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 16 + 2 * value.length;
    case 'object': {
      if (value === null) return 8;
      let bytes = 32;
      if (Array.isArray(value)) for (const v of value) bytes += 8 + dataBytes(v);
      else for (const k in value) bytes += 8 + 2 * k.length + dataBytes((value as Record<string, unknown>)[k]);
      return bytes;
    }
    default:
      return 8;
  }
}

/** Prefixes interned at most before the table starts again (old numbers
 * are not reused, so entries under them are only left to be evicted). */
const PREFIXES_MAX = 1024;
const ID_LIMIT = 2 ** 32;
const PREFIX_LIMIT = 2 ** 20;

export class ItemCache {
  private readonly entries: BoundedMap<{ view: unknown; text: JsonText }, number>;
  private readonly prefixes = new Map<string, number>();
  private nextPrefix = 1;

  constructor(maxBytes = DEFAULT_ITEM_BYTES) {
    this.entries = new BoundedMap(maxBytes);
  }

  /** The key of an item: what its text depends on besides its row (see
   * listItems) as an interned number, and its id. A number hashes at once;
   * a string built per item and request had to be flattened and hashed on
   * every lookup. Null for an id too large to share a key (never kept). */
  key(prefix: string, id: number): number | null {
    if (!Number.isSafeInteger(id) || id < 0 || id >= ID_LIMIT) return null;
    let p = this.prefixes.get(prefix);
    if (p === undefined) {
      if (this.prefixes.size >= PREFIXES_MAX) this.prefixes.clear();
      if (this.nextPrefix >= PREFIX_LIMIT) {
        this.entries.clear();
        this.nextPrefix = 1;
      }
      this.prefixes.set(prefix, (p = this.nextPrefix++));
    }
    return p * ID_LIMIT + id;
  }

  /** The item's text: the kept one if its view holds the same values, else `render(view)`, kept. */
  text<V>(key: number | null, view: V, render: (view: V) => JsonText, proven?: Map<object, object>): JsonText {
    return this.kept(key, view, proven) ?? this.keep(key, view, render(view));
  }

  /** The text kept under key if it was rendered from the same values as `view`. */
  kept(key: number | null, view: unknown, proven?: Map<object, object>): JsonText | undefined {
    const kept = key === null ? undefined : this.entries.get(key);
    return kept && sameData(kept.view, view, proven) ? kept.text : undefined;
  }

  /** Keeps the text rendered from `view`, as bytes. */
  keep(key: number | null, view: unknown, rendered: JsonText): JsonText {
    const text = rendered.compact();
    if (key !== null) this.entries.set(key, { view, text }, text.bytes.length + dataBytes(view));
    return text;
  }

  /** Entries and bytes held (for tests). */
  size(): { entries: number; bytes: number } {
    return this.entries.size;
  }
}

export const itemCache = new ItemCache();

/** A page of list items, each rendered once per distinct data. `kind` names
 * the resource's list representation; the key adds what else the text
 * depends on: the version (its fields, and the segment links carry) and the
 * host links are built from. */
export function listItems<V>(ctx: ApiContext, kind: string, views: readonly V[], id: (view: V) => number, render: (view: V) => JsonText): JsonText[] {
  const prefix = `${kind} ${ctx.version.segment ?? '-'} ${ctx.base} `;
  const proven = new Map<object, object>();
  return views.map((view) => itemCache.text(itemCache.key(prefix, id(view)), view, render, proven));
}

/** A page of list items kept at their list's generation (`<kind>_items` in
 * list_generations, sql/0008), which triggers move when what the items
 * embed changes: an item kept at the same generation and the same `own`
 * (what is read of the item's own row) is used as it is, and only the
 * others are rendered (`render` gets them in page order and returns their
 * texts in the same order). Where nothing may be kept (inside a write
 * transaction) every item is rendered. */
function keptAtGeneration<K extends { id: number }>(
  ctx: ApiContext,
  kind: 'patch' | 'series' | 'event',
  page: readonly K[],
  own: (k: K) => unknown,
  render: (missing: K[]) => JsonText[],
): JsonText[] {
  const generation = keptGeneration(ctx.db, `${kind}_items`);
  if (generation === null) return render([...page]);
  const prefix = `${kind} ${ctx.version.segment ?? '-'} ${ctx.base} `;
  const keys = page.map((k) => itemCache.key(prefix, k.id));
  const views = page.map((k) => ({ generation, own: own(k) }));
  const texts = page.map((_, i) => itemCache.kept(keys[i], views[i]));
  const missing = page.filter((_, i) => texts[i] === undefined);
  if (missing.length === 0) return texts as JsonText[];
  const rendered = render(missing);
  let next = 0;
  return texts.map((text, i) => text ?? itemCache.keep(keys[i], views[i], rendered[next++]));
}

/** Items whose own row is read in full and compared: what they embed is
 * loaded only for the ones rendered (`render` gets their rows). */
export function itemsOfRows<R extends { id: number }>(
  ctx: ApiContext,
  kind: 'patch' | 'series' | 'event',
  rows: readonly R[],
  render: (rows: R[]) => JsonText[],
): JsonText[] {
  return keptAtGeneration(ctx, kind, rows, (row) => row, render);
}

/** Items of a table whose rows carry a revision (patches.rev, sql/0010):
 * a kept item at the same revision is used without its row being read at
 * all; `render` gets the ids of the others. */
export function itemsOfRevisions(ctx: ApiContext, kind: 'patch', keys: readonly RowRevision[], render: (ids: number[]) => JsonText[]): JsonText[] {
  return keptAtGeneration(ctx, kind, keys, (k) => k.rev, (missing) => render(missing.map((k) => k.id)));
}
