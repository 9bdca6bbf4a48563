// Starting the parsing thread of parse-pool.ts. `pwlite parsearchive` starts
// it as the process starts (src/cli.ts), before the command's own modules
// are loaded: the thread boots its own Node and compiles its bundle while
// the main thread loads and opens the database, and the import, which waits
// for its first mails, begins that much sooner (docs/PERFORMANCE.md,
// "Ingestion"). This module stays small: it is loaded by every command.
import type { Worker } from 'node:worker_threads';
import type { ParseWorkerData } from './parse-pool.ts';
import { spawnWorker } from './spawn.ts';

/** The parsing thread's young generation, in MB: V8's default lets it grow
 * to tens of MB a parser does not need (peak RSS 300 against 220 MB). */
const YOUNG_GENERATION_MB = 16;

/** Commands that parse in a thread, always with the default options. */
const PARSING_COMMANDS = new Set(['parsearchive']);
const DEFAULT_DATA: ParseWorkerData = {};

interface Early {
  worker: Worker;
  failed: boolean;
  fail(): void;
}

let early: Early | null = null;

const spawn = (data: ParseWorkerData) => spawnWorker('parse-worker', data, { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB });

/** Starts the thread now when `command` will want one. It does not keep the
 * process alive until taken: a usage error or `--help` exits as before. */
export function startParseWorkerEarly(command: string | undefined): void {
  if (early || command === undefined || !PARSING_COMMANDS.has(command)) return;
  const started: Early = {
    worker: spawn(DEFAULT_DATA),
    failed: false,
    // Until taken, a thread that fails is only noted: it is not used, and
    // the command starts another, whose failure is then reported as usual.
    fail: () => (started.failed = true),
  };
  started.worker.on('error', started.fail).on('exit', started.fail).unref();
  early = started;
}

/** A parsing thread for `data`: the one started early when it was started
 * with the same options and is still up, else a new one. */
export function parseWorker(data: ParseWorkerData): Worker {
  const taken = early;
  early = null;
  if (!taken) return spawn(data);
  taken.worker.off('error', taken.fail).off('exit', taken.fail);
  if (!taken.failed && JSON.stringify(data) === JSON.stringify(DEFAULT_DATA)) {
    taken.worker.ref();
    return taken.worker;
  }
  void taken.worker.terminate();
  return spawn(data);
}
