// Cover letters: GET covers/ and covers/<id>/ (docs/api.md §4.8).
import type { Db } from '../../db/connection.ts';
import { COVER_LIST as COVER_SOURCE, coverBody, coverById, type CoverBodyRow, type CoverRow } from '../../db/covers.ts';
import { projectsByIds } from '../../db/projects.ts';
import { peopleByIds, type PersonRow } from '../../db/people.ts';
import { seriesByCoverIds } from '../../db/series.ts';
import { toApi } from '../../util/time.ts';
import type { ApiContext } from '../../http/context.ts';
import type { JsonText } from '../../http/json.ts';
import { unversionedApiUrl } from '../../http/urls.ts';
import { notFound } from '../../http/errors.ts';
import { serialize, type Field, type SerializeOptions } from '../fields.ts';
import { COVER_FILTERS } from '../filters.ts';
import { headersJson } from '../headers.ts';
import { listDef, runList } from '../list.ts';
import { listItems } from '../items.ts';
import { idParam, type Resource } from '../resource.ts';
import {
  byId,
  coverMboxUrl,
  coverUrl,
  coverWebUrl,
  EMBEDDED_PERSON,
  EMBEDDED_PROJECT,
  EMBEDDED_SERIES,
  idsOf,
  listArchiveUrl,
  S,
  type CoverRef,
  type SeriesRef,
  embedded,
} from './embedded.ts';
import { pathId as parseId } from '../../http/ids.ts';

interface CoverView extends CoverRef {
  submitter: PersonRow;
  series: SeriesRef | null;
  body?: CoverBodyRow;
}

const COVER_FIELDS: readonly Field<CoverView>[] = [
  { name: 'id', schema: S.int, get: (c) => c.row.id },
  { name: 'url', schema: S.uri, get: (c, ctx) => coverUrl(ctx, c.row.id) },
  { name: 'web_url', schema: S.uri, since: '1.1', get: (c, ctx) => coverWebUrl(ctx, c) },
  { name: 'project', schema: S.ref('ProjectEmbedded'), get: (c, ctx) => embedded(EMBEDDED_PROJECT, c.project, ctx) },
  { name: 'msgid', schema: S.string, get: (c) => c.row.msgid },
  { name: 'list_archive_url', schema: S.archiveLink, since: '1.2', get: (c) => listArchiveUrl(c.project, c.row.msgid) },
  { name: 'date', schema: S.date, get: (c) => toApi(c.row.date) },
  { name: 'name', schema: S.string, get: (c) => c.row.name },
  { name: 'submitter', schema: S.ref('PersonEmbedded'), get: (c, ctx) => embedded(EMBEDDED_PERSON, c.submitter, ctx) },
  { name: 'mbox', schema: S.uri, since: '1.1', get: (c, ctx) => coverMboxUrl(ctx, c) },
  { name: 'series', schema: S.arrayOf('SeriesEmbedded'), get: (c, ctx) => (c.series ? [embedded(EMBEDDED_SERIES, c.series, ctx)] : []) },
  { name: 'comments', schema: S.uri, since: '1.1', get: (c, ctx) => unversionedApiUrl(ctx, `covers/${c.row.id}/comments/`) },
  { name: 'headers', schema: S.headers, detailOnly: true, get: (c) => headersJson(c.body?.headers ?? '') },
  { name: 'content', schema: S.nullableString, detailOnly: true, get: (c) => c.body?.content ?? null },
];

function loadCoverViews(db: Db, rows: readonly CoverRow[]): CoverView[] {
  if (rows.length === 0) return [];
  const series = new Map(seriesByCoverIds(db, rows.map((r) => r.id)).map((s) => [s.cover_id!, s]));
  const projects = byId(projectsByIds(db, idsOf([...rows, ...series.values()].map((r) => r.project_id))));
  const people = byId(peopleByIds(db, idsOf(rows.map((r) => r.submitter_id))));
  return rows.map((row) => {
    const s = series.get(row.id);
    return {
      row,
      project: projects.get(row.project_id)!,
      submitter: people.get(row.submitter_id)!,
      series: s ? { row: s, project: projects.get(s.project_id)! } : null,
    };
  });
}

function loadCover(db: Db, id: number): CoverView | undefined {
  const row = coverById(db, id);
  if (!row) return undefined;
  const [view] = loadCoverViews(db, [row]);
  view.body = coverBody(db, id);
  return view;
}

function serializeCover(ctx: ApiContext, view: CoverView, options: SerializeOptions = {}): JsonText {
  return serialize(COVER_FIELDS, view, ctx, options);
}

export const COVER_LIST = listDef({
  source: COVER_SOURCE,
  filters: COVER_FILTERS,
  search: ['name'],
  order: {
    fields: { id: 'id', name: 'name', date: 'date', submitter: 'submitter_id' },
    default: [{ sql: 'id', desc: false }],
    tieBreaker: 'id',
  },
});

export const covers: Resource = {
  tag: { name: 'covers', description: 'Cover letters' },
  components: {
    CoverList: { title: 'Cover letter (list item)', description: 'A cover letter, as lists show it.', fields: COVER_FIELDS },
    CoverDetail: { title: 'Cover letter', description: 'A cover letter with its headers and body.', fields: COVER_FIELDS, detail: true },
  },
  routes: [
    {
      path: 'covers/',
      get: {
        operationId: 'covers_list',
        summary: 'List cover letters.',
        description: 'Every cover letter.',
        component: 'CoverList',
        list: COVER_LIST,
        handler: (ctx) => {
          const { rows, headers } = runList(ctx, COVER_LIST);
          return { body: listItems(ctx, 'cover', loadCoverViews(ctx.db, rows), (v) => v.row.id, (v) => serializeCover(ctx, v)), headers };
        },
      },
    },
    {
      path: 'covers/:id/',
      params: [idParam('cover letter')],
      get: {
        operationId: 'covers_read',
        summary: 'Show a cover letter.',
        description: 'A cover letter by id.',
        component: 'CoverDetail',
        handler: (ctx, params) => {
          const view = loadCover(ctx.db, parseId(params.id));
          if (!view) throw notFound('Cover');
          return { body: serializeCover(ctx, view, { detail: true }) };
        },
      },
    },
  ],
};
