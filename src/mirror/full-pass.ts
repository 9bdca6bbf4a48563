// The full pass (docs/mirrors.md): every list of the mirrored projects,
// page by page, resumable at the page where it stopped.
import type { Db } from '../db/connection.ts';
import * as m from '../db/mirror.ts';
import { retagPatch } from '../ingest/tags.ts';
import { RemoteError } from './client.ts';
import { copyBundle, copyComments, copyCover, copyPatch, writeEvent, writePatchState, writePerson, writeSeries, writeUser } from './copy.ts';
import { commitPage, type PassContext } from './pass.ts';
import type { RBundle, RCover, REvent, RPatch, RPerson, RSeries, RUser } from './remote.ts';

export interface FullProgress {
  phase: string;
  page: number;
  /** The newest event before the pass began: where the events feed takes over. */
  cursor: string | null;
  resumed?: boolean;
}

export const PHASES = ['users', 'people', 'covers', 'series', 'patches', 'bundles', 'events'] as const;

function listPath(ctx: PassContext, resource: string, projectId: number, extra = ''): string {
  const since = ctx.since && resource !== 'bundles' ? `&since=${encodeURIComponent(ctx.since)}` : '';
  // Oldest first, so what the remote adds during the pass lands on later pages.
  const order = resource === 'events' ? 'date' : 'id';
  return `${ctx.remote.api}${resource}/?project=${projectId}&order=${order}${since}${extra}`;
}

/** Walks every phase from where `progress` stands; true when stopped early. */
export async function fullPass(ctx: PassContext, progress: FullProgress): Promise<boolean> {
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
      return commitPage(ctx, [], {}, (db) => {
        for (const u of items as RUser[]) writeUser(db, u);
      });
    case 'people':
      return commitPage(ctx, [], {}, (db) => {
        for (const p of items as RPerson[]) writePerson(db, p);
      });
    case 'covers': {
      const covers = items as RCover[];
      const stored = m.existingIdsOf(db, 'covers', covers.map((c) => c.id));
      for (const c of covers) see('covers', c.id);
      ctx.summary.added += covers.filter((c) => !stored.has(c.id)).length;
      // The text of a stored cover never changes; its comments may.
      return commitPage(
        ctx,
        covers.map((c) => (stored.has(c.id) ? copyComments(remote, 'cover', c.id) : copyCover(remote, c.id, true))),
        {},
        (db) => {
          for (const c of covers) if (stored.has(c.id)) writePerson(db, c.submitter);
        },
      );
    }
    case 'series': {
      const series = items as RSeries[];
      const stored = m.existingIdsOf(db, 'series', series.map((s) => s.id));
      for (const s of series) see('series', s.id);
      ctx.summary.added += series.filter((s) => !stored.has(s.id)).length;
      return commitPage(ctx, [], {}, (db) => {
        for (const s of series) writeSeries(db, s);
      });
    }
    case 'patches': {
      const patches = items as RPatch[];
      const ids = patches.map((p) => p.id);
      const states = m.patchStates(db, ids);
      for (const p of patches) see('patches', p.id);
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
      for (const b of bundles) see('bundles', b.id);
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
