// public-inbox archives (docs/mirrors.md "public-inbox"): a v2 inbox is a
// folder holding epoch repositories git/0.git, git/1.git, ...; each commit
// of an epoch stores one message as the blob `m` at the root of its tree, and
// a deletion is a commit whose tree has no `m`. Messages are read in commit
// order with the system git: `rev-list` for the order, one long-running
// `cat-file --batch` for the blobs (measured against isomorphic-git in
// BENCHMARKS.md: several times faster, no dependency, and it reads every
// repository format git itself writes).
import { spawn, execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { MboxMessage } from './mbox.ts';

const run = promisify(execFile);

export class InboxError extends Error {}

async function git(gitDir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', ['--git-dir', gitDir, ...args], { maxBuffer: 1 << 30, encoding: 'utf8' });
    return stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new InboxError('public-inbox archives need git on PATH');
    throw new InboxError(`git ${args[0]} in ${gitDir}: ${(err.stderr ?? err.message).trim()}`);
  }
}

/** The git directory of a repository path (bare, or a work tree's .git), or null. */
function gitDirOf(path: string): string | null {
  if (existsSync(join(path, 'HEAD')) && existsSync(join(path, 'objects'))) return resolve(path);
  if (existsSync(join(path, '.git', 'HEAD'))) return resolve(path, '.git');
  return null;
}

/** The epoch repositories of an inbox or a single epoch, oldest first; null
 * when the path is neither. */
export function inboxEpochs(path: string): string[] | null {
  let info;
  try {
    info = statSync(path);
  } catch {
    return null;
  }
  if (!info.isDirectory()) return null;
  const gitFolder = join(path, 'git');
  if (existsSync(gitFolder) && statSync(gitFolder).isDirectory()) {
    const epochs = readdirSync(gitFolder)
      .map((name) => /^(\d+)\.git$/.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]))
      .map((m) => gitDirOf(join(gitFolder, m[0])))
      .filter((d): d is string => d !== null);
    if (epochs.length) return epochs;
  }
  const single = gitDirOf(path);
  return single ? [single] : null;
}

export interface InboxMessage extends MboxMessage {
  /** The epoch repository and commit the message came from. */
  epoch: string;
  commit: string;
}

export interface EpochPlan {
  epoch: string;
  /** Commits to read, oldest first. */
  commits: string[];
}

/** The commits of each epoch after the one imported last (all when none
 * is known, or when it is no longer in the history, e.g. after a purge). */
export async function planEpochs(epochs: readonly string[], lastCommit: (epoch: string) => string | undefined): Promise<EpochPlan[]> {
  const plans: EpochPlan[] = [];
  for (const epoch of epochs) {
    const head = (await git(epoch, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => '')).trim();
    if (!head) {
      plans.push({ epoch, commits: [] });
      continue;
    }
    const last = lastCommit(epoch);
    let range = 'HEAD';
    if (last) {
      const known = await git(epoch, ['merge-base', '--is-ancestor', last, 'HEAD']).then(
        () => true,
        () => false,
      );
      if (known) range = `${last}..HEAD`;
    }
    const out = await git(epoch, ['rev-list', '--reverse', '--first-parent', range]);
    plans.push({ epoch, commits: out.split('\n').filter(Boolean) });
  }
  return plans;
}

/** Reads `<commit>:m` for each commit through one `git cat-file --batch`.
 * A commit without `m` (a deletion) yields raw = null. */
export async function* readCommits(epoch: string, commits: readonly string[]): AsyncGenerator<{ commit: string; raw: Buffer | null }> {
  if (commits.length === 0) return;
  const child = spawn('git', ['--git-dir', epoch, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => reject(new InboxError(`git cat-file in ${epoch}: ${e.message}`)));
    // 'exit', not 'close': 'close' waits for stdout to be read to its end,
    // which nobody does once the last answer is in.
    child.once('exit', resolve);
  });
  // Requests are written as the answers are read, a window at a time, so
  // neither pipe fills up however many commits there are.
  const WINDOW = 64;
  let sent = 0;
  const send = (upTo: number) => {
    let chunk = '';
    while (sent < Math.min(upTo, commits.length)) chunk += `${commits[sent++]}:m\n`;
    if (chunk) child.stdin.write(chunk);
    if (sent === commits.length) child.stdin.end();
  };
  send(WINDOW);
  let buffer: Buffer = Buffer.alloc(0);
  const reader = child.stdout[Symbol.asyncIterator]();
  const need = async (n: number): Promise<void> => {
    while (buffer.length < n) {
      const next = await reader.next();
      if (next.done) throw new InboxError(`git cat-file in ${epoch} ended early: ${stderr.trim()}`);
      buffer = buffer.length ? Buffer.concat([buffer, next.value as Buffer]) : (next.value as Buffer);
    }
  };
  try {
    for (let i = 0; i < commits.length; i++) {
      let nl: number;
      while ((nl = buffer.indexOf(10)) < 0) await need(buffer.length + 1);
      const header = buffer.subarray(0, nl).toString('utf8');
      buffer = buffer.subarray(nl + 1);
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        yield { commit: commits[i], raw: null };
      } else {
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
        if (!m) throw new InboxError(`git cat-file in ${epoch}: unexpected answer '${header}'`);
        const size = Number(m[2]);
        await need(size + 1);
        const raw = Buffer.from(buffer.subarray(0, size));
        buffer = buffer.subarray(size + 1);
        yield { commit: commits[i], raw: m[1] === 'blob' ? raw : null };
      }
      if (sent - (i + 1) < WINDOW / 2) send(sent + WINDOW);
    }
  } finally {
    if (sent < commits.length) child.stdin.end();
    child.stdout.destroy();
    child.kill();
    await exited.catch(() => undefined);
  }
}

/** Every message of the plans, in epoch then commit order; deletions are
 * reported through onDeleted and not yielded. */
export async function* readInbox(plans: readonly EpochPlan[], onDeleted?: (epoch: string, commit: string) => void): AsyncGenerator<InboxMessage> {
  let position = 0;
  for (const { epoch, commits } of plans) {
    for await (const { commit, raw } of readCommits(epoch, commits)) {
      position++;
      if (raw === null) onDeleted?.(epoch, commit);
      else yield { position, raw, epoch, commit };
    }
  }
}
