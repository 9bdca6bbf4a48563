// One sync of a Patchwork mirror (docs/mirrors.md): the first run and every
// periodic full pass walk the remote's lists page by page; every run then
// reads the events feed since the last event copied and refreshes exactly
// the objects those events name. Each page of work is written in one
// transaction together with the position reached, so an interrupted run
// (Ctrl-C, kill -9, a lost network) leaves whole pages and resumes there.
import type { Db } from '../db/connection.ts';
import * as m from '../db/mirror.ts';
import { nowStored } from '../util/time.ts';
import { Client, RemoteError, type ClientOptions } from './client.ts';
import { copyBundle, copyChecks, copyComments, copyCover, copyPatch, copySeries, writeEvent, writePatchState, writeProject, writeSeries, writeUser, writePerson, type Remote, type Write } from './copy.ts';
import type { RBundle, RCover, REvent, RPatch, RPerson, RProject, RSeries, RUser } from './remote.ts';
import { storedDate } from './convert.ts';
import { retagPatch } from '../ingest/tags.ts';

export const VERSIONS = ['1.4', '1.3', '1.2', '1.1', '1.0'];

export interface SyncOptions extends ClientOptions {
  projects: string[];
  /** Copy only what is dated on or after this (first run only). */
  since?: string;
  /** Run a full pass when the last complete one is older than this. */
  fullEveryMs?: number;
  /** Force a full pass. */
  full?: boolean;
  onPhase?(phase: string, page: number, pages: number | null): void;
  /** Asked between pages: true stops the run where it is (all written work kept). */
  stop?(): boolean;
}

export interface SyncSummary {
  added: number;
  changed: number;
  requests: number;
  retries: number;
  seconds: number;
  full: boolean;
  interrupted: boolean;
  apiVersion: string;
}

export class MirrorError extends Error {}

/** How far back each events read reaches before the cursor: an event is
 * dated when created and committed a moment later, so one can appear with
 * a date just before the newest already read. Anything later still is
 * caught by the full pass (docs/mirrors.md). */
const EVENT_OVERLAP_MS = 1_000;
const DAY_MS = 86_400_000;

interface FullProgress {
  phase: string;
  page: number;
  /** The newest event before the pass began: where the events feed takes over. */
  cursor: string | null;
  resumed?: boolean;
}

const PHASES = ['users', 'people', 'covers', 'series', 'patches', 'bundles', 'events'] as const;

/** The newest API version the remote's index answers to. */
export async function discoverVersion(client: Client): Promise<string> {
  for (const v of VERSIONS) {
    const answer = await client.get(`api/${v}/`);
    if (answer.status === 200) {
      try {
        const index = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
        if (typeof index.patches === 'string') return v;
      } catch {
        // not an API index; try the next version
      }
    }
  }
  throw new MirrorError(`${client.base} does not look like a Patchwork server: no API index answers at /api/1.0/ to /api/1.4/`);
}

