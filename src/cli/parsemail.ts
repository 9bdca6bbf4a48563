// `pwlite parsemail`: one mail, as an MTA pipes it (docs/ingest.md §2.1).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { CliError, parse, type CliContext, type Command } from './context.ts';
import { OperationalError } from '../runtime/errors.ts';
import { ingestMail, NO_PROJECT } from '../ingest/ingest.ts';
import { outcomeLine } from '../ingest/log.ts';
import { refuseIfPatchworkMirror } from './mirror-guard.ts';

const USAGE = `pwlite parsemail [FILE] [--list-id ID] [--mta] [--verbose]

Stores one mail (a patch, cover letter or comment) read from FILE or stdin.
  --list-id ID   route to the project with this list-id instead of the mail's
                 List-Id / X-Mailing-List / X-list headers
  --mta          for MTA pipes: exit 75 (EX_TEMPFAIL: the MTA keeps the mail
                 and retries) when it could not be stored for a reason that
                 is not the mail's (database locked past the timeout, disk
                 full, I/O error, database or its folder missing or not
                 writable), else 0 so the mail is never bounced (a malformed
                 or dropped mail is still reported on stderr)
  --verbose      also report duplicates and mails dropped for other reasons
                 than having no project (those are always reported)
Exit status: 0 when the mail was stored, dropped or a duplicate; 1 when it is
malformed (missing or broken From, Subject or Message-Id) or cannot be stored;
with --mta, 75 or 0 as above.`;

const OPTIONS = {
  db: { type: 'string' },
  'list-id': { type: 'string' },
  mta: { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** sysexits.h: the MTA queues the mail and delivers it again later. */
export const EX_TEMPFAIL = 75;

export const parsemailCommand: Command = {
  name: 'parsemail',
  summary: 'store one mail from stdin or a file',
  help: USAGE,
  async run(args, ctx) {
    const { values } = parse(args, OPTIONS, USAGE);
    if (!values.mta) return store(args, ctx);
    try {
      return await store(args, ctx);
    } catch (e) {
      // The mail never reached the database (it cannot be opened, the addon
      // cannot be unpacked, the command line is wrong): the fault is not the
      // mail's, so the MTA keeps it and retries until someone fixes this.
      ctx.err(`pwlite: ${e instanceof CliError || e instanceof OperationalError ? e.message : ((e as Error).stack ?? e)}`);
      return EX_TEMPFAIL;
    }
  },
};

async function store(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, USAGE);
  if (positionals.length > 1) throw new CliError(`one mail at a time\nusage: ${USAGE}`, 2);
  const file = positionals[0];
  let raw: Buffer;
  try {
    raw = file === undefined || file === '-' ? await ctx.readStdin() : await readFile(file);
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
  // A new database has no project, so every mail would be dropped: a wrong
  // --db in the MTA's configuration must not lose mail that way.
  if (!existsSync(ctx.dbPath)) {
    throw new OperationalError(`there is no database ${ctx.dbPath}: check --db or $PWLITE_DB, or create it and its projects first (pwlite --db ${ctx.dbPath} project add ...)`);
  }
  refuseIfPatchworkMirror(ctx.openDb(), 'parsemail');
  const outcome = ingestMail(ctx.openDb(), raw, { listId: values['list-id'] });
  const line = outcomeLine(outcome);
  // Like upstream, a mail no project takes is reported: the list-id is probably not configured.
  const unrouted = outcome.kind === 'dropped' && outcome.reason === NO_PROJECT;
  if (line && (outcome.kind === 'error' || unrouted || values.verbose)) ctx.err(line);
  if (outcome.kind !== 'error') return 0;
  if (values.mta) return outcome.temporary ? EX_TEMPFAIL : 0;
  return 1;
}
