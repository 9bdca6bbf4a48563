// The configuration that storing a mail reads: the projects of a list-id,
// the tags, the default state, whether a project has delegation rules. It is
// read once per write transaction: while the transaction holds SQLite's write
// lock no other writer can change it, and storing mails never writes it, so
// a batch of an import (src/ingest/archive.ts) reads each row once instead of
// once per mail (docs/PERFORMANCE.md, "Ingestion").
import type { Db } from '../db/connection.ts';
import { hasDelegationRules } from '../db/delegation.ts';
import { projectsByListid, type ProjectRow } from '../db/projects.ts';
import { defaultState, type StateRow } from '../db/states.ts';
import { listTags, type TagRow } from '../db/tags.ts';

/** Made inside a write transaction and dropped when it ends. Its maps hold
 * what the transaction's own mails named, no more. */
export class Settings {
  private readonly projects = new Map<string, ProjectRow[]>();
  private readonly withRules = new Map<number, boolean>();
  private tagRows: TagRow[] | undefined;
  private initialState: StateRow | null | undefined;

  constructor(private readonly db: Db) {}

  projectsByListid(listid: string): ProjectRow[] {
    let rows = this.projects.get(listid);
    if (!rows) this.projects.set(listid, (rows = projectsByListid(this.db, listid)));
    return rows;
  }

  tags(): readonly TagRow[] {
    return (this.tagRows ??= listTags(this.db));
  }

  /** The state with the lowest ordering, given to new patches. */
  defaultState(): StateRow | null {
    if (this.initialState === undefined) this.initialState = defaultState(this.db) ?? null;
    return this.initialState;
  }

  hasDelegationRules(projectId: number): boolean {
    let found = this.withRules.get(projectId);
    if (found === undefined) this.withRules.set(projectId, (found = hasDelegationRules(this.db, projectId)));
    return found;
  }
}
