// Rendered read responses, kept until the database changes. Clients poll
// the same lists over and over (CI bots on events/, b4 and git-pw on
// patches/); between two writes the answer is the same bytes. Every request
// asks SQLite for its data version (total_changes() for this connection's
// writes, data_version for other connections' commits), so an entry never
// outlives the data it was rendered from. Bounded in bytes: key, headers and
// body of every entry, plus what the map spends per entry.
import type { Db } from '../db/connection.ts';
import { databaseVersion } from '../db/listing.ts';

export interface CachedResponse {
  body: Buffer;
  headers: Record<string, string>;
}

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** Map entry, response object and header object, roughly. */
const ENTRY_OVERHEAD = 200;

/** What an entry holds in memory: strings count two bytes a character at most. */
export function entryBytes(key: string, response: CachedResponse): number {
  let bytes = ENTRY_OVERHEAD + 2 * key.length + response.body.length;
  for (const [name, value] of Object.entries(response.headers)) bytes += 2 * (name.length + value.length);
  return bytes;
}

interface Generation {
  version: string;
  entries: Map<string, CachedResponse & { bytes: number }>;
  bytes: number;
}

export class ResponseCache {
  private readonly generations = new WeakMap<Db, Generation>();

  constructor(private readonly maxBytes = DEFAULT_CACHE_BYTES) {}

  /** The generation matching the database's current version (a new, empty one after a change). */
  private current(db: Db): Generation {
    const version = databaseVersion(db);
    let g = this.generations.get(db);
    if (!g || g.version !== version) this.generations.set(db, (g = { version, entries: new Map(), bytes: 0 }));
    return g;
  }

  /** The cached response, if it was rendered from the database's current
   * data. A key not held costs no version check: the check reads SQLite,
   * and most requests a busy instance answers are not in the cache. */
  get(db: Db, key: string): CachedResponse | undefined {
    const g = this.generations.get(db);
    const hit = g?.entries.get(key);
    if (!hit || this.current(db) !== g) return undefined;
    // Least recently used first: a hit moves to the end.
    g.entries.delete(key);
    g.entries.set(key, hit);
    return hit;
  }

  /** The version a response is stored with: read in the transaction that
   * rendered it (its snapshot), so that set() can tell whether the data is
   * still what the response shows. */
  version(db: Db): string {
    return databaseVersion(db);
  }

  /** Stores a response rendered at `version`, unless the database changed
   * since. */
  set(db: Db, key: string, version: string, response: CachedResponse): void {
    const bytes = entryBytes(key, response);
    if (bytes > this.maxBytes / 4) return;
    const g = this.current(db);
    if (g.version !== version) return;
    const old = g.entries.get(key);
    if (old) {
      g.entries.delete(key);
      g.bytes -= old.bytes;
    }
    g.entries.set(key, { ...response, bytes });
    g.bytes += bytes;
    for (const [k, v] of g.entries) {
      if (g.bytes <= this.maxBytes) break;
      g.entries.delete(k);
      g.bytes -= v.bytes;
    }
  }

  /** Entries and bytes held for this database's current data (for tests and the abuse benchmark). */
  size(db: Db): { entries: number; bytes: number } {
    const g = this.generations.get(db);
    return g && g.version === databaseVersion(db) ? { entries: g.entries.size, bytes: g.bytes } : { entries: 0, bytes: 0 };
  }
}
