// `npm run bench:parse`: CPU cost of parsing one mail (src/mail/parse.ts:
// headers, subject, author, MIME walk, diff split, hash), without the
// database, on the generated corpora and the real archives in
// ../shared/corpus. Archives are streamed; only parsing is timed. Results
// are printed and written to the parsing section of BENCHMARKS.md.
//
// Environment: BENCH_CORPORA (comma-separated file names to run),
// BENCH_NO_WRITE=1 (print only).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readMbox } from '../src/mail/mbox.ts';
import { parseMail } from '../src/mail/parse.ts';
import { chosenCorpora, CORPUS, writeBenchSection } from './lib.ts';

const chosen = chosenCorpora();

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
    mail.headers();
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
  for await (const { raw } of readMbox(join(CORPUS, file))) {
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

const rows: Row[] = [];
for (const file of chosen) {
  if (!existsSync(join(CORPUS, file))) {
    console.log(`skipped ${file} (not found under ${CORPUS})`);
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
writeBenchSection('parse', markdown);
