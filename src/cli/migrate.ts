import { parse, type Command } from './context.ts';
import { openDb } from '../db/connection.ts';
import { migrate, schemaVersion } from '../db/migrate.ts';

const USAGE = 'pwlite migrate      create the database or bring its schema up to date';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'create or upgrade the database schema',
  help: USAGE,
  run(args, ctx) {
    parse(args, { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, USAGE);
    const db = openDb(ctx.dbPath, { migrate: false });
    try {
      const applied = migrate(db);
      for (const name of applied) ctx.out(`applied ${name}`);
      ctx.out(`schema version ${schemaVersion(db)}${applied.length ? '' : ' (up to date)'}`);
    } finally {
      db.close();
    }
  },
};
