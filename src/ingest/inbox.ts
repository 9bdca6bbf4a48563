// parsearchive of a public-inbox archive (docs/mirrors.md "public-inbox"):
// the commits after the last one imported per epoch, each mail stored as
// from an mbox, and the epoch's position saved in the same transaction as
// the mail, so an interrupted import resumes after the last stored mail.
import { realpathSync } from 'node:fs';
import type { Db } from '../db/connection.ts';
import { epochCommit, setEpochCommit } from '../db/mirror.ts';
import { inboxEpochs, planEpochs, readInbox, type InboxMessage } from '../mail/public-inbox.ts';
import { importParsed, parsedHere, type Counters, type ImportHooks, type Parsed } from './archive.ts';
import type { IngestOptions } from './ingest.ts';

export interface InboxImport {
  counters: Counters;
  /** Commits that removed a message (not undone here: pwlite keeps what it stored). */
  deletions: number;
  /** Commits read in all. */
  commits: number;
}

export const isInbox = (path: string) => inboxEpochs(path) !== null;

export async function importInbox(
  db: Db,
  path: string,
  options: IngestOptions,
  hooks: ImportHooks<InboxMessage> & { onPlanned?(commits: number): void } = {},
  /** How the mails are parsed: here by default, or by a parsing thread. */
  parse: (messages: AsyncIterable<InboxMessage>) => AsyncIterable<Parsed<InboxMessage>> = (m) => parsedHere(m, options),
): Promise<InboxImport> {
  const epochs = inboxEpochs(path);
  if (!epochs) throw new Error(`${path} is not a public-inbox archive`);
  const real = epochs.map((e) => realpathSync(e));
  const plans = await planEpochs(real, (epoch) => epochCommit(db, epoch));
  const commits = plans.reduce((n, p) => n + p.commits.length, 0);
  hooks.onPlanned?.(commits);
  let deletions = 0;
  const onDeleted = (epoch: string, commit: string) => {
    deletions++;
    setEpochCommit(db, epoch, commit, 0);
  };
  const counters = await importParsed(
    db,
    parse(readInbox(plans, onDeleted)),
    options,
    {
      ...hooks,
      onMessage(message, outcome, c) {
        // Inside the mail's own transaction (importParsed's batch).
        setEpochCommit(db, message.epoch, message.commit, 1);
        hooks.onMessage?.(message, outcome, c);
      },
    },
    () => readInbox(plans),
  );
  return { counters, deletions, commits };
}
