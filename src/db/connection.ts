// Opening the database: pragmas, the native addon, migrations.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSingleExecutable, readAsset } from '../runtime/assets.ts';
import { migrate } from './migrate.ts';

export type Db = Database.Database;

export const DEFAULT_DB_PATH = 'pwlite.sqlite3';

export function defaultDbPath(): string {
  return process.env.PWLITE_DB || DEFAULT_DB_PATH;
}

function cacheDir(): string {
  if (process.env.PWLITE_CACHE_DIR) return process.env.PWLITE_CACHE_DIR;
  if (process.env.XDG_CACHE_HOME) return join(process.env.XDG_CACHE_HOME, 'pwlite');
  const home = homedir();
  return home ? join(home, '.cache', 'pwlite') : join(tmpdir(), `pwlite-${process.getuid?.() ?? 'user'}`);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** In the single executable, require() cannot load the addon from inside the
 * binary: it is written to a per-user cache file and dlopen'ed from there. The
 * file's hash is checked on every start, so a stale or altered copy is
 * replaced rather than loaded. */
function nativeBinding(): object | undefined {
  if (!isSingleExecutable) return undefined;
  const bytes = readAsset('better_sqlite3.node');
  const digest = sha256(bytes);
  const dir = cacheDir();
  const file = join(dir, `better_sqlite3-${digest.slice(0, 16)}.node`);
  if (!existsSync(file) || sha256(readFileSync(file)) !== digest) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, bytes, { mode: 0o700 });
    // rename is atomic: concurrent first starts never dlopen a half-written file.
    renameSync(partial, file);
  }
  const mod = { exports: {} as object };
  process.dlopen(mod, file);
  return mod.exports;
}

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  readonly?: boolean;
}

export function openDb(path: string, options: OpenOptions = {}): Db {
  const binding = nativeBinding();
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    timeout: 30_000,
    // The typings only know the string form; the addon object is supported too.
    ...(binding ? { nativeBinding: binding as unknown as string } : {}),
  });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  if (options.migrate ?? true) migrate(db);
  return db;
}
