// `pwlite parsearchive`: a whole mbox or Maildir (docs/ingest.md §2.2).
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, parse, type CliContext, type Command } from './context.ts';
import { projectsByListid } from '../db/projects.ts';
import type { Db } from '../db/connection.ts';
import { formatReport, importParsed } from '../ingest/archive.ts';
import { ArchiveNotFoundError, openSource } from '../mail/source.ts';
import { outcomeLine } from '../ingest/log.ts';
import { NO_PROJECT } from '../ingest/ingest.ts';
import { Progress } from './progress.ts';
import { importInbox, isInbox } from '../ingest/inbox.ts';
import { refuseIfPatchworkMirror } from './mirror-guard.ts';
import { ParseThread } from '../workers/parse-pool.ts';
import { IdleCheckpoints } from '../ingest/idle-checkpoints.ts';

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
position) and the reason; they never stop the import.
Exit status: 0 when the archive was read; 1 when PATH is not an archive
(a binary file, a folder without cur/ or new/), when --list-id names no
project or no mail went to a project, or when the import stopped on an error;
130 when interrupted.`;

const OPTIONS = {
  db: { type: 'string' },
  'list-id': { type: 'string' },
  format: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Errors always, every outcome with --verbose, printed above the progress bar. */
function reporter(ctx: CliContext, progress: Progress | null, verbose: boolean | undefined) {
  return (outcome: Parameters<typeof outcomeLine>[0], position: Parameters<typeof outcomeLine>[1], messages: number): void => {
    const line = outcomeLine(outcome, position);
    if (line && (outcome.kind === 'error' || verbose)) {
      progress?.clear();
      ctx.err(line);
    }
    progress?.update(messages);
  };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The database, refused when it mirrors a Patchwork or no project takes `listId`. */
function openForImport(ctx: CliContext, listId: string | undefined): Db {
  const db = ctx.openDb();
  refuseIfPatchworkMirror(db, 'parsearchive');
  if (listId !== undefined && projectsByListid(db, listId).length === 0) {
    throw new CliError(`no project has list-id '${listId}': every mail would be dropped (see pwlite project list)`);
  }
  return db;
}

async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, USAGE);
  if (positionals.length !== 1) throw new CliError(`give one archive\nusage: ${USAGE}`, 2);
  const format = values.format;
  if (positionals[0] !== '-' && isInbox(positionals[0])) return runInbox(positionals[0], values, ctx);
  if (format !== undefined && format !== 'mboxo' && format !== 'mboxrd')
    throw new CliError(`--format must be mboxo or mboxrd, not '${format}'`, 2);
  const path = positionals[0];
  if (path !== '-' && (await isDirectory(path)) && !(await isDirectory(join(path, 'cur'))) && !(await isDirectory(join(path, 'new')))) {
    throw new CliError(`${path} is a directory but not a Maildir: it has no cur/ or new/ folder`);
  }
  const listId = values['list-id'];
  // Mails are parsed by a second thread, which reads a file or a Maildir
  // itself; stdin is read here and sent to it. src/cli.ts started it with
  // the process (src/workers/parse-start.ts); taken over before the
  // database is opened, it is otherwise started now, to compile meanwhile.
  const parser = ParseThread.start({});
  let source;
  let db;
  try {
    source = await openSource(positionals[0], format, ctx.io.stdin as AsyncIterable<Buffer>);
    db = openForImport(ctx, listId);
  } catch (e) {
    await parser.close();
    if (e instanceof ArchiveNotFoundError) throw new CliError(e.message);
    throw e;
  }
  const checkpoints = new IdleCheckpoints(db);
  const reading = path === '-' ? { mails: parser.parse(source.messages), done: source.done } : parser.read(path, format);
  const progress = !values.quiet && ctx.io.isTTY ? new Progress(ctx.io.stderr, reading.done) : null;
  const report = reporter(ctx, progress, values.verbose);
  let counters;
  let unrouted = 0;
  // Ctrl-C ends the import after the current mail, commits what is stored and
  // still reports; a second Ctrl-C kills the process as usual.
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.once('SIGINT', interrupt);
  try {
    counters = await importParsed(
      db,
      reading.mails,
      { listId },
      {
        onMessage(message, outcome, c) {
          if (outcome.kind === 'dropped' && outcome.reason === NO_PROJECT) unrouted++;
          report(outcome, message.position, c.messages);
        },
        stop: () => interrupted,
        checkpoints,
      },
      source.reread,
    );
  } catch (e) {
    progress?.clear();
    process.off('SIGINT', interrupt);
    // Mails stored before this point stay stored; a rerun skips them as duplicates.
    throw new CliError(`import of ${path} stopped: ${(e as Error).message}`);
  } finally {
    checkpoints.close();
    await parser.close();
  }
  process.off('SIGINT', interrupt);
  progress?.finish(counters.messages);
  if (interrupted) ctx.err('interrupted: the mails below are stored; run the same command again to continue');
  if (!values.quiet) ctx.out(formatReport(counters));
  if (interrupted) return 130;
  if (counters.messages === 0 && path !== '-' && !(await isDirectory(path)) && (await stat(path)).size > 0) {
    ctx.err(
      `pwlite: no mail found in ${path}: it is not an mbox (no line starts with 'From '), nor a gzip, xz, zstd or bzip2 compressed one`,
    );
    return 1;
  }
  if (counters.messages > 0 && counters.dropped === counters.messages && unrouted === counters.messages) {
    ctx.err(
      `pwlite: every mail was dropped: ${listId === undefined ? "no project's list-id matches the mails' List-Id headers" : `no project takes list-id '${listId}'`} (see pwlite project list, or --list-id)`,
    );
    return 1;
  }
  return 0;
}

async function runInbox(
  path: string,
  values: { 'list-id'?: string; quiet?: boolean; verbose?: boolean },
  ctx: CliContext,
): Promise<number> {
  const listId = values['list-id'];
  const parser = ParseThread.start({});
  let db;
  try {
    db = openForImport(ctx, listId);
  } catch (e) {
    await parser.close();
    throw e;
  }
  let planned = 0;
  let seen = 0;
  const progress = !values.quiet && ctx.io.isTTY ? new Progress(ctx.io.stderr, () => (planned ? seen / planned : 1)) : null;
  const report = reporter(ctx, progress, values.verbose);
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.once('SIGINT', interrupt);
  const checkpoints = new IdleCheckpoints(db);
  let result;
  try {
    result = await importInbox(
      db,
      path,
      { listId },
      {
        onPlanned: (n) => (planned = n),
        onMessage(message, outcome, c) {
          seen = message.position;
          report(outcome, message.position, c.messages);
        },
        stop: () => interrupted,
        checkpoints,
      },
      (messages) => parser.parse(messages),
    );
  } catch (e) {
    progress?.clear();
    throw new CliError(`import of ${path} stopped: ${(e as Error).message}`);
  } finally {
    process.off('SIGINT', interrupt);
    checkpoints.close();
    await parser.close();
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
