// Runs every test/**/*.test.ts with uvu in one process and ends with the
// line CI reads: 'N passed, N failed, N skipped'. Arguments narrow the files
// run by substring: `npm test -- mail/ api/patches`.
//
// Skipped tests (test/helpers/requires.ts) are listed by name with the
// reason; PWLITE_TEST_STRICT=1 (set by .ci/run) makes any skip a failure.
// A failing before/after hook, which uvu would swallow, is printed
// (test/helpers/uvu-guard.ts). Everything the tests write to the temporary
// directory goes to one folder of this run, removed at the end.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import type { Skip } from './helpers/requires.ts';
import type { HookFailure } from './helpers/uvu-guard.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const strict = process.env.PWLITE_TEST_STRICT === '1';

// os.tmpdir() reads TMPDIR on each call, and child processes inherit it.
const scratch = mkdtempSync(join(tmpdir(), 'pwlite-tests-'));
process.env.TMPDIR = scratch;
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

if (!nodeModule.registerHooks) {
  console.error(`npm test needs Node.js 24 (this is ${process.version}): run npm ci on Linux x64, or install Node 24`);
  process.exit(1);
}
const guardUrl = new URL('./helpers/uvu-guard.ts', import.meta.url).href;
const testsUrl = new URL('.', import.meta.url).href;
nodeModule.registerHooks({
  resolve(specifier, context, next) {
    const parent = context.parentURL ?? '';
    if (specifier === 'uvu' && parent.startsWith(testsUrl) && parent !== guardUrl) return { url: guardUrl, shortCircuit: true };
    return next(specifier, context);
  },
});

function findTests(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'fixtures' ? [] : findTests(path);
      return name.endsWith('.test.ts') ? [path] : [];
    });
}

const filters = process.argv.slice(2);
const files = findTests(root).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));

// uvu prints its totals with process.stdout.write; keep a copy to count.
let captured = '';
const write = process.stdout.write.bind(process.stdout);
let dots = 0;
let crosses = 0;
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  dots += text.split('•').length - 1;
  crosses += text.split('✘').length - 1;
  captured += text;
  if (captured.length > 100_000) captured = captured.slice(-10_000);
  return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

(globalThis as { UVU_DEFER?: number }).UVU_DEFER = 1;
const uvu = await import('uvu');

// A test that leaves the event loop empty while awaiting ends the process
// before uvu prints its totals; CI must still read a failing summary line.
let finished = false;
// Registered after uvu's own exit handler, so this line prints last.
process.on('exit', () => {
  if (finished) return;
  process.exitCode = 1;
  write(`\nthe test process ended before every test had run\n${dots} passed, ${crosses + 1} failed\n`);
});

const queue = (globalThis as unknown as { UVU_QUEUE: unknown[][] }).UVU_QUEUE;
const globals = globalThis as { PWLITE_SKIPS?: Skip[]; PWLITE_HOOK_FAILURES?: HookFailure[]; PWLITE_TEST_FILE?: string };
globals.PWLITE_SKIPS ??= [];
globals.PWLITE_HOOK_FAILURES ??= [];
for (const [index, file] of files.entries()) {
  (globalThis as { UVU_INDEX?: number }).UVU_INDEX = index;
  globals.PWLITE_TEST_FILE = relative(root, file);
  queue.push([relative(root, file)]);
  await import(pathToFileURL(file).href);
}
let crashed: unknown = null;
try {
  await uvu.exec(false);
} catch (e) {
  // An `after` hook that throws ends uvu's run; report it like any failure.
  crashed = e;
}
finished = true;

for (const f of globals.PWLITE_HOOK_FAILURES) {
  write(`\n  HOOK FAILED  ${f.file}${f.suite ? ` › ${f.suite}` : ''}: ${f.hook} hook threw\n    ${inspect(f.error).split('\n').join('\n    ')}\n`);
}
if (crashed) write(`\n  the run stopped: ${inspect(crashed)}\n`);
const skips = globals.PWLITE_SKIPS;
if (skips.length) {
  write(`\n  ${strict ? 'SKIPPED (a failure under PWLITE_TEST_STRICT=1)' : 'Skipped'}:\n`);
  for (const s of skips) write(`    ${s.file} › ${s.name}: ${s.reason}\n`);
}

const plain = captured.replace(/\x1b\[[0-9;]*m/g, '');
const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
// uvu counts a suite whose `before` failed as tests neither passed nor skipped.
const skippedTotal = skipped + skips.length;
const failed = total - passed - skipped + (crashed ? 1 : 0) + (strict ? skippedTotal : 0);
if (failed > 0) process.exitCode = 1;
if (files.length === 0) {
  process.exitCode = 1;
  console.log(`no test files match ${filters.join(' ')}`);
}
write(`${passed} passed, ${failed} failed, ${strict ? 0 : skippedTotal} skipped\n`);
