// A list's public-inbox archive as a mirror source (docs/mirrors.md): a
// local inbox is imported where it is; a git URL is cloned once next to the
// database and brought up to date with `git fetch` on every sync.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '../db/connection.ts';
import { insertMirror, mirrorBySource, patchworkMirror, updateMirror } from '../db/mirror.ts';
import { importInbox, type InboxImport } from '../ingest/inbox.ts';
import type { ImportHooks } from '../ingest/archive.ts';
import { nowStored } from '../util/time.ts';
import { MirrorError } from './sync.ts';

const run = promisify(execFile);

/** A git URL rather than a path: scheme://, or scp-like user@host:path. */
export const isGitUrl = (source: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^[^/\s]+@[^/\s]+:/.test(source);

/** Where a cloned inbox lives: beside the database, named after the URL. */
export function cloneDir(dbPath: string, url: string): string {
  const name = url.replace(/^[a-z]+:\/\//i, '').replace(/[^A-Za-z0-9._-]+/g, '_');
  return join(dirname(resolve(dbPath)), 'pwlite-inboxes', name);
}

async function git(args: string[]): Promise<void> {
  try {
    await run('git', args, { maxBuffer: 1 << 26 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new MirrorError('public-inbox mirrors need git on PATH');
    throw new MirrorError(`git ${args.filter((a) => !a.startsWith('-')).join(' ')}: ${(err.stderr ?? err.message).trim()}`);
  }
}

/** Clones (first time) or fetches a git URL; returns the local repository. */
export async function fetchInbox(dbPath: string, url: string): Promise<string> {
  const dir = cloneDir(dbPath, url);
  if (!existsSync(join(dir, 'HEAD'))) {
    mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
    await git(['clone', '--quiet', '--mirror', url, dir]);
  } else {
    await git(['--git-dir', dir, 'fetch', '--quiet', '--prune', 'origin']);
  }
  return dir;
}

export interface InboxSyncOptions {
  dbPath: string;
  listId?: string;
  hooks?: ImportHooks & { onPlanned?(commits: number): void };
}

export async function syncInbox(db: Db, source: string, options: InboxSyncOptions): Promise<InboxImport & { seconds: number }> {
  const started = Date.now();
  const pw = patchworkMirror(db);
  if (pw) throw new MirrorError(`this database mirrors ${pw.source}; mail from a list archive goes into a database of its own`);
  const key = isGitUrl(source) ? source : resolve(source);
  const mirror = mirrorBySource(db, key) ?? insertMirror(db, 'public-inbox', key, options.listId ? [options.listId] : []);
  const path = isGitUrl(source) ? await fetchInbox(options.dbPath, source) : key;
  const listId = options.listId ?? (JSON.parse(mirror.projects) as string[])[0];
  const result = await importInbox(db, path, { listId }, options.hooks);
  updateMirror(db, mirror.id, { last_sync: nowStored(), last_full: nowStored() });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}
