// Opening the database: file mode, the native addon, pragmas, migrations,
// and errors that name the file.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, statSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isSingleExecutable } from '../runtime/assets.ts';
import { loadEmbeddedAddon } from '../runtime/addon.ts';
import { OperationalError } from '../runtime/errors.ts';
import { isTemporaryFailure } from './errors.ts';
import { checkSchemaNotNewer, migrate } from './migrate.ts';

export type Db = Database.Database;

export const DEFAULT_DB_PATH = 'pwlite.sqlite3';

export function defaultDbPath(): string {
  return process.env.PWLITE_DB || DEFAULT_DB_PATH;
}

let binding: object | undefined;

/** In the single executable, require() cannot load the addon from inside the
 * binary: it is unpacked to a private file first (runtime/addon.ts). */
function nativeBinding(): object | undefined {
  if (!isSingleExecutable) return undefined;
  return (binding ??= loadEmbeddedAddon('better_sqlite3.node'));
}

/** The SQLite library's version (`pwlite --version`). */
export function sqliteVersion(): string {
  const db = new Database(':memory:', nativeBinding() ? { nativeBinding: nativeBinding() as unknown as string } : {});
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

/** SQLite creates its files 0644 and gives -wal and -shm the database's own
 * mode: creating the database first, 0600, keeps all three private. */
function createPrivately(path: string): void {
  if (path === ':memory:' || path === '' || existsSync(path)) return;
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return; // another process created it first
    const dir = dirname(resolve(path));
    if (code === 'ENOENT') throw new OperationalError(`cannot create database ${path}: directory ${dir} does not exist`);
    if (code === 'EACCES' || code === 'EPERM') throw new OperationalError(`cannot create database ${path}: no permission to write in ${dir}`);
    throw new OperationalError(`cannot create database ${path}: ${(e as Error).message}`, isTemporaryFailure(e));
  }
  closeSync(fd);
}

/** An SQLite error while opening, as a message naming the file. */
function openError(path: string, e: unknown): Error {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e as Error;
  if (code === 'SQLITE_NOTADB') return new OperationalError(`${path} is not an SQLite database (or is encrypted or damaged)`);
  if (code.startsWith('SQLITE_CANTOPEN')) {
    const what = existsSync(path) && statSync(path).isDirectory() ? 'it is a directory' : (e as Error).message;
    return new OperationalError(`cannot open database ${path}: ${what}`, isTemporaryFailure(e));
  }
  if (code.startsWith('SQLITE_READONLY')) return new OperationalError(`cannot write to database ${path}: ${(e as Error).message}`, true);
  return new OperationalError(`database ${path}: ${(e as Error).message}`, isTemporaryFailure(e));
}

export interface OpenOptions {
  /** Apply pending migrations (default true). */
  migrate?: boolean;
  readonly?: boolean;
}

export function openDb(path: string, options: OpenOptions = {}): Db {
  const native = nativeBinding();
  if (!options.readonly) createPrivately(path);
  let db: Db | undefined;
  try {
    db = new Database(path, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      timeout: 30_000,
      // The typings only know the string form; the addon object is supported too.
      ...(native ? { nativeBinding: native as unknown as string } : {}),
    });
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    checkSchemaNotNewer(db, path);
    if (options.migrate ?? true) migrate(db);
    return db;
  } catch (e) {
    db?.close();
    throw openError(path, e);
  }
}
