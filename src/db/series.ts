import type { Db } from './connection.ts';
import { IN_JSON, listSource, rowsByIds } from './listing.ts';
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

/** What series lists filter, order and search by (docs/api.md §4.9). */
export const SERIES_LIST = listSource<SeriesRow>()({
  table: 'series',
  columns: {
    id: 'id',
    name: 'name',
    project_id: 'project_id',
    submitter_id: 'submitter_id',
    date: 'date',
    received_all: '(total <= (SELECT count(*) FROM patches WHERE patches.series_id = series.id))',
  },
  keptCounts: true,
  counter: { table: 'series_counts', columns: ['project_id'], blocks: false },
  trigram: { table: 'series_fts', column: 'name' },
});

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

// --- ingestion (write side) ---

export type NewSeries = Omit<SeriesRow, 'id' | 'cover_id'>;

export function insertSeries(db: Db, s: NewSeries): number {
  return Number(
    stmt(
      db,
      `INSERT INTO series (project_id, name, date, submitter_id, version, total)
       VALUES (@project_id, @name, @date, @submitter_id, @version, @total)`,
    ).run(s).lastInsertRowid,
  );
}

/** The series a Message-ID was claimed for in a project (SeriesReference). */
export function seriesIdByReference(db: Db, projectId: number, msgid: string): number | undefined {
  return stmt<[number, string], { series_id: number }>(
    db,
    'SELECT series_id FROM series_references WHERE project_id = ? AND msgid = ?',
  ).get(projectId, msgid)?.series_id;
}

/** Claims a Message-ID for a series unless it is claimed already (first writer wins). */
export function addSeriesReference(db: Db, projectId: number, seriesId: number, msgid: string): void {
  stmt(db, 'INSERT INTO series_references (project_id, series_id, msgid) VALUES (?, ?, ?) ON CONFLICT (project_id, msgid) DO NOTHING').run(
    projectId,
    seriesId,
    msgid,
  );
}

/** Series matching a numbered patch by its markers (docs/ingest.md §7.2 step 2), newest first. */
export function seriesByMarkers(
  db: Db,
  m: { project_id: number; submitter_id: number; version: number; total: number; from: string; to: string },
): SeriesRow[] {
  return stmt<[typeof m], SeriesRow>(
    db,
    `SELECT * FROM series WHERE project_id = @project_id AND date BETWEEN @from AND @to
       AND submitter_id = @submitter_id AND version = @version AND total = @total
     ORDER BY date DESC, id DESC`,
  ).all(m);
}

export function seriesHasNumber(db: Db, seriesId: number, number: number): boolean {
  return (
    stmt<[number, number], { id: number }>(db, 'SELECT id FROM patches WHERE series_id = ? AND number = ?').get(seriesId, number) !==
    undefined
  );
}

export function seriesPatchCount(db: Db, seriesId: number): number {
  return stmt<[number], { n: number }>(db, 'SELECT COUNT(*) AS n FROM patches WHERE series_id = ?').get(seriesId)!.n;
}

export function seriesPatchCountBelow(db: Db, seriesId: number, number: number): number {
  return stmt<[number, number], { n: number }>(db, 'SELECT COUNT(*) AS n FROM patches WHERE series_id = ? AND number < ?').get(
    seriesId,
    number,
  )!.n;
}

/** Patches of a series numbered above `number`, by number. */
/** By number; sorted here, since an ORDER BY would make SQLite plan the
 * statement again on every run (docs/PERFORMANCE.md, ingestion). */
export function seriesPatchesAbove(db: Db, seriesId: number, number: number): { id: number; number: number }[] {
  return stmt<[number, number], { id: number; number: number }>(db, 'SELECT id, number FROM patches WHERE series_id = ? AND number > ?')
    .all(seriesId, number)
    .sort((a, b) => a.number - b.number);
}

export function seriesPatchNumbered(db: Db, seriesId: number, number: number): { id: number; name: string } | undefined {
  return stmt<[number, number], { id: number; name: string }>(db, 'SELECT id, name FROM patches WHERE series_id = ? AND number = ?').get(
    seriesId,
    number,
  );
}

export function setSeriesName(db: Db, seriesId: number, name: string | null): void {
  stmt(db, 'UPDATE series SET name = ? WHERE id = ?').run(name, seriesId);
}

export function setSeriesCover(db: Db, seriesId: number, coverId: number): void {
  stmt(db, 'UPDATE series SET cover_id = ? WHERE id = ?').run(coverId, seriesId);
}

/** Adds a dependency unless it is declared already; keeps declaration order. */
export function addSeriesDependency(db: Db, seriesId: number, dependsOnId: number): void {
  stmt(
    db,
    `INSERT INTO series_dependencies (series_id, depends_on_id, position)
     SELECT @series, @dependsOn, COALESCE(MAX(position), -1) + 1 FROM series_dependencies WHERE series_id = @series
     ON CONFLICT (series_id, depends_on_id) DO NOTHING`,
  ).run({ series: seriesId, dependsOn: dependsOnId });
}
