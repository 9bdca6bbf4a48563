// `pwlite backup FILE`: a consistent copy of the live database through
// SQLite's online backup API, while `serve` and `parsemail` keep writing.
import { closeSync, constants, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { CliError, parse, type Command } from './context.ts';
import { openDb } from '../db/connection.ts';
import { schemaVersion } from '../db/migrate.ts';

const USAGE = `pwlite backup FILE

Copies the database to FILE (created 0600; it must not exist yet) while the
server and the MTA keep writing: the copy is the database as it was at one
instant, checked with SQLite's quick_check before the command ends.
To restore: stop pwlite (serve and the MTA's parsemail), delete the
database's -wal and -shm files, copy FILE over the database, start again.`;

export const backupCommand: Command = {
  name: 'backup',
  summary: 'copy the live database to a file, consistently',
  help: USAGE,
  async run(args, ctx) {
    const { positionals } = parse(args, { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
    if (positionals.length !== 1) throw new CliError(`give one file to write\nusage: ${USAGE}`, 2);
    const target = positionals[0];
    if (existsSync(target)) throw new CliError(`${target} exists already: remove it or choose another name`);
    if (!existsSync(ctx.dbPath)) throw new CliError(`there is no database ${ctx.dbPath} to back up`);
    const source = openDb(ctx.dbPath, { migrate: false });
    // Written under a temporary name, so a failed backup leaves no FILE
    // that looks complete.
    const partial = `${target}.partial-${process.pid}`;
    try {
      closeSync(openSync(partial, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
    } catch (e) {
      source.close();
      throw new CliError(`cannot create ${target}: ${(e as Error).message}`);
    }
    try {
      // The first step copies 100 pages; after it, everything in one step:
      // a step is one read transaction, a consistent snapshot that writers
      // in WAL mode do not wait for, where small steps would restart each
      // time another connection writes between them.
      await source.backup(partial, { progress: () => Number.MAX_SAFE_INTEGER });
      const copy = openDb(partial, { migrate: false, readonly: true });
      try {
        const check = copy.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw new CliError(`the copy failed SQLite's quick_check: ${String(check)}`);
        renameSync(partial, target);
        ctx.out(`backed up ${ctx.dbPath} to ${target} (${(statSync(target).size / 1e6).toFixed(1)} MB, schema version ${schemaVersion(copy)})`);
      } finally {
        copy.close();
      }
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`backup of ${ctx.dbPath} to ${target} failed: ${(e as Error).message}`);
    } finally {
      source.close();
      for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
    }
  },
};
