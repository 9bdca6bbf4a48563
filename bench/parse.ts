// `npm run bench:parse`: CPU cost of parsing one mail (src/mail/parse.ts:
// headers, subject, author, MIME walk, diff split, hash), without the
// database, on the generated corpora and the real archives in
// ../shared/corpus. Archives are streamed; only parsing is timed. Results
// are printed and written to the parsing section of BENCHMARKS.md.
//
// Environment: BENCH_CORPORA (comma-separated file names to run),
// BENCH_NO_WRITE=1 (print only).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMbox } from '../src/mail/mbox.ts';
import { parseMail } from '../src/mail/parse.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared', 'corpus');
const ALL = [
  'generated/corpus-10k.mbox.xz',
  'generated/corpus-100k.mbox.zst',
  'real/linux-sparse.vger.kernel.org.0.mbox.zst',
  'real/util-linux.vger.kernel.org.0.mbox.zst',
  'real/openwrt-devel.lists.openwrt.org.0.mbox.zst',
  'real/linux-modules.vger.kernel.org.0.mbox.zst',
];
const chosen = process.env.BENCH_CORPORA?.split(',') ?? ALL;

interface Row {
  name: string;
  mails: number;
  mb: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  errors: number;
}

function parseOne(raw: Buffer): boolean {
  try {
    const mail = parseMail(raw);
    mail.subject([]);
    mail.body();
    mail.author(null);
    return true;
  } catch {
    return false;
  }
}

async function bench(file: string): Promise<Row> {
  const micros: number[] = [];
  let bytes = 0;
  let errors = 0;
  for await (const { raw } of readMbox(join(SHARED, file))) {
    const start = process.hrtime.bigint();
    if (!parseOne(raw)) errors++;
    micros.push(Number(process.hrtime.bigint() - start) / 1000);
    bytes += raw.length;
  }
  const sorted = [...micros].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    name: file.split('/').pop()!,
    mails: micros.length,
    mb: bytes / 1e6,
    meanUs: micros.reduce((a, b) => a + b, 0) / micros.length,
    p50Us: pick(0.5),
    p99Us: pick(0.99),
    errors,
  };
}

function table(rows: Row[]): string {
  const lines = [
    '| archive | mails | MB | mean µs/mail | p50 µs | p99 µs | mails/s (one core) | malformed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.mails} | ${r.mb.toFixed(1)} | ${r.meanUs.toFixed(0)} | ${r.p50Us.toFixed(0)} | ${r.p99Us.toFixed(0)} | ${Math.round(1e6 / r.meanUs)} | ${r.errors} |`,
    ),
  ];
  return lines.join('\n');
}

const START = '<!-- bench:parse:start -->';
const END = '<!-- bench:parse:end -->';

function write(markdown: string): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const section = `${START}\n${markdown}\n${END}`;
  const at = text.indexOf(START);
  const end = text.indexOf(END);
  const next = at >= 0 && end > at ? text.slice(0, at) + section + text.slice(end + END.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}

const rows: Row[] = [];
for (const file of chosen) {
  if (!existsSync(join(SHARED, file))) {
    console.log(`skipped ${file} (not found under ${SHARED})`);
    continue;
  }
  rows.push(await bench(file));
  console.log(table(rows.slice(-1)).split('\n').pop());
}
const markdown = [
  '## Mail parsing (`npm run bench:parse`)',
  '',
  `parseMail + subject + author + body per mail, no database; node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  table(rows),
].join('\n');
console.log(`\n${markdown}`);
if (!process.env.BENCH_NO_WRITE) write(markdown);
