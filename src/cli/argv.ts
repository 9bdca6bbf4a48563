// The one command-line split every entry point needs before any command's
// code is loaded: `pwlite [--db FILE] COMMAND [args]`, `--db` wherever it stands.

export interface SplitArgv {
  /** The file after `--db`; null when `--db` ends the line without one. */
  db: string | null | undefined;
  /** Everything else, in order: the command and its arguments. */
  rest: string[];
}

export function splitArgv(argv: readonly string[]): SplitArgv {
  const rest: string[] = [];
  let db: string | null | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--db') db = argv[++i] ?? null;
    else if (a.startsWith('--db=')) db = a.slice(5);
    else rest.push(a);
  }
  return { db, rest };
}
