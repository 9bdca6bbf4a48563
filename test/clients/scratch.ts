// Running real programs (git, git-pw, b4) against a test server: isolated
// HOME and git config, asynchronous so the in-process server keeps serving.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const home = mkdtempSync(join(tmpdir(), 'pwlite-clients-'));

const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  XDG_DATA_HOME: join(home, '.local', 'share'),
  XDG_CACHE_HOME: join(home, '.cache'),
  XDG_CONFIG_HOME: join(home, '.config'),
  // git-pw leaves its patch files in the temp directory: the test run's own.
  TMPDIR: tmpdir(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
  LANG: 'C.UTF-8',
  TZ: 'UTC',
};

export interface Ran {
  stdout: string;
  stderr: string;
}

/** Runs a program; a non-zero exit fails with its output in the message. */
export async function run(cwd: string, file: string, args: string[]): Promise<Ran> {
  const child = exec(file, args, { cwd, env, maxBuffer: 64 << 20, timeout: 120_000 });
  // Nothing to read: a client that asks a question gets end-of-file, not a hang.
  child.child.stdin?.end();
  try {
    const { stdout, stderr } = await child;
    return { stdout, stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

export const git = (cwd: string, ...args: string[]) => run(cwd, 'git', args).then((r) => r.stdout.trim());

/** A new repository with an identity configured. */
export async function newRepo(name: string, identity = { name: 'Ada Lovelace', email: 'ada@example.org' }): Promise<string> {
  const dir = join(home, name);
  await run(home, 'git', ['init', '-q', '-b', 'main', dir]);
  await git(dir, 'config', 'user.name', identity.name);
  await git(dir, 'config', 'user.email', identity.email);
  return dir;
}

/** A clone of `source` checked out at `ref`, ready for `git am`. */
export async function cloneAt(source: string, name: string, ref: string): Promise<string> {
  const dir = join(home, name);
  await run(home, 'git', ['clone', '-q', source, dir]);
  await git(dir, 'checkout', '-q', '-b', 'work', ref);
  await git(dir, 'config', 'user.name', 'Maintainer');
  await git(dir, 'config', 'user.email', 'maint@example.org');
  return dir;
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Rows of git-pw's `-f csv` output as objects keyed by the header row. */
export function csv(text: string): Record<string, string>[] {
  const rows = text
    .trim()
    .split('\n')
    .map((line) => line.slice(1, -1).split('","'));
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}
