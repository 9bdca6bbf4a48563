// One measured ingestion run in its own process (bench/ingest.ts starts it),
// so peak RSS is that run's alone. Prints one JSON line.
//   archive DB MBOX LISTID  parsearchive's path: batched commits, orphan adoption
//   per-mail DB MBOX LISTID every mail in its own transaction, as parsemail
// LISTID routes every mail (--list-id); '-' uses the mails' own List-Id.
import { openDb } from '../src/db/connection.ts';
import { importMessages, count, emptyCounters } from '../src/ingest/archive.ts';
import { ingestMail } from '../src/ingest/ingest.ts';
import { readMbox } from '../src/mail/mbox.ts';

const [mode, dbPath, mbox, list] = process.argv.slice(2);
const options = list && list !== '-' ? { listId: list } : {};
const db = openDb(dbPath);
const start = process.hrtime.bigint();
let counters = emptyCounters();
const internal: string[] = [];
if (mode === 'archive') {
  counters = await importMessages(db, readMbox(mbox), options, {}, () => readMbox(mbox));
} else {
  for await (const { raw } of readMbox(mbox)) {
    const outcome = ingestMail(db, raw, options);
    count(counters, outcome);
    if (outcome.kind === 'error' && !outcome.malformed) internal.push(outcome.reason);
  }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
db.close();
process.stdout.write(JSON.stringify({ counters, seconds, maxRssKb: process.resourceUsage().maxRSS, internal: internal.length }) + '\n');
