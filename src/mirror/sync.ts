// One sync of a Patchwork mirror (docs/mirrors.md): the first run and every
// periodic full pass walk the remote's lists page by page; every run then
// reads the events feed since the last event copied and refreshes exactly
// the objects those events name. Each page of work is written in one
// transaction together with the position reached, so an interrupted run
// (Ctrl-C, kill -9, a lost network) leaves whole pages and resumes there.
import type { Db } from '../db/connection.ts';
import * as m from '../db/mirror.ts';
import { nowStored } from '../util/time.ts';
import { Client } from './client.ts';
import { writeProject, type Remote } from './copy.ts';
import type { RProject } from './remote.ts';
import { eventsPass, newestEventDate } from './events-pass.ts';
import { fullPass, PHASES, type FullProgress } from './full-pass.ts';
import type { PassContext, SyncOptions } from './pass.ts';

export type { SyncOptions } from './pass.ts';

export const VERSIONS = ['1.4', '1.3', '1.2', '1.1', '1.0'];

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

const DAY_MS = 86_400_000;

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
  db.transaction(() => {
    for (const p of chosen) writeProject(db, p, mirror!.id);
  }).immediate();

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
