import type { Db } from './connection.ts';
import { IN_JSON, rowsByIds } from './listing.ts';
import { stmt } from './statements.ts';

export interface SeriesRow {
  id: number;
  project_id: number;
  cover_id: number | null;
  name: string | null;
  date: string;
  submitter_id: number;
  version: number;
  total: number;
}

export interface SeriesLinkRow {
  series_id: number;
  depends_on_id: number;
}

export function seriesById(db: Db, id: number): SeriesRow | undefined {
  return stmt<[number], SeriesRow>(db, 'SELECT * FROM series WHERE id = ?').get(id);
}

export function seriesByIds(db: Db, ids: readonly number[]): SeriesRow[] {
  return rowsByIds<SeriesRow>(db, `SELECT * FROM series WHERE id ${IN_JSON}`, ids);
}

/** The series whose cover letter is one of the given covers. */
export function seriesByCoverIds(db: Db, coverIds: readonly number[]): SeriesRow[] {
  return rowsByIds<SeriesRow>(db, `SELECT * FROM series WHERE cover_id ${IN_JSON}`, coverIds);
}

/** Declared dependencies of the given series, in order of appearance. */
export function dependenciesOf(db: Db, seriesIds: readonly number[]): SeriesLinkRow[] {
  return rowsByIds<SeriesLinkRow>(
    db,
    `SELECT series_id, depends_on_id FROM series_dependencies WHERE series_id ${IN_JSON} ORDER BY series_id, position`,
    seriesIds,
  );
}

/** Series that declare a dependency on one of the given series, in declaration order. */
export function dependentsOf(db: Db, seriesIds: readonly number[]): SeriesLinkRow[] {
  return rowsByIds<SeriesLinkRow>(
    db,
    `SELECT series_id, depends_on_id FROM series_dependencies WHERE depends_on_id ${IN_JSON} ORDER BY depends_on_id, series_id`,
    seriesIds,
  );
}