export async function syncPatchwork(db: Db, source: string, options: SyncOptions): Promise<SyncSummary> {
  const started = Date.now();
  const client = new Client(source, options);
  const summary = { added: 0, changed: 0 };
  let mirror = m.mirrorBySource(db, source);
  if (!mirror) {
    const other = m.patchworkMirror(db);
    if (other) throw new MirrorError(`this database mirrors ${other.source}; a database holds one remote (ids are the remote's): use another --db`);
    if (m.hasLocalData(db)) throw new MirrorError('this database holds local projects, users or people; a mirror needs a database of its own (ids are the remote\'s): use another --db');
    if (options.projects.length === 0) throw new MirrorError('name the projects to mirror with --project LINKNAME');
    mirror = m.insertMirror(db, 'patchwork', source, options.projects);
  } else if (options.projects.length) {
    const wanted = [...new Set([...(JSON.parse(mirror.projects) as string[]), ...options.projects])];
    m.setMirrorProjects(db, mirror.id, wanted);
    mirror = m.mirrorBySource(db, source)!;
  }
  const linknames = JSON.parse(mirror.projects) as string[];

  // The index tells the versions: a cached one is checked with one request.
  let version = mirror.api_version;
  if (!version || (await client.get(`api/${version}/`)).status !== 200) version = await discoverVersion(client);
  const remote: Remote = { client, api: `api/${version}/`, minor: Number(version.split('.')[1]), tally: summary };
  m.updateMirror(db, mirror.id, { api_version: version });

  // Projects: one list, every run (names, URLs, maintainers change silently).
  const projects: RProject[] = [];
  for await (const { items } of client.pages<RProject>(`${remote.api}projects/`)) projects.push(...items);
  const chosen = linknames.map((name) => {
    const p = projects.find((x) => x.link_name === name);
    if (!p) throw new MirrorError(`${source} has no project '${name}' (it has: ${projects.map((x) => x.link_name).join(', ') || 'none'})`);
    return p;
  });
  db.transaction(() => chosen.forEach((p) => writeProject(db, p, mirror!.id))).immediate();

  let progress: FullProgress | null = mirror.full_progress ? { ...(JSON.parse(mirror.full_progress) as FullProgress), resumed: true } : null;
  const fullDue =
    options.full || !mirror.last_full || Date.now() - Date.parse(mirror.last_full.slice(0, 19) + 'Z') > (options.fullEveryMs ?? DAY_MS);
  let interrupted = false;
  const ctx: PassContext = { db, remote, mirror, chosen, options, summary, since: options.since && !mirror.last_full ? options.since : undefined };

  if (progress || fullDue) {
    if (!progress) {
      progress = { phase: PHASES[0], page: 1, cursor: mirror.event_cursor ?? (await newestEventDate(remote, chosen)) };
      m.updateMirror(db, mirror.id, { full_progress: JSON.stringify(progress) });
    }
    interrupted = await fullPass(ctx, progress);
    if (!interrupted) {
      m.updateMirror(db, mirror.id, { full_progress: null, last_full: nowStored(), event_cursor: progress.cursor });
      mirror = m.mirrorBySource(db, source)!;
      ctx.mirror = mirror;
    }
  }
  if (!interrupted) interrupted = await eventsPass(ctx, mirror.event_cursor);
  if (!interrupted) m.updateMirror(db, mirror.id, { last_sync: nowStored() });
  return {
    ...summary,
    requests: client.stats.requests,
    retries: client.stats.retries,
    seconds: (Date.now() - started) / 1000,
    full: !!(progress || fullDue),
    interrupted,
    apiVersion: version,
  };
}

interface PassContext {
  db: Db;
  remote: Remote;
  mirror: m.MirrorRow;
  chosen: RProject[];
  options: SyncOptions;
  summary: { added: number; changed: number };
  since?: string;
}

async function newestEventDate(remote: Remote, projects: RProject[]): Promise<string | null> {
  let newest: string | null = null;
  for (const p of projects) {
    const answer = await remote.client.json<REvent[]>(`${remote.api}events/?project=${p.id}&per_page=1`);
    const date = answer?.data[0]?.date;
    if (date) {
      const stored = storedDate(date);
      if (!newest || stored > newest) newest = stored;
    }
  }
  return newest;
}

/** Runs fetches for a page's items with the client's concurrency, then
 * writes them and the new position in one transaction. */
async function commitPage(ctx: PassContext, work: Promise<Write | null>[], position: m.MirrorProgress, extra?: Write): Promise<void> {
  const writes = await Promise.all(work);
  ctx.db
    .transaction(() => {
      for (const w of writes) w?.(ctx.db);
      extra?.(ctx.db);
      m.updateMirror(ctx.db, ctx.mirror.id, position);
    })
    .immediate();
}

function listPath(ctx: PassContext, resource: string, projectId: number, extra = ''): string {
  const since = ctx.since && resource !== 'bundles' ? `&since=${encodeURIComponent(ctx.since)}` : '';
  return `${ctx.remote.api}${resource}/?project=${projectId}&order=id${since}${extra}`;
}

