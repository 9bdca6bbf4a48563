// Patch comments and cover comments share one shape; `kind` picks the table.
import type { Db } from './connection.ts';
import { IN_JSON, rowsByIds } from './listing.ts';
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
export function commentColumns(kind: CommentKind): string {
  return `id, ${PARENT[kind]} AS parent_id, msgid, date, submitter_id, headers, content, addressed`;
}

export function commentTable(kind: CommentKind): string {
  return TABLE[kind];
}

export function commentParentColumn(kind: CommentKind): string {
  return PARENT[kind];
}

export function commentById(db: Db, kind: CommentKind, id: number): CommentRow | undefined {
  return stmt<[number], CommentRow>(db, `SELECT ${commentColumns(kind)} FROM ${TABLE[kind]} WHERE id = ?`).get(id);
}

export function commentsByIds(db: Db, kind: CommentKind, ids: readonly number[]): CommentRow[] {
  return rowsByIds<CommentRow>(db, `SELECT ${commentColumns(kind)} FROM ${TABLE[kind]} WHERE id ${IN_JSON}`, ids);
}

export function setCommentAddressed(db: Db, kind: CommentKind, id: number, addressed: boolean | null): void {
  stmt(db, `UPDATE ${TABLE[kind]} SET addressed = ? WHERE id = ?`).run(addressed === null ? null : Number(addressed), id);
}
