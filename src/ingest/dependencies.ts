// Series dependencies declared with `Depends-on:` (docs/ingest.md §7.7).
import type { Db } from '../db/connection.ts';
import { firstCoverByMsgid } from '../db/covers.ts';
import { firstPatchByMsgid } from '../db/patches.ts';
import { addSeriesDependency, seriesByCoverIds, seriesById } from '../db/series.ts';

export type DependencyTarget = { series: number } | { msgid: string } | null;

/** What a Depends-on URL names; only the path and the `series` query count. */
export function parseDependencyUrl(url: string): DependencyTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (/^\/project\/[^/]+\/list\/?$/.test(parsed.pathname)) {
    const series = parsed.searchParams.get('series');
    return series !== null && /^\d+$/.test(series) ? { series: Number(series) } : null;
  }
  const m = /^\/project\/[^/]+\/patch\/([^/]+)\/?$/.exec(parsed.pathname);
  if (!m) return null;
  try {
    return { msgid: `<${decodeURIComponent(m[1])}>` };
  } catch {
    return null;
  }
}

function seriesOfMsgid(db: Db, msgid: string): number | null {
  const patch = firstPatchByMsgid(db, msgid);
  if (patch) return patch.series_id;
  const cover = firstCoverByMsgid(db, msgid);
  return cover ? (seriesByCoverIds(db, [cover.id])[0]?.id ?? null) : null;
}

function resolve(db: Db, target: DependencyTarget): number | null {
  if (target === null) return null;
  return 'series' in target ? target.series : seriesOfMsgid(db, target.msgid);
}

/** Records the series a patch's or cover's content declares it depends on:
 * never itself, never a series of another project. */
export function addDependencies(db: Db, seriesId: number, projectId: number, refs: { urls: readonly string[]; msgids: readonly string[] }): void {
  const targets = [...refs.urls.map(parseDependencyUrl), ...refs.msgids.map((msgid) => ({ msgid }))];
  for (const target of targets) {
    const dependsOn = resolve(db, target);
    if (dependsOn === null || dependsOn === seriesId) continue;
    if (seriesById(db, dependsOn)?.project_id !== projectId) continue;
    addSeriesDependency(db, seriesId, dependsOn);
  }
}
