// What a pass over the remote works with, and how it writes: a page of
// fetched objects and the position reached, in one transaction.
import type { Db } from '../db/connection.ts';
import * as m from '../db/mirror.ts';
import type { Remote, Write } from './copy.ts';
import type { RProject } from './remote.ts';
import type { ClientOptions } from './client.ts';

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

export interface PassContext {
  db: Db;
  remote: Remote;
  mirror: m.MirrorRow;
  chosen: RProject[];
  options: SyncOptions;
  summary: { added: number; changed: number };
  since?: string;
}

/** Runs fetches for a page's items with the client's concurrency, then
 * writes them and the new position in one transaction. */
export async function commitPage(ctx: PassContext, work: Promise<Write | null>[], position: m.MirrorProgress, extra?: Write): Promise<void> {
  const writes = await Promise.all(work);
  ctx.db
    .transaction(() => {
      for (const w of writes) w?.(ctx.db);
      extra?.(ctx.db);
      m.updateMirror(ctx.db, ctx.mirror.id, position);
    })
    .immediate();
}
