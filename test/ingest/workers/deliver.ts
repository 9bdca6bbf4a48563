// One "MTA": delivers every mail of an mbox to the database one by one, each
// in its own transaction as parsemail does, and prints what became of them.
import { openDb } from '../../../src/db/connection.ts';
import { ingestMail } from '../../../src/ingest/ingest.ts';
import { readMbox } from '../../../src/mail/mbox.ts';

const [dbPath, mbox] = process.argv.slice(2);
const db = openDb(dbPath);
const tally: Record<string, number> = {};
const failures: string[] = [];
for await (const { raw } of readMbox(mbox)) {
  const outcome = ingestMail(db, raw);
  tally[outcome.kind] = (tally[outcome.kind] ?? 0) + 1;
  if (outcome.kind === 'error' && !outcome.malformed) failures.push(outcome.reason);
}
db.close();
process.stdout.write(JSON.stringify({ tally, failures }));
