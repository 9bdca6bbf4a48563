// Tests that need what a fresh machine may lack (../shared test data, git,
// git-pw, b4, Chromium) are not registered there: they call skipped() with
// the reason instead, and test/run.ts lists and counts them (and, under
// PWLITE_TEST_STRICT=1, as .ci/run sets, fails the run for them).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export interface Skip {
  file: string;
  name: string;
  reason: string;
}

const skips: Skip[] = ((globalThis as { PWLITE_SKIPS?: Skip[] }).PWLITE_SKIPS ??= []);

/** Records that the tests called `name` in the file being loaded did not run. */
export function skipped(name: string, reason: string): void {
  skips.push({ file: (globalThis as { PWLITE_TEST_FILE?: string }).PWLITE_TEST_FILE ?? '?', name, reason });
}

/** ../shared beside the checkout: upstream's test mails and the corpora. */
export const SHARED_DIR = join(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared');

/** Why `../shared/<path>` cannot be used, or null when it is there. */
export function missingShared(path = ''): string | null {
  return existsSync(join(SHARED_DIR, path)) ? null : `needs ../shared/${path} (test data beside the checkout), which is absent`;
}

/** Why a command cannot be run, or null when `command args` exits 0. */
export function missingCommand(command: string, args = ['--version']): string | null {
  const r = spawnSync(command, args, { stdio: 'ignore' });
  return r.status === 0 ? null : `needs ${[command, ...args.filter((a) => !a.startsWith('-'))].join(' ')}, which is not installed (.ci/run installs it)`;
}

/** The first reason among `reasons`, or null when nothing is missing. */
export function firstMissing(...reasons: (string | null)[]): string | null {
  return reasons.find((r) => r !== null) ?? null;
}

export const NO_SHARED = 'needs ../shared (test data beside the checkout), which is absent';
