// What every subcommand gets: parsed options, the database on demand, and
// streams (so tests can run commands in-process).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openDb, defaultDbPath, type Db } from '../db/connection.ts';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  isTTY: boolean;
}

export class CliContext {
  private db: Db | null = null;
  constructor(
    readonly dbPath: string,
    readonly io: Io,
  ) {}

  openDb(): Db {
    return (this.db ??= openDb(this.dbPath));
  }

  close(): void {
    this.db?.close();
    this.db = null;
  }

  out(line: string): void {
    this.io.stdout.write(line + '\n');
  }

  err(line: string): void {
    this.io.stderr.write(line + '\n');
  }

  async readStdin(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.io.stdin) chunks.push(Buffer.from(chunk as Buffer));
    return Buffer.concat(chunks);
  }
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text, shown by `pwlite NAME --help`. */
  help: string;
  run(args: string[], ctx: CliContext): Promise<number | void> | number | void;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with pwlite's conventions: unknown options and missing values
 * become CliErrors naming the problem. */
export function parse<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const unknown = err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(err.message)?.[1] : undefined;
    const message = unknown === undefined ? err.message : unknownOption(unknown, Object.keys(options));
    throw new CliError(`${message}\nusage: ${usage}`, 2);
  }
}

/** Node's own message suggests `-- "--x` with an unbalanced quote; ours names
 * the closest known option instead. */
function unknownOption(given: string, known: string[]): string {
  const name = given.replace(/^-+/, '').replace(/=.*$/, '');
  const close = known.filter((k) => k !== 'help' && editDistance(k, name) <= (k.length <= 3 ? 1 : 2));
  const hint = close.length ? `; did you mean ${close.map((k) => `--${k}`).join(' or ')}?` : '';
  return `unknown option '${given}'${hint} (a value that starts with '-' goes after '--', as in: -- ${given})`;
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

export function need<T>(value: T | undefined, what: string, usage: string): T {
  if (value === undefined || value === '') throw new CliError(`missing ${what}\nusage: ${usage}`, 2);
  return value;
}

export function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new CliError(`--${name} must be an integer, not '${value}'`, 2);
  return Number(value);
}

export { defaultDbPath };
