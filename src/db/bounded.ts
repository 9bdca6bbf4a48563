// A map bounded in bytes (keys included), least recently used dropped first:
// what a connection keeps between requests (page counts, search decisions,
// deep-page positions) is keyed by request parameters, which are the
// client's to choose.

/** Map entry and value object, roughly. */
const ENTRY_OVERHEAD = 100;

export class BoundedMap<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  /** Keeps the value; `valueBytes` is what it holds beyond the key. */
  set(key: string, value: V, valueBytes: number): void {
    this.delete(key);
    const bytes = ENTRY_OVERHEAD + 2 * key.length + valueBytes;
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [old, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(old);
      this.bytes -= e.bytes;
    }
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/** One map per connection, made on first use. */
export function perConnection<K extends object, V>(make: () => V): (owner: K) => V {
  const maps = new WeakMap<K, V>();
  return (owner) => {
    let m = maps.get(owner);
    if (!m) maps.set(owner, (m = make()));
    return m;
  };
}
