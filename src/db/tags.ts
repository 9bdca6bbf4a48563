// Tags are global to the instance (docs/ingest.md §9); counts live in patch_tags
// (src/db/patches.ts).
import type { Db } from './connection.ts';
import { stmt } from './statements.ts';

export interface TagRow {
  id: number;
  name: string;
  pattern: string;
  abbrev: string;
  show_column: number;
}

export function listTags(db: Db): TagRow[] {
  return stmt<[], TagRow>(db, 'SELECT * FROM tags ORDER BY abbrev').all();
}
