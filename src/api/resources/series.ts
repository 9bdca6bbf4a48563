// Series: GET series/ and series/<id>/ (docs/api.md §4.9).
import type { Db } from '../../db/connection.ts';
import { coversByIds } from '../../db/covers.ts';
import { patchesInSeries } from '../../db/patches.ts';
import { projectsByIds } from '../../db/projects.ts';
import { peopleByIds, type PersonRow } from '../../db/people.ts';
import { dependenciesOf, dependentsOf, SERIES_LIST as SERIES_SOURCE, seriesById, type SeriesRow } from '../../db/series.ts';
import { toApi } from '../../util/time.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { SERIES_FILTERS } from '../filters.ts';
import { listDef, runList } from '../list.ts';
import { itemsOfRows } from '../items.ts';
import { idParam, type Resource } from '../resource.ts';
import {
  byId,
  embed,
  EMBEDDED_COVER,
  EMBEDDED_PATCH,
  EMBEDDED_PERSON,
  EMBEDDED_PROJECT,
  groupBy,
  idsOf,
  S,
  seriesMboxUrl,
  seriesUrl,
  seriesWebUrl,
  type CoverRef,
  type PatchRef,
  type SeriesRef,
  embedded,
} from './embedded.ts';
import { pathId as parseId } from '../../http/ids.ts';

interface SeriesView extends SeriesRef {
  submitter: PersonRow;
  cover: CoverRef | null;
  patches: PatchRef[];
  dependencies: number[];
  dependents: number[];
}

const showDependencies = (s: SeriesView) => s.project.show_dependencies === 1;

const SERIES_FIELDS: readonly Field<SeriesView>[] = [
  { name: 'id', schema: S.int, get: (s) => s.row.id },
  { name: 'url', schema: S.uri, get: (s, ctx) => seriesUrl(ctx, s.row.id) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (s, ctx) => seriesWebUrl(ctx, s) },
  { name: 'project', schema: S.ref('ProjectEmbedded'), get: (s, ctx) => embedded(EMBEDDED_PROJECT, s.project, ctx) },
  { name: 'name', schema: S.nullableString, get: (s) => s.row.name },
  { name: 'date', schema: S.date, get: (s) => toApi(s.row.date) },
  { name: 'submitter', schema: S.ref('PersonEmbedded'), get: (s, ctx) => embedded(EMBEDDED_PERSON, s.submitter, ctx) },
  { name: 'version', schema: S.int, get: (s) => s.row.version },
  { name: 'total', schema: S.int, get: (s) => s.row.total },
  { name: 'received_total', schema: S.int, get: (s) => s.patches.length },
  { name: 'received_all', schema: S.bool, get: (s) => s.row.total <= s.patches.length },
  { name: 'mbox', schema: S.uri, get: (s, ctx) => seriesMboxUrl(ctx, s.row.id) },
  { name: 'cover_letter', schema: S.nullableRef('CoverEmbedded'), get: (s, ctx) => embed(EMBEDDED_COVER, s.cover, ctx) },
  { name: 'patches', schema: S.arrayOf('PatchEmbedded'), get: (s, ctx) => s.patches.map((p) => serialize(EMBEDDED_PATCH, p, ctx)) },
  {
    name: 'dependencies',
    schema: { type: 'array', items: S.uri },
    since: '1.4',
    present: showDependencies,
    get: (s, ctx) => s.dependencies.map((id) => seriesUrl(ctx, id)),
  },
  {
    name: 'dependents',
    schema: { type: 'array', items: S.uri },
    since: '1.4',
    present: showDependencies,
    get: (s, ctx) => s.dependents.map((id) => seriesUrl(ctx, id)),
  },
];

function loadSeriesViews(db: Db, rows: readonly SeriesRow[]): SeriesView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const patches = patchesInSeries(db, ids);
  const covers = byId(coversByIds(db, idsOf(rows.map((r) => r.cover_id))));
  const projects = byId(projectsByIds(db, idsOf([...rows, ...patches, ...covers.values()].map((r) => r.project_id))));
  const people = byId(peopleByIds(db, idsOf(rows.map((r) => r.submitter_id))));
  const dependencies = groupBy(dependenciesOf(db, ids), (d) => d.series_id);
  const dependents = groupBy(dependentsOf(db, ids), (d) => d.depends_on_id);
  const bySeries = groupBy(patches, (p) => p.series_id!);
  return rows.map((row) => {
    const cover = row.cover_id === null ? undefined : covers.get(row.cover_id);
    return {
      row,
      project: projects.get(row.project_id)!,
      submitter: people.get(row.submitter_id)!,
      cover: cover ? { row: cover, project: projects.get(cover.project_id)! } : null,
      patches: (bySeries.get(row.id) ?? []).map((p) => ({ row: p, project: projects.get(p.project_id)! })),
      dependencies: (dependencies.get(row.id) ?? []).map((d) => d.depends_on_id),
      dependents: (dependents.get(row.id) ?? []).map((d) => d.series_id),
    };
  });
}

function loadSeries(db: Db, id: number): SeriesView | undefined {
  const row = seriesById(db, id);
  return row ? loadSeriesViews(db, [row])[0] : undefined;
}

function serializeSeries(ctx: ApiContext, view: SeriesView, options: SerializeOptions = {}): JsonText {
  return serialize(SERIES_FIELDS, view, ctx, options);
}

export const SERIES_LIST = listDef({
  source: SERIES_SOURCE,
  filters: SERIES_FILTERS,
  search: ['name'],
  order: {
    fields: {
      id: 'id',
      name: 'name',
      date: 'date',
      submitter: 'submitter_id',
      received_all: 'received_all',
    },
    default: [{ sql: 'id', desc: false }],
    tieBreaker: 'id',
  },
});

export const series: Resource = {
  tag: { name: 'series', description: 'Series of patches' },
  components: {
    Series: {
      title: 'Series',
      description: 'A series of patches. `dependencies` and `dependents` appear only when the project shows dependencies (1.4).',
      fields: SERIES_FIELDS,
    },
  },
  routes: [
    {
      path: 'series/',
      get: {
        operationId: 'series_list',
        summary: 'List series.',
        description: 'Every series.',
        component: 'Series',
        list: SERIES_LIST,
        handler: (ctx) => {
          const { rows, headers } = runList(ctx, SERIES_LIST);
          // What an item embeds is loaded only for items not kept (sql/0008).
          const render = (missing: SeriesRow[]) => loadSeriesViews(ctx.db, missing).map((v) => serializeSeries(ctx, v));
          return { body: itemsOfRows(ctx, 'series', rows, render), headers };
        },
      },
    },
    {
      path: 'series/:id/',
      params: [idParam('series')],
      get: {
        operationId: 'series_read',
        summary: 'Show a series.',
        description: 'A series by id.',
        component: 'Series',
        handler: (ctx, params) => {
          const view = loadSeries(ctx.db, parseId(params.id));
          if (!view) throw notFound('Series');
          return { body: serializeSeries(ctx, view, { detail: true }) };
        },
      },
    },
  ],
};
