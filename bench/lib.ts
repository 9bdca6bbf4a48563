// What the benchmark scripts share: where things are, the corpora, starting
// a real `pwlite serve`, and writing one section of BENCHMARKS.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CORPUS = join(ROOT, '..', 'shared', 'corpus');

/** Archives measured by default, relative to CORPUS; BENCH_CORPORA narrows them. */
export const CORPORA = [
  'generated/corpus-10k.mbox.xz',
  'generated/corpus-100k.mbox.zst',
  'real/linux-sparse.vger.kernel.org.0.mbox.zst',
  'real/util-linux.vger.kernel.org.0.mbox.zst',
  'real/openwrt-devel.lists.openwrt.org.0.mbox.zst',
  'real/linux-modules.vger.kernel.org.0.mbox.zst',
];

export function chosenCorpora(): string[] {
  return process.env.BENCH_CORPORA?.split(',') ?? CORPORA;
}

/** `pwlite serve` from the checkout (or another one, `root`) in its own process, on a random loopback port. */
export async function startPwlite(dbPath: string, root = ROOT): Promise<{ url: string; child: ChildProcess }> {
  const port = 19000 + Math.floor(Math.random() * 1000);
  const args = [join(root, 'bin', 'pwlite.mjs'), '--db', dbPath, 'serve', '--quiet', '--host', '127.0.0.1', '--port', String(port)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/api/`)).ok) return { url, child };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill();
  throw new Error('pwlite did not start');
}

/** Replaces the section between `<!-- bench:NAME:start -->` and its end
 * marker in BENCHMARKS.md (appending it the first time), unless
 * BENCH_NO_WRITE=1 asks for printing only. */
export function writeBenchSection(name: string, markdown: string): void {
  if (process.env.BENCH_NO_WRITE === '1') return;
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = `${start}\n${markdown}\n${end}`;
  const at = text.indexOf(start);
  const stop = text.indexOf(end);
  writeFileSync(
    file,
    at >= 0 && stop > at ? text.slice(0, at) + section + text.slice(stop + end.length) : `${text.trimEnd()}\n\n${section}\n`,
  );
  console.log(`written to BENCHMARKS.md (${name})`);
}