/** Walks every phase from where `progress` stands; true when stopped early. */
async function fullPass(ctx: PassContext, progress: FullProgress): Promise<boolean> {
  const { db } = ctx;
  const firstCopy = !ctx.mirror.last_full;
  const seen = new Map<string, Set<number>>();
  const see = (kind: string, id: number) => {
    if (!seen.has(kind)) seen.set(kind, new Set());
    seen.get(kind)!.add(id);
  };
  for (let i = PHASES.indexOf(progress.phase as (typeof PHASES)[number]); i < PHASES.length; i++) {
    const phase = PHASES[i];
    const startPage = phase === progress.phase ? progress.page : 1;
    const save = (page: number) => ({ full_progress: JSON.stringify({ phase, page, cursor: progress.cursor }) });
    const sources = phase === 'users' || phase === 'people' ? [null] : ctx.chosen;
    // A resumed phase walks one project's list from the saved page; earlier
    // projects of the same phase are done.
    for (const project of sources) {
      const path = project ? listPath(ctx, phase, project.id) : `${ctx.remote.api}${phase}/?order=id`;
      if ((phase === 'users' || phase === 'people') && !ctx.options.token) continue;
      if (phase === 'events' && !firstCopy) continue;
      try {
        for await (const { items, page, lastPage } of ctx.remote.client.pages<unknown>(path, startPage)) {
          ctx.options.onPhase?.(project ? `${phase} of ${project.link_name}` : phase, page, lastPage);
          await copyPage(ctx, phase, items, see);
          await commitPage(ctx, [], save(page + 1));
          if (ctx.options.stop?.()) return true;
        }
      } catch (e) {
        // people/ and users/ need a token the remote accepts; without it the
        // embedded objects are all there is (docs/mirrors.md).
        if (e instanceof RemoteError && e.status === 403 && (phase === 'users' || phase === 'people')) continue;
        throw e;
      }
    }
    if (i + 1 < PHASES.length) m.updateMirror(db, ctx.mirror.id, { full_progress: JSON.stringify({ phase: PHASES[i + 1], page: 1, cursor: progress.cursor }) });
  }
  // What the remote deleted goes too, when this pass saw every page itself.
  if (!progress.resumed && !ctx.since) {
    db.transaction(() => {
      for (const p of ctx.chosen) {
        for (const [kind, table] of [['patches', 'patches'], ['covers', 'covers'], ['series', 'series'], ['bundles', 'bundles']] as const) {
          ctx.summary.changed += m.deleteMissing(db, table, p.id, seen.get(kind) ?? new Set());
        }
      }
    }).immediate();
  }
  return false;
}

/** The fetches and writes of one list page of a phase. */
async function copyPage(ctx: PassContext, phase: string, items: unknown[], see: (kind: string, id: number) => void): Promise<void> {
  const { db, remote } = ctx;
  const firstCopy = !ctx.mirror.last_full;
  switch (phase) {
    case 'users':
      return commitPage(ctx, [], {}, (db) => (items as RUser[]).forEach((u) => writeUser(db, u)));
    case 'people':
      return commitPage(ctx, [], {}, (db) => (items as RPerson[]).forEach((p) => writePerson(db, p)));
    case 'covers': {
      const covers = items as RCover[];
      const stored = m.existingIdsOf(db, 'covers', covers.map((c) => c.id));
      covers.forEach((c) => see('covers', c.id));
      ctx.summary.added += covers.filter((c) => !stored.has(c.id)).length;
      // The text of a stored cover never changes; its comments may.
      return commitPage(
        ctx,
        covers.map((c) => (stored.has(c.id) ? copyComments(remote, 'cover', c.id) : copyCover(remote, c.id, true))),
        {},
        (db) => covers.filter((c) => stored.has(c.id)).forEach((c) => writePerson(db, c.submitter)),
      );
    }
    case 'series': {
      const series = items as RSeries[];
      const stored = m.existingIdsOf(db, 'series', series.map((s) => s.id));
      series.forEach((s) => see('series', s.id));
      ctx.summary.added += series.filter((s) => !stored.has(s.id)).length;
      return commitPage(ctx, [], {}, (db) => series.forEach((s) => writeSeries(db, s)));
    }
    case 'patches': {
      const patches = items as RPatch[];
      const ids = patches.map((p) => p.id);
      const states = m.patchStates(db, ids);
      patches.forEach((p) => see('patches', p.id));
      const work = patches.map((p) => {
        if (!states.has(p.id)) {
          ctx.summary.added++;
          return copyPatch(remote, db, p.id, { comments: true, checks: true });
        }
        // A stored patch: its list fields are here; comments are read for
        // `addressed` and for comments no event announced (API < 1.3).
        return copyComments(remote, 'patch', p.id).then((w) => (db: Db) => {
          const before = states.get(p.id)!;
          writePatchState(db, p, remote.minor);
          const after = m.patchStates(db, [p.id]).get(p.id)!;
          if (JSON.stringify(before) !== JSON.stringify(after)) ctx.summary.changed++;
          if (w) {
            w(db);
            retagPatch(db, p.id, true);
          }
        });
      });
      // Relations name patches of later pages: re-applied when those land.
      return commitPage(ctx, work, {});
    }
    case 'bundles': {
      const bundles = items as RBundle[];
      bundles.forEach((b) => see('bundles', b.id));
      return commitPage(ctx, bundles.map((b) => copyBundle(remote, b, db)), {});
    }
    case 'events': {
      if (!firstCopy) return;
      return commitPage(ctx, [], {}, (db) => {
        for (const e of items as REvent[]) if (writeEvent(db, e)) ctx.summary.added++;
      });
    }
  }
}

