// A Patchwork mirror database holds the remote's rows under the remote's
// ids; anything made locally could take an id the remote hands out next
// (docs/mirrors.md "One remote per database").
import type { Db } from '../db/connection.ts';
import { patchworkMirror } from '../db/mirror.ts';
import { CliError } from './context.ts';

export function refuseIfPatchworkMirror(db: Db, command: string): void {
  const mirror = patchworkMirror(db);
  if (mirror) throw new CliError(`${command}: this database is a read-only mirror of ${mirror.source}; use a database of its own`);
}
