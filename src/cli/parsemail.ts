// `pwlite parsemail`: one mail, as an MTA pipes it (INGEST.md §2.1).
import { readFile } from 'node:fs/promises';
import { CliError, parse, type Command } from './context.ts';
import { ingestMail, NO_PROJECT } from '../ingest/ingest.ts';
import { outcomeLine } from '../ingest/log.ts';
import { refuseIfPatchworkMirror } from './mirror-guard.ts';

const USAGE = `pwlite parsemail [FILE] [--list-id ID] [--mta] [--verbose]

Stores one mail (a patch, cover letter or comment) read from FILE or stdin.
  --list-id ID   route to the project with this list-id instead of the mail's
                 List-Id / X-Mailing-List / X-list headers
  --mta          for MTA pipes: always exit 0 so the mail is never bounced
                 (problems are still reported on stderr)
  --verbose      also report duplicates and mails dropped for other reasons
                 than having no project (those are always reported)
Exit status: 0 when the mail was stored, dropped or a duplicate; 1 when it is
malformed (missing or broken From, Subject or Message-Id) or cannot be stored.`;

const OPTIONS = {
  db: { type: 'string' },
  'list-id': { type: 'string' },
  mta: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const parsemailCommand: Command = {
  name: 'parsemail',
  summary: 'store one mail from stdin or a file',
  help: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parse(args, OPTIONS, USAGE);
    if (positionals.length > 1) throw new CliError(`one mail at a time\nusage: ${USAGE}`, 2);
    const file = positionals[0];
    let raw: Buffer;
    try {
      raw = file === undefined || file === '-' ? await ctx.readStdin() : await readFile(file);
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
    }
    refuseIfPatchworkMirror(ctx.openDb(), 'parsemail');
    const outcome = ingestMail(ctx.openDb(), raw, { listId: values['list-id'] });
    const line = outcomeLine(outcome);
    // Like upstream, a mail no project takes is reported: the list-id is probably not configured.
    const unrouted = outcome.kind === 'dropped' && outcome.reason === NO_PROJECT;
    if (line && (outcome.kind === 'error' || unrouted || values.verbose)) ctx.err(line);
    return outcome.kind === 'error' && !values.mta ? 1 : 0;
  },
};
