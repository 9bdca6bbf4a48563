// One mail into the database: upstream's decision list (docs/ingest.md §3) run in
// one BEGIN IMMEDIATE transaction, so concurrent deliveries are serialised by
// SQLite and a failing mail leaves nothing behind (docs/compatibility.md 10).
import type { Db } from '../db/connection.ts';
import { insertComment } from '../db/comments.ts';
import { coversNamedCount, insertCover } from '../db/covers.ts';
import { insertEvent } from '../db/events.ts';
import { insertPatch } from '../db/patches.ts';
import { msgidStored } from '../db/messages.ts';
import { isTemporaryFailure } from '../db/errors.ts';
import { upsertPerson } from '../db/people.ts';
import type { ProjectRow } from '../db/projects.ts';
import { stateIdByName } from '../db/states.ts';
import { parseMail } from '../mail/parse.ts';
import { MalformedMailError, type MailBody, type ParsedMail, type ParseOptions, type Subject } from '../mail/types.ts';
import { findCommentParent } from './comments.ts';
import { findDelegate } from './delegate.ts';
import { addDependencies } from './dependencies.ts';
import { findProject } from './project.ts';
import { Settings } from './settings.ts';
import { attachCover, coverSeries, patchPlaced, placePatch, type SeriesContext } from './series.ts';
import { addTagsFrom } from './tags.ts';
import { perConnection } from '../util/bounded.ts';

type StoredKind = 'patch' | 'cover' | 'patch-comment' | 'cover-comment';

export type Outcome =
  | { kind: StoredKind; id: number; projectId: number; msgid: string }
  | {
      kind: 'dropped';
      reason: string;
      msgid: string | null;
      /** A reply to nothing stored: its project and references, what would let it in. */
      orphan?: { projectId: number; refs: readonly string[] };
    }
  | { kind: 'duplicate'; msgid: string }
  /** malformed: upstream's ValueError (a bad mail); otherwise an internal failure. */
  | { kind: 'error'; reason: string; msgid: string | null; malformed: boolean; temporary?: boolean };

export interface IngestOptions extends ParseOptions {
  /** `--list-id`: route by this list-id instead of the mail's list headers. */
  listId?: string;
}

const dropped = (reason: string, msgid: string | null): Outcome => ({ kind: 'dropped', reason, msgid });

/** The drop reason of a reply whose parent is not stored (yet). */
export const ORPHAN = 'reply to nothing stored';
/** The drop reason of a mail no project takes: usually a configuration problem. */
export const NO_PROJECT = 'no project for this mailing list';

function noDefaultState(): never {
  throw new Error('no state with the lowest ordering exists; patches cannot be stored');
}

/** What every branch shares once project, msgid, subject and body are known. */
interface Classified {
  project: ProjectRow;
  msgid: string;
  subject: Subject;
  body: MailBody;
  series: Omit<SeriesContext, 'submitterId'>;
  settings: Settings;
}

function storePatch(db: Db, mail: ParsedMail, { project, msgid, subject, body, series: ctx, settings }: Classified): Outcome {
  const author = mail.author(project.listemail);
  const submitterId = upsertPerson(db, author.email, author.name);
  const stateId = (mail.state !== null ? stateIdByName(db, mail.state) : undefined) ?? settings.defaultState()?.id ?? noDefaultState();
  const placement = placePatch(db, { ...ctx, submitterId }, subject.series, subject.name);
  const id = insertPatch(db, {
    project_id: project.id,
    msgid,
    name: subject.name,
    date: mail.date,
    submitter_id: submitterId,
    delegate_id: findDelegate(db, settings, project.id, mail.delegate, body.diff),
    state_id: stateId,
    hash: body.hash,
    pull_url: body.pullUrl,
    series_id: placement.number === null ? null : placement.seriesId,
    number: placement.number,
    headers: mail.headers(),
    content: body.content,
    diff: body.diff,
  });
  insertEvent(db, project.id, 'patch-created', { patchId: id });
  if (project.use_tags) addTagsFrom(db, settings.tags(), id, body.content);
  patchPlaced(db, project.id, { id, name: subject.name }, placement);
  addDependencies(db, placement.seriesId, project.id, body.dependsOn);
  return { kind: 'patch', id, projectId: project.id, msgid };
}

