// importMessages as parsearchive drives it: stopping early keeps what is
// stored, and the stored mails are committed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openDb } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { importMessages } from '../../src/ingest/archive.ts';
import { DEMO_PROJECT, demoMails } from '../../src/demo/mails.ts';
import type { MboxMessage } from '../../src/mail/mbox.ts';
import { tempDbPath } from '../helpers/db.ts';

async function* messages(): AsyncGenerator<MboxMessage> {
  let position = 0;
  for (const raw of demoMails()) yield { position: ++position, raw };
}

test('stop() ends the import after the current mail; what was stored is committed', async () => {
  const path = tempDbPath();
  const db = openDb(path);
  insertProject(db, DEMO_PROJECT);
  const counters = await importMessages(db, messages(), {}, { stop: () => true }, messages);
  assert.is(counters.messages, 1);
  assert.is(db.inTransaction, false);
  db.close();
  const again = openDb(path);
  assert.is((again.prepare('SELECT COUNT(*) AS n FROM covers').get() as { n: number }).n, 1);
  const rest = await importMessages(again, messages(), {});
  assert.is(rest.duplicates, 1);
  assert.is(rest.patches + rest.covers + rest.comments, 14);
  again.close();
});

test.run();
