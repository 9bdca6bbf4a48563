// Runs every test/**/*.test.ts with uvu in one process and ends with the
// line CI reads: 'N passed, N failed'. Arguments narrow the files run by
// substring: `npm test -- mail/ api/patches`.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

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
for (const [index, file] of files.entries()) {
  (globalThis as { UVU_INDEX?: number }).UVU_INDEX = index;
  queue.push([relative(root, file)]);
  await import(pathToFileURL(file).href);
}
await uvu.exec(false);
finished = true;

const plain = captured.replace(/\x1b\[[0-9;]*m/g, '');
const total = Number(/Total:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const skipped = Number(/Skipped:\s+(\d+)/.exec(plain)?.[1] ?? 0);
const failed = total - passed - skipped;
if (failed > 0) process.exitCode = 1;
if (files.length === 0) {
  process.exitCode = 1;
  console.log(`no test files match ${filters.join(' ')}`);
}
write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