/** Reads events since the cursor and refreshes what they name; true when stopped early. */
async function eventsPass(ctx: PassContext, cursor: string | null): Promise<boolean> {
  const { db, remote } = ctx;
  for (const project of ctx.chosen) {
    let since = '';
    if (cursor) {
      const from = new Date(Date.parse(cursor.slice(0, 19) + 'Z') - EVENT_OVERLAP_MS).toISOString().slice(0, 19);
      since = `&since=${from}`;
    }
    // The newest page first: when every event on it is known, nothing
    // happened since (a burst of events in the cursor's last second would
    // otherwise be re-read page by page).
    if (cursor) {
      const newest = await remote.client.json<REvent[]>(`${remote.api}events/?project=${project.id}&order=-date&per_page=250${since}`);
      if (newest && newest.data.every((e) => m.eventExists(db, e.id))) continue;
    }
    for await (const { items, page, lastPage } of remote.client.pages<REvent>(`${remote.api}events/?project=${project.id}&order=date${since}`)) {
      ctx.options.onPhase?.(`events of ${project.link_name}`, page, lastPage);
      const fresh = items.filter((e) => !m.eventExists(db, e.id));
      if (fresh.length === 0) continue;
      const covers = new Set<number>();
      const series = new Set<number>();
      const patches = new Set<number>();
      const checks = new Set<number>();
      const patchComments = new Set<number>();
      const coverComments = new Set<number>();
      for (const e of fresh) {
        const p = e.payload ?? {};
        if (p.cover) (e.category === 'cover-comment-created' ? coverComments : covers).add(p.cover.id);
        if (p.series) series.add(p.series.id);
        if (p.patch) patches.add(p.patch.id);
        if (e.category === 'check-created' && p.patch) checks.add(p.patch.id);
        if (e.category === 'patch-comment-created' && p.patch) patchComments.add(p.patch.id);
      }
      // Covers, then series, then patches: each names the one before.
      const coverIds = [...covers];
      const storedCovers = m.existingIdsOf(db, 'covers', coverIds);
      await commitPage(ctx, [
        ...coverIds.filter((id) => !storedCovers.has(id)).map((id) => copyCover(remote, id, true)),
        ...[...coverComments].map((id) => copyComments(remote, 'cover', id)),
      ], {});
      ctx.summary.added += coverIds.filter((id) => !storedCovers.has(id)).length;
      const seriesIds = [...series];
      const storedSeries = m.existingIdsOf(db, 'series', seriesIds);
      ctx.summary.added += seriesIds.filter((id) => !storedSeries.has(id)).length;
      await commitPage(ctx, seriesIds.map((id) => copySeries(remote, id)), {});
      const patchIds = [...patches];
      const states = m.patchStates(db, patchIds);
      const work = patchIds.map(async (id): Promise<Write | null> => {
        if (!states.has(id)) {
          ctx.summary.added++;
          return copyPatch(remote, db, id, { comments: true, checks: true });
        }
        const [answer, checkWrite, commentWrite] = await Promise.all([
          remote.client.json<RPatch>(`${remote.api}patches/${id}/`),
          checks.has(id) ? copyChecks(remote, id) : null,
          patchComments.has(id) ? copyComments(remote, 'patch', id) : null,
        ]);
        if (!answer) return null;
        ctx.summary.changed++;
        return (db) => {
          writePatchState(db, answer.data, remote.minor);
          checkWrite?.(db);
          commentWrite?.(db);
        };
      });
      // The events go in with the objects they name, and the cursor with them.
      const newest = storedDate(items[items.length - 1].date);
      await commitPage(ctx, work, { event_cursor: newest > (cursor ?? '') ? newest : cursor }, (db) => {
        for (const e of fresh) if (writeEvent(db, e)) ctx.summary.added++;
        for (const id of patchComments) if (states.has(id)) retagPatch(db, id, true);
      });
      if (ctx.options.stop?.()) return true;
    }
  }
  return false;
}

