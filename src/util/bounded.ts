// A map bounded in bytes (keys included) for what is kept between requests
// under keys the client chooses: page counts, search decisions and
// deep-page positions per connection (db/listing.ts), rendered list items
// per thread (api/items.ts). Eviction is a second chance rather than exact
// LRU: a read only marks its entry used, so the hot path of a hit does not
// move the entry in the map; when the budget is passed a tenth goes at once,
// oldest first, an entry used since the last pass moving to the end instead.

/** Map entry and entry object, roughly. */
const ENTRY_OVERHEAD = 120;

interface Entry<V> {
  value: V;
  bytes: number;
  used: boolean;
}

/** A string key counts two bytes a character; a number, eight. */
const keyBytes = (key: string | number) => (typeof key === 'string' ? 2 * key.length : 8);

export class BoundedMap<V, K extends string | number = string> {
  private readonly entries = new Map<K, Entry<V>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    e.used = true;
    return e.value;
  }

  /** Keeps the value; `valueBytes` is what it holds beyond the key. One
   * entry over a quarter of the budget is not kept. */
  set(key: K, value: V, valueBytes: number): void {
    this.delete(key);
    const bytes = ENTRY_OVERHEAD + keyBytes(key) + valueBytes;
    if (bytes > this.maxBytes / 4) return;
    this.entries.set(key, { value, bytes, used: false });
    this.bytes += bytes;
    if (this.bytes <= this.maxBytes) return;
    // Each pass first steps over the slots earlier passes emptied at the
    // front of the map, which is why a tenth goes at once.
    const target = this.maxBytes * 0.9;
    for (const [k, e] of this.entries) {
      if (this.bytes <= target) break;
      this.entries.delete(k);
      if (e.used) {
        e.used = false;
        this.entries.set(k, e);
      } else {
        this.bytes -= e.bytes;
      }
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  delete(key: K): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/** One value per connection (a map, a transaction function), made on first use. */
export function perConnection<K extends object, V>(make: (owner: K) => V): (owner: K) => V {
  const maps = new WeakMap<K, V>();
  return (owner) => {
    let m = maps.get(owner);
    if (!m) maps.set(owner, (m = make(owner)));
    return m;
  };
}
