// The event log (docs/api.md §6, docs/ingest.md §12). Every writer, ingestion and the
// API alike, records events through insertEvent so the row shape stays one.
import type { Db } from './connection.ts';
import { listSource } from './listing.ts';
import { stmt } from './statements.ts';
import { nowStored } from '../util/time.ts';

export type EventCategory =
  | 'cover-created'
  | 'patch-created'
  | 'patch-completed'
  | 'patch-state-changed'
  | 'patch-delegated'
  | 'patch-relation-changed'
  | 'check-created'
  | 'series-created'
  | 'series-completed'
  | 'cover-comment-created'
  | 'patch-comment-created';

/** The objects an event points at; the ones a category does not use stay null. */
export interface EventRefs {
  actorId?: number | null;
  patchId?: number | null;
  seriesId?: number | null;
  coverId?: number | null;
  previousStateId?: number | null;
  currentStateId?: number | null;
  previousDelegateId?: number | null;
  currentDelegateId?: number | null;
  createdCheckId?: number | null;
  patchCommentId?: number | null;
  coverCommentId?: number | null;
}

const INSERT = `INSERT INTO events (project_id, category, date, actor_id, patch_id, series_id, cover_id,
  previous_state_id, current_state_id, previous_delegate_id, current_delegate_id, created_check_id,
  patch_comment_id, cover_comment_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Records one event dated now (events carry the time they happened, not the mail's date). */
export function insertEvent(db: Db, projectId: number, category: EventCategory, refs: EventRefs = {}, date = nowStored()): number {
  const info = stmt(db, INSERT).run(
    projectId,
    category,
    date,
    refs.actorId ?? null,
    refs.patchId ?? null,
    refs.seriesId ?? null,
    refs.coverId ?? null,
    refs.previousStateId ?? null,
    refs.currentStateId ?? null,
    refs.previousDelegateId ?? null,
    refs.currentDelegateId ?? null,
    refs.createdCheckId ?? null,
    refs.patchCommentId ?? null,
    refs.coverCommentId ?? null,
  );
  return Number(info.lastInsertRowid);
}

export interface EventRow {
  id: number;
  project_id: number;
  category: EventCategory;
  date: string;
  actor_id: number | null;
  patch_id: number | null;
  series_id: number | null;
  cover_id: number | null;
  previous_state_id: number | null;
  current_state_id: number | null;
  previous_delegate_id: number | null;
  current_delegate_id: number | null;
  created_check_id: number | null;
  patch_comment_id: number | null;
  cover_comment_id: number | null;
}

/** What event lists filter and order by (docs/api.md §4.11). */
export const EVENT_LIST = listSource<EventRow>()({
  table: 'events',
  columns: {
    id: 'id',
    project_id: 'project_id',
    category: 'category',
    series_id: 'series_id',
    patch_id: 'patch_id',
    cover_id: 'cover_id',
    actor_id: 'actor_id',
    date: 'date',
  },
  keptCounts: true,
  counter: { table: 'event_counts', columns: ['project_id', 'category'], blocks: false },
});
