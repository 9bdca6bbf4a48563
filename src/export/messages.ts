// Loading submissions from the database and rendering them as mbox messages.
// Collections are generators over batches: a series or bundle of any size
// costs two statements per batch and holds one batch in memory. The web
// downloads and `dumparchive` (export/dump.ts) both use these.
import type { Db } from '../db/connection.ts';
import {
  coverCommentContents,
  coverMboxRow,
  patchCommentContents,
  patchMboxRows,
  type CommentContentRow,
  type MboxRow,
} from '../db/downloads.ts';
import { joinMessages, submissionMbox } from '../mail/mbox-writer.ts';

const BATCH = 100;

function render(row: MboxRow, comments: readonly CommentContentRow[]): string {
  return submissionMbox({
    id: row.id,
    date: row.date,
    headers: row.headers,
    content: row.content,
    diff: row.diff,
    submitterName: row.submitter_name,
    submitterEmail: row.submitter_email,
    delegateEmail: row.delegate_email,
    listEmail: row.listemail,
    comments: comments.map((c) => c.content),
  });
}

/** The mbox messages of the given patches, in the given order (ids that do
 * not exist are skipped), one message per item. */
export function* patchMessages(db: Db, ids: readonly number[]): Generator<string> {
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const rows = new Map(patchMboxRows(db, batch).map((r) => [r.id, r]));
    const comments = new Map<number, CommentContentRow[]>();
    for (const c of patchCommentContents(db, batch)) {
      const list = comments.get(c.parent_id);
      if (list) list.push(c);
      else comments.set(c.parent_id, [c]);
    }
    for (const id of batch) {
      const row = rows.get(id);
      if (row) yield render(row, comments.get(id) ?? []);
    }
  }
}

/** Patches as one mbox: messages joined by `\n`, streamed message by message. */
export function patchesMbox(db: Db, ids: readonly number[]): Generator<string> {
  return joinMessages(patchMessages(db, ids));
}

export function patchMbox(db: Db, id: number): string | undefined {
  for (const message of patchMessages(db, [id])) return message;
  return undefined;
}

export function coverMbox(db: Db, id: number): string | undefined {
  const row = coverMboxRow(db, id);
  return row && render(row, coverCommentContents(db, id));
}
