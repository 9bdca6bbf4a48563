// Series and revisions (docs/ingest.md §7): which series a new patch or cover
// belongs to, series names, and the completion events. Runs inside the
// mail's write transaction, so the lookups see every earlier mail and no
// concurrent one (docs/compatibility.md 10): upstream's retry loop reduces to its
// final attempt.
import type { Db } from '../db/connection.ts';
import { insertEvent } from '../db/events.ts';
import {
  addSeriesReference,
  insertSeries,
  seriesById,
  seriesByMarkers,
  seriesHasNumber,
  seriesIdByReference,
  seriesPatchCount,
  seriesPatchCountBelow,
  seriesPatchesAbove,
  seriesPatchNumbered,
  setSeriesCover,
  setSeriesName,
} from '../db/series.ts';
import { toStored } from '../util/time.ts';

/** Series created by markers alone must start within this window of the mail. */
const MARKER_WINDOW_MS = 20 * 60 * 1000;

export interface SeriesContext {
  projectId: number;
  submitterId: number;
  msgid: string;
  refs: readonly string[];
  /** Stored form (naive UTC). */
  date: string;
  version: number;
}

/** Moves a stored timestamp by whole seconds, keeping its microseconds. */
function shiftStored(stored: string, ms: number): string {
  return toStored(new Date(Date.parse(stored.slice(0, 19) + 'Z') + ms), Number(stored.slice(20, 26)));
}

/** §7.2: by references (own msgid first), else by markers. */
function findSeries(db: Db, c: SeriesContext, x: number, n: number): number | undefined {
  for (const id of [c.msgid, ...c.refs]) {
    const seriesId = seriesIdByReference(db, c.projectId, id);
    if (seriesId !== undefined) return seriesId;
  }
  const candidates = seriesByMarkers(db, {
    project_id: c.projectId,
    submitter_id: c.submitterId,
    version: c.version,
    total: n,
    from: shiftStored(c.date, -MARKER_WINDOW_MS),
    to: shiftStored(c.date, MARKER_WINDOW_MS),
  });
  if (candidates.length === 1) return candidates[0].id;
  // Several: the newest that still lacks this number (candidates come newest first).
  return candidates.find((s) => !seriesHasNumber(db, s.id, x))?.id;
}

function newSeries(db: Db, c: SeriesContext, total: number, name: string | null = null): number {
  return insertSeries(db, { project_id: c.projectId, name, date: c.date, submitter_id: c.submitterId, version: c.version, total });
}

function createSeries(db: Db, c: SeriesContext, total: number): number {
  const id = newSeries(db, c, total);
  insertEvent(db, c.projectId, 'series-created', { seriesId: id });
  return id;
}

/** Where a new patch goes: its series and its number there (null: in no
 * series' numbering), and whether the series is new. */
export interface Placement {
  seriesId: number;
  number: number | null;
  created: boolean;
}

/** §7.3 steps 4–5 up to attaching: finds the patch's series or creates it
 * with its references. Run before the patch is stored, so that its row is
 * written once, with its series; patchPlaced does the rest once it is. A
 * series created for its first patch is named after it at once (§7.5),
 * sparing the update and its triggers (search index, kept list items). */
export function placePatch(db: Db, c: SeriesContext, marker: { x: number; n: number } | null, name: string): Placement {
  let x = marker?.x ?? 0;
  let n = marker?.n ?? 0;
  let seriesId: number | undefined;
  if (n) seriesId = findSeries(db, c, x, n);
  else x = n = 1;
  if (seriesId !== undefined && !seriesHasNumber(db, seriesId, x)) return { seriesId, number: x || null, created: false };
  seriesId = newSeries(db, c, n, x === 1 ? name : null);
  for (const ref of [...c.refs, c.msgid]) addSeriesReference(db, c.projectId, seriesId, ref.slice(0, 255));
  return { seriesId, number: x || null, created: true };
}

/** The rest of §7.3 for a patch stored where placePatch put it: the events
 * in upstream's order (the patch's own came first), the series name, and
 * the completion of the patch, its successors and the series (§12). */
export function patchPlaced(db: Db, projectId: number, patch: { id: number; name: string }, p: Placement): void {
  if (p.created) insertEvent(db, projectId, 'series-created', { seriesId: p.seriesId });
  if (p.number === null) return;
  const { seriesId, number } = p;
  const series = seriesById(db, seriesId)!;
  // The patch is stored already: it is one of the series' patches.
  const before = seriesPatchCount(db, seriesId) - 1;
  const predecessors = seriesPatchCountBelow(db, seriesId, number);
  if (!series.name && number === 1) setSeriesName(db, seriesId, patch.name);
  // §12: a patch is complete once all lower numbers are in; its arrival may complete successors too.
  if (predecessors === number - 1) {
    insertEvent(db, projectId, 'patch-completed', { patchId: patch.id, seriesId });
    let next = number + 1;
    for (const successor of seriesPatchesAbove(db, seriesId, number)) {
      if (successor.number !== next) break;
      insertEvent(db, projectId, 'patch-completed', { patchId: successor.id, seriesId });
      next++;
    }
  }
  if (before + 1 >= series.total) insertEvent(db, projectId, 'series-completed', { seriesId });
}

/** §7.4 steps 2–3: a cover only looks for a series that claimed its own msgid. */
export function coverSeries(db: Db, c: SeriesContext, total: number): number {
  const existing = seriesIdByReference(db, c.projectId, c.msgid);
  if (existing !== undefined) return existing;
  const seriesId = createSeries(db, c, total);
  addSeriesReference(db, c.projectId, seriesId, c.msgid);
  return seriesId;
}

/** §7.5: the series name from a cover name is the text after its prefix group. */
export function coverSeriesName(coverName: string): string {
  const m = /^\[[^\]]*\]\s*(.*)$/.exec(coverName);
  return m ? m[1] : coverName.trim();
}

/** §7.4 step 5: a series keeps the first cover it gets. */
export function attachCover(db: Db, seriesId: number, cover: { id: number; name: string }): void {
  const series = seriesById(db, seriesId)!;
  if (series.cover_id !== null) return;
  setSeriesCover(db, seriesId, cover.id);
  // A cover name outranks a first-patch name but never a name a user chose.
  if (!series.name || series.name === seriesPatchNumbered(db, seriesId, 1)?.name) setSeriesName(db, seriesId, coverSeriesName(cover.name));
}
