// The events pass (docs/mirrors.md): events since the cursor, and exactly
// the objects they name, refreshed.
import * as m from '../db/mirror.ts';
import { retagPatch } from '../ingest/tags.ts';
import { copyChecks, copyComments, copyCover, copyPatch, copySeries, writeEvent, writePatchState, type Remote, type Write } from './copy.ts';
import { storedDate } from './convert.ts';
import { commitPage, type PassContext } from './pass.ts';
import type { REvent, RPatch, RProject } from './remote.ts';

/** How far back each events read reaches before the cursor: an event is
 * dated when created and committed a moment later, so one can appear with
 * a date just before the newest already read. Anything later still is
 * caught by the full pass (docs/mirrors.md). */
const EVENT_OVERLAP_MS = 1_000;

export async function newestEventDate(remote: Remote, projects: RProject[]): Promise<string | null> {
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

/** Reads events since the cursor and refreshes what they name; true when stopped early. */
export async function eventsPass(ctx: PassContext, cursor: string | null): Promise<boolean> {
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
      if (newest?.data.every((e) => m.eventExists(db, e.id))) continue;
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