function storeCover(db: Db, mail: ParsedMail, { project, msgid, subject, body, series: ctx }: Classified): Outcome {
  const author = mail.author(project.listemail);
  const submitterId = upsertPerson(db, author.email, author.name);
  const seriesId = coverSeries(db, { ...ctx, submitterId }, subject.series!.n);
  const id = insertCover(db, {
    project_id: project.id,
    msgid,
    name: subject.name,
    date: mail.date,
    submitter_id: submitterId,
    headers: mail.headers(),
    content: body.content,
  });
  insertEvent(db, project.id, 'cover-created', { coverId: id });
  attachCover(db, seriesId, { id, name: subject.name });
  addDependencies(db, seriesId, project.id, body.dependsOn);
  return { kind: 'cover', id, projectId: project.id, msgid };
}

function storeComment(db: Db, mail: ParsedMail, { project, msgid, body, settings }: Classified): Outcome {
  const parent = findCommentParent(db, project.id, mail.refs);
  if (!parent) return { kind: 'dropped', reason: ORPHAN, msgid, orphan: { projectId: project.id, refs: mail.refs } };
  const author = mail.author(project.listemail);
  const submitterId = upsertPerson(db, author.email, author.name);
  const content = body.content;
  const id = insertComment(db, parent.kind, {
    parent_id: parent.id,
    msgid,
    date: mail.date,
    submitter_id: submitterId,
    headers: mail.headers(),
    content,
    // docs/compatibility.md 8: the header asks for action on cover comments too.
    addressed: mail.actionRequired ? 0 : null,
  });
  if (parent.kind === 'patch') {
    insertEvent(db, project.id, 'patch-comment-created', { patchId: parent.id, patchCommentId: id });
    if (project.use_tags) addTagsFrom(db, settings.tags(), parent.id, content);
    return { kind: 'patch-comment', id, projectId: project.id, msgid };
  }
  insertEvent(db, project.id, 'cover-comment-created', { coverId: parent.id, coverCommentId: id });
  return { kind: 'cover-comment', id, projectId: project.id, msgid };
}

/** §3 steps 2–13 for a parsed mail; the caller holds the transaction, and
 * `settings` were read within it. */
function storeMail(db: Db, mail: ParsedMail, options: IngestOptions, settings: Settings): Outcome {
  if (mail.ignored) return dropped('X-Patchwork-Hint: ignore', mail.msgid);
  const project = findProject(settings, mail, options.listId);
  if (!project) return dropped(NO_PROJECT, mail.msgid);
  const msgid = mail.messageId();
  // Before classifying: a cover re-delivered after its own arrival would
  // otherwise fail the same-name cover test and come back as a comment.
  if (msgidStored(db, project.id, msgid)) return { kind: 'duplicate', msgid };
  const subject = mail.subject([project.linkname]);
  const series = { projectId: project.id, msgid, refs: mail.refs, date: mail.date, version: subject.version };
  const body = mail.body();
  if (!body.diff && !body.content) return dropped('no content', msgid);
  const classified: Classified = { project, msgid, subject, body, series, settings };
  if (!mail.isReply && (body.diff || body.pullUrl)) return storePatch(db, mail, classified);
  if (subject.series?.x === 0 && !mail.isReply && (mail.refs.length === 0 || coversNamedCount(db, subject.name) === 0)) {
    return storeCover(db, mail, classified);
  }
  return storeComment(db, mail, classified);
}

/** storeMail as a transaction, made once per connection: better-sqlite3
 * builds a transaction function's wrappers anew on every db.transaction(). */
const storeTransaction = perConnection((db: Db) =>
  db.transaction((mail: ParsedMail, options: IngestOptions, settings: Settings | undefined) =>
    storeMail(db, mail, options, settings ?? new Settings(db)),
  ),
);

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Parses and stores one raw mail in its own write transaction. Never throws:
 * every failure is an `error` outcome, and its transaction is rolled back. */
export function ingestMail(db: Db, raw: Buffer, options: IngestOptions = {}): Outcome {
  return ingestParsed(db, () => parseMail(raw, options), options);
}

/** ingestMail for a mail that `parse` gives (parsed in another thread, say).
 * Inside a caller's write transaction, `settings` may be that transaction's. */
export function ingestParsed(db: Db, parse: () => ParsedMail, options: IngestOptions = {}, settings?: Settings): Outcome {
  let mail: ParsedMail;
  try {
    mail = parse();
  } catch (e) {
    return { kind: 'error', reason: describe(e), msgid: null, malformed: e instanceof MalformedMailError };
  }
  try {
    return storeTransaction(db).immediate(mail, options, settings);
  } catch (e) {
    return {
      kind: 'error',
      reason: describe(e),
      msgid: mail.msgid,
      malformed: e instanceof MalformedMailError,
      temporary: isTemporaryFailure(e),
    };
  }
}
