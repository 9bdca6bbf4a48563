// `pwlite hash`: the patch hash of a diff (docs/ingest.md §2.7, §10), for git
// hooks that match commits to patches: `git diff C~..C | pwlite hash`.
import { readFile } from 'node:fs/promises';
import { hashDiff } from '../mail/hash.ts';
import { CliError, parse, type Command } from './context.ts';

const USAGE = `pwlite hash [FILE]

Prints the patch hash (40 hex digits) of the diff in FILE or on stdin, the
same value pwlite stores for a patch with that diff and that the API's
hash filter matches.`;

const OPTIONS = {
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const hashCommand: Command = {
  name: 'hash',
  summary: 'print the patch hash of a diff',
  help: USAGE,
  async run(args, ctx) {
    const { positionals } = parse(args, OPTIONS, USAGE);
    if (positionals.length > 1) throw new CliError(`one diff at a time\nusage: ${USAGE}`, 2);
    const file = positionals[0];
    let diff: Buffer;
    try {
      diff = file === undefined || file === '-' ? await ctx.readStdin() : await readFile(file);
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
    }
    ctx.out(hashDiff(diff.toString('utf8')));
  },
};
