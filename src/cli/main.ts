// Dispatch: `pwlite [--db FILE] COMMAND [args]`. Runs in-process for tests.
import { CliContext, CliError, defaultDbPath, type Io } from './context.ts';
import { COMMANDS } from './commands.ts';
import { sqliteVersion } from '../db/connection.ts';
import { versionText } from '../runtime/version.ts';
import { OperationalError } from '../runtime/errors.ts';
import { splitArgv } from './argv.ts';

async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: pwlite [--db FILE] COMMAND [options]',
    '',
    'A Patchwork-compatible patch tracker. The database is FILE, $PWLITE_DB, or',
    './pwlite.sqlite3; it is created and migrated on first use.',
    '',
    'options:',
    '  --db FILE      the database',
    '  --version, -V  pwlite, Node.js and SQLite versions',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'pwlite COMMAND --help' for a command's options.",
  ].join('\n');
}

/** Operational errors (OperationalError, or a system call's error such as
 * ENOENT) are their message alone; anything else is a bug, shown with its
 * stack for the report. */
function describeError(e: unknown): string {
  if (e instanceof OperationalError) return e.message;
  const err = e as NodeJS.ErrnoException;
  if (err instanceof Error && typeof err.code === 'string' && err.syscall) return err.message;
  return (err instanceof Error ? err.stack : undefined) ?? String(e);
}

export async function main(argv: string[], io: Io): Promise<number> {
  let ctx: CliContext | null = null;
  try {
    const { db, rest } = splitArgv(argv);
    if (db === null) throw new CliError('--db needs a file name', 2);
    const [name, ...args] = rest;
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write((await usage()) + '\n');
      return name ? 0 : 2;
    }
    if (name === '--version' || name === '-V') {
      io.stdout.write(versionText(sqliteVersion()) + '\n');
      return 0;
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!load) throw new CliError(`unknown command '${name}'\n\n${await usage()}`, 2);
    const command = await load();
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout.write(`${command.summary}\n\nusage: ${command.help}\n`);
      return 0;
    }
    ctx = new CliContext(db ?? defaultDbPath(), io);
    return (await command.run(args, ctx)) ?? 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr.write(`pwlite: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr.write(`pwlite: ${describeError(e)}\n`);
    return 1;
  } finally {
    ctx?.close();
  }
}
