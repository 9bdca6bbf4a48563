// `pwlite parsearchive`: a whole mbox or Maildir (INGEST.md §2.2).
import { CliError, parse, type CliContext, type Command } from './context.ts';
import { ArchiveNotFoundError, formatReport, importMessages, openSource } from '../ingest/archive.ts';
import { outcomeLine } from '../ingest/log.ts';
import { Progress } from './progress.ts';
import { importInbox, isInbox } from '../ingest/inbox.ts';
import { refuseIfPatchworkMirror } from './mirror-guard.ts';

const USAGE = `pwlite parsearchive PATH [--list-id ID] [--format mboxo|mboxrd] [--quiet] [--verbose]

Imports every mail of PATH: an mbox file (plain, .gz, .xz, .zst or .bz2,
recognised by content), a Maildir directory (cur/ and new/), a public-inbox
archive (a v2 inbox folder holding git/0.git, git/1.git, ..., or one epoch
repository, bare or not), or - for an uncompressed mbox on stdin. A
public-inbox archive is read in commit order and only the commits after the
last one imported are read again, so run it after each 'git fetch'. Each mail is stored in its own transaction;
importing the same archive again adds nothing (replies that come before their
parent are picked up in a second pass, which a stream on stdin cannot have).
  --list-id ID     route every mail to the project with this list-id
  --format F       mbox quoting: mboxrd un-escapes >From lines; by default
                   mboxrd is assumed when the first separator is 'From mboxrd@'
  --quiet          no progress and no report
  --verbose        also report dropped and duplicate mails
Broken mails are counted and reported on stderr with their Message-ID (or
position) and the reason; they never stop the import.`;

const OPTIONS = {
  db: { type: 'string' },
  'list-id': { type: 'string' },
  format: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, USAGE);
  if (positionals.length !== 1) throw new CliError(`give one archive\nusage: ${USAGE}`, 2);
  const format = values.format;
  if (positionals[0] !== '-' && isInbox(positionals[0])) return runInbox(positionals[0], values, ctx);
  if (format !== undefined && format !== 'mboxo' && format !== 'mboxrd') throw new CliError(`--format must be mboxo or mboxrd, not '${format}'`, 2);
  let source;
  try {
    source = await openSource(positionals[0], format, ctx.io.stdin as AsyncIterable<Buffer>);
  } catch (e) {
    if (e instanceof ArchiveNotFoundError) throw new CliError(e.message);
    throw e;
  }
  const db = ctx.openDb();
  refuseIfPatchworkMirror(db, 'parsearchive');
  const progress = !values.quiet && ctx.io.isTTY ? new Progress(ctx.io.stderr, source.done) : null;
  let counters;
  // Ctrl-C ends the import after the current mail, commits what is stored and
  // still reports; a second Ctrl-C kills the process as usual.
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.once('SIGINT', interrupt);
  try {
    counters = await importMessages(db, source.messages, { listId: values['list-id'] }, {
      onMessage(message, outcome, c) {
        const line = outcomeLine(outcome, message.position);
        if (line && (outcome.kind === 'error' || values.verbose)) {
          progress?.clear();
          ctx.err(line);
        }
        progress?.update(c.messages);
      },
      stop: () => interrupted,
    }, source.reread);
  } catch (e) {
    progress?.clear();
    process.off('SIGINT', interrupt);
    // Mails stored before this point stay stored; a rerun skips them as duplicates.
    throw new CliError(`import of ${positionals[0]} stopped: ${(e as Error).message}`);
  }
  process.off('SIGINT', interrupt);
  progress?.finish(counters.messages);
  if (interrupted) ctx.err('interrupted: the mails below are stored; run the same command again to continue');
  if (!values.quiet) ctx.out(formatReport(counters));
  return interrupted ? 130 : 0;
}

async function runInbox(path: string, values: { 'list-id'?: string; quiet?: boolean; verbose?: boolean }, ctx: CliContext): Promise<number> {
  const db = ctx.openDb();
  refuseIfPatchworkMirror(db, 'parsearchive');
  let planned = 0;
  let seen = 0;
  const progress = !values.quiet && ctx.io.isTTY ? new Progress(ctx.io.stderr, () => (planned ? seen / planned : 1)) : null;
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.once('SIGINT', interrupt);
  let result;
  try {
    result = await importInbox(db, path, { listId: values['list-id'] }, {
      onPlanned: (n) => (planned = n),
      onMessage(message, outcome, c) {
        seen = message.position;
        const line = outcomeLine(outcome, message.position);
        if (line && (outcome.kind === 'error' || values.verbose)) {
          progress?.clear();
          ctx.err(line);
        }
        progress?.update(c.messages);
      },
      stop: () => interrupted,
    });
  } catch (e) {
    progress?.clear();
    throw new CliError(`import of ${path} stopped: ${(e as Error).message}`);
  } finally {
    process.off('SIGINT', interrupt);
  }
  progress?.finish(result.counters.messages);
  if (interrupted) ctx.err('interrupted: the mails below are stored; run the same command again to continue');
  if (!values.quiet) {
    ctx.out(formatReport(result.counters));
    if (result.deletions) ctx.out(`${result.deletions} deletion commits (messages removed from the archive stay stored)`);
  }
  return interrupted ? 130 : 0;
}

export const parsearchiveCommand: Command = {
  name: 'parsearchive',
  summary: 'import an mbox, Maildir or public-inbox archive',
  help: USAGE,
  run,
};
