// Patch comments and cover comments share one shape; `kind` picks the table.
import type { Db } from './connection.ts';
import { IN_JSON, listSource, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

export type CommentKind = 'patch' | 'cover';

export interface CommentRow {
  id: number;
  /** The patch or cover the comment belongs to. */
  parent_id: number;
  msgid: string;
  date: string;
  submitter_id: number;
  headers: string;
  content: string | null;
  addressed: number | null;
}

const TABLE = { patch: 'patch_comments', cover: 'cover_comments' } as const;
const PARENT = { patch: 'patch_id', cover: 'cover_id' } as const;

/** SELECT list giving a CommentRow for either table. */
function commentColumns(kind: CommentKind): string {
  return `id, ${PARENT[kind]} AS parent_id, msgid, date, submitter_id, headers, content, addressed`;
}

const commentList = (kind: CommentKind) =>
  listSource<CommentRow>()({
    table: TABLE[kind],
    select: commentColumns(kind),
    columns: {
      id: 'id',
      parent_id: PARENT[kind],
      date: 'date',
      submitter_id: 'submitter_id',
      // The Subject header, as upstream's search and ordering mean it.
      subject: 'comment_subject(headers)',
    },
    prepare: useCommentSubject,
  });

/** What comment lists order and search by, per kind (docs/api.md §4.7). */
export const COMMENT_LISTS = { patch: commentList('patch'), cover: commentList('cover') } as const;

export function commentById(db: Db, kind: CommentKind, id: number): CommentRow | undefined {
  return stmt<[number], CommentRow>(db, `SELECT ${commentColumns(kind)} FROM ${TABLE[kind]} WHERE id = ?`).get(id);
}

export function commentsByIds(db: Db, kind: CommentKind, ids: readonly number[]): CommentRow[] {
  return rowsByIds<CommentRow>(db, `SELECT ${commentColumns(kind)} FROM ${TABLE[kind]} WHERE id ${IN_JSON}`, ids);
}

export function setCommentAddressed(db: Db, kind: CommentKind, id: number, addressed: boolean | null): void {
  stmt(db, `UPDATE ${TABLE[kind]} SET addressed = ? WHERE id = ?`).run(addressed === null ? null : Number(addressed), id);
}

// --- ingestion (write side) ---

export type NewComment = Omit<CommentRow, 'id'>;

/** The parent of the newest comment with this msgid on a patch or cover of
 * the project (docs/ingest.md §8: a reply to a comment goes to its parent). */
export function commentParentByMsgid(db: Db, kind: CommentKind, projectId: number, msgid: string): number | undefined {
  const parents = kind === 'patch' ? 'patches' : 'covers';
  // Run for every reference of every reply: the project through a correlated
  // subquery and the newest picked here, since a join or an ORDER BY makes
  // SQLite plan the statement again on every run (docs/PERFORMANCE.md). The
  // msgid index gives the few comments with this msgid.
  const rows = stmt<[string, number], { parent_id: number; date: string; id: number }>(
    db,
    `SELECT c.${PARENT[kind]} AS parent_id, c.date, c.id FROM ${TABLE[kind]} c
     WHERE c.msgid = ? AND (SELECT project_id FROM ${parents} WHERE id = c.${PARENT[kind]}) = ?`,
  ).all(msgid, projectId);
  let newest = rows[0];
  for (const r of rows) if (r.date > newest.date || (r.date === newest.date && r.id > newest.id)) newest = r;
  return newest?.parent_id;
}

export function insertComment(db: Db, kind: CommentKind, c: NewComment): number {
  return Number(
    stmt(
      db,
      `INSERT INTO ${TABLE[kind]} (${PARENT[kind]}, msgid, date, submitter_id, headers, content, addressed)
       VALUES (@parent_id, @msgid, @date, @submitter_id, @headers, @content, @addressed)`,
    ).run(c).lastInsertRowid,
  );
}

/** Contents of a patch's comments (tag counting, docs/ingest.md §9). */
export function patchCommentContents(db: Db, patchId: number): (string | null)[] {
  return stmt<[number], { content: string | null }>(db, 'SELECT content FROM patch_comments WHERE patch_id = ?')
    .all(patchId)
    .map((r) => r.content);
}

/** The first Subject header of a header block, its name in any case as
 * upstream's Message.get() finds it, continuation lines kept ('' when absent). */
export function storedSubject(headers: string): string {
  const lines = headers.split('\n');
  const at = lines.findIndex((l) => l.slice(0, 8).toLowerCase() === 'subject:');
  if (at < 0) return '';
  let value = lines[at].slice('Subject:'.length).replace(/^[ \t]+/, '');
  for (let i = at + 1; i < lines.length && /^[ \t]/.test(lines[i]); i++) value += '\n' + lines[i];
  return value;
}

const withSubject = new WeakSet<Db>();

/** Makes comment_subject(headers) available to this connection's queries, for
 * searching and ordering comment lists by subject. */
function useCommentSubject(db: Db): void {
  if (withSubject.has(db)) return;
  db.function('comment_subject', { deterministic: true }, (headers: unknown) => storedSubject(String(headers ?? '')));
  withSubject.add(db);
}
