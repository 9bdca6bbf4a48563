// `pwlite serve --mirror-every 10m`: every mirror of the database synced in
// the server's process, one run at a time, the next one `every` after the
// last ended. A failed run is logged and retried at the next tick.
import type { Db } from '../db/connection.ts';
import { listMirrors } from '../db/mirror.ts';
import { syncPatchwork, type SyncSummary } from './sync.ts';
import { syncInbox } from './inbox.ts';

/** `90s`, `10m`, `2h`, `1d` (a bare number is minutes) in milliseconds; null if unreadable. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$/i.exec(text);
  if (!m) return null;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 'm').toLowerCase() as 's' | 'm' | 'h' | 'd'];
  const ms = Number(m[1]) * unit;
  return ms >= 1_000 ? ms : null;
}

export interface Schedule {
  /** Stops the timer and asks a running sync to stop after its current page. */
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  db: Db;
  dbPath: string;
  everyMs: number;
  token?: string;
  log(line: string): void;
  onSynced?(summary: SyncSummary | null): void;
}

export function startMirrorSchedule(options: ScheduleOptions): Schedule {
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  async function runAll(): Promise<void> {
    for (const mirror of listMirrors(options.db)) {
      if (stopping) return;
      try {
        if (mirror.kind === 'patchwork') {
          const s = await syncPatchwork(options.db, mirror.source, { projects: [], token: options.token, stop: () => stopping });
          options.log(`mirror ${mirror.source}: ${s.added} added, ${s.changed} changed, ${s.requests} requests, ${s.seconds.toFixed(1)} s${s.full ? ', full pass' : ''}`);
          options.onSynced?.(s);
        } else {
          const r = await syncInbox(options.db, mirror.source, { dbPath: options.dbPath, hooks: { stop: () => stopping } });
          options.log(`mirror ${mirror.source}: ${r.commits} commits read, ${r.counters.patches} patches, ${r.seconds.toFixed(1)} s`);
          options.onSynced?.(null);
        }
      } catch (e) {
        options.log(`mirror ${mirror.source}: sync failed: ${(e as Error).message}; next try in ${Math.round(options.everyMs / 1000)} s`);
      }
    }
  }

  const tick = () => {
    running = runAll().finally(() => {
      running = null;
      if (!stopping) timer = setTimeout(tick, options.everyMs);
    });
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
