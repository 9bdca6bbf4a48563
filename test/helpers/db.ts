import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../src/db/connection.ts';

/** A path for a database that does not exist yet, in a fresh temp dir. */
export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'pwlite-test-')), 'test.sqlite3');
}

export function tempDb(): { db: Db; path: string } {
  const path = tempDbPath();
  return { db: openDb(path), path };
}
