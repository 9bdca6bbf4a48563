// Numbered migrations from sql/, tracked with PRAGMA user_version.
import type Database from 'better-sqlite3';
import { listAssets, readAsset } from '../runtime/assets.ts';
import { OperationalError } from '../runtime/errors.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(): Migration[] {
  return listAssets('sql')
    .filter((name) => /\/\d{4}_[\w-]+\.sql$/.test(name))
    .map((name) => {
      const base = name.slice(name.lastIndexOf('/') + 1);
      return { version: Number(base.slice(0, 4)), name: base, sql: readAsset(name).toString('utf8') };
    })
    .sort((a, b) => a.version - b.version);
}

/** Applies every migration newer than the database, each in its own
 * transaction; returns the names applied. */
export function migrate(db: Database.Database, migrations = loadMigrations()): string[] {
  const applied: string[] = [];
  for (const m of migrations) {
    // IMMEDIATE takes the write lock before reading user_version, so two
    // processes starting at once cannot both apply the same migration.
    const step = db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (m.version <= current) return false;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    if (step.immediate()) applied.push(m.name);
  }
  return applied;
}

/** A database written by a newer pwlite may hold what this one cannot read
 * or would damage: refuse it rather than run on a schema we do not know. */
export function checkSchemaNotNewer(db: Database.Database, path: string, migrations = loadMigrations()): void {
  const known = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > known) {
    throw new OperationalError(
      `${path} has schema version ${current}, newer than this pwlite knows (${known}): it was used by a newer pwlite. ` +
        'Run that version again, or restore a backup taken before the upgrade.',
    );
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
