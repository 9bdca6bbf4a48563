// Who a new patch is delegated to (docs/ingest.md §11): the X-Patchwork-Delegate
// user, else the one user the project's path rules give every changed file.
import type { Db } from '../db/connection.ts';
import { delegationRules } from '../db/delegation.ts';
import { userIdsByEmailNocase } from '../db/users.ts';
import { fnmatch } from './fnmatch.ts';
import type { Settings } from './settings.ts';

const FILE_LINE = /^(?:---|\+\+\+) (\S+)/;

/** Files a diff touches, with the first path component dropped, sorted and unique. */
export function diffFilenames(diff: string): string[] {
  const names = new Set<string>();
  for (const line of diff.replace(/\r/g, '').split('\n')) {
    const m = FILE_LINE.exec(line);
    if (!m || m[1].startsWith('/dev/null')) continue;
    const slash = m[1].indexOf('/');
    names.add(slash < 0 ? '' : m[1].slice(slash + 1));
  }
  return [...names].sort();
}

/** A user named by the header, matched on account email; several users with
 * that email name nobody (upstream crashes there). */
function delegateByHeader(db: Db, email: string): number | null {
  const ids = userIdsByEmailNocase(db, email);
  return ids.length === 1 ? ids[0] : null;
}

function delegateByRules(db: Db, settings: Settings, projectId: number, diff: string): number | null {
  if (!settings.hasDelegationRules(projectId)) return null;
  const files = diffFilenames(diff);
  if (files.length === 0) return null;
  const rules = delegationRules(db, projectId);
  if (rules.length === 0) return null;
  let delegate: number | null = null;
  for (const file of files) {
    const rule = rules.find((r) => fnmatch(file, r.path));
    if (!rule) return null;
    if (delegate !== null && delegate !== rule.user_id) return null;
    delegate = rule.user_id;
  }
  return delegate;
}

export function findDelegate(db: Db, settings: Settings, projectId: number, header: string | null, diff: string | null): number | null {
  if (header) {
    const byHeader = delegateByHeader(db, header);
    if (byHeader !== null) return byHeader;
  }
  return diff !== null ? delegateByRules(db, settings, projectId, diff) : null;
}
