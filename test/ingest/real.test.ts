// The real list archives (public-inbox exports, mboxrd) import without an
// internal error, and the result does not depend on the run: a second run
// into the same database adds nothing and a fresh run stores the same.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { importMessages, type Counters } from '../../src/ingest/archive.ts';
import { readMbox } from '../../src/mail/mbox.ts';
import { tempDb } from '../helpers/db.ts';
import { SHARED } from './helpers.ts';
import { snapshot } from './snapshot.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

/** `linux-sparse.vger.kernel.org.0.mbox.zst` → list-id and posting address. */
function listOf(file: string): { listid: string; listemail: string } {
  const listid = file.replace(/\.\d+\.mbox(\.\w+)?$/, '');
  const [local, ...domain] = listid.split('.');
  return { listid, listemail: `${local}@${domain.join('.')}` };
}

async function importInto(db: Db, path: string, listid: string): Promise<{ counters: Counters; internal: string[] }> {
  const internal: string[] = [];
  const counters = await importMessages(
    db,
    readMbox(path),
    { listId: listid },
    {
      onMessage(message, outcome) {
        if (outcome.kind === 'error' && !outcome.malformed) internal.push(`message ${message.position}: ${outcome.reason}`);
      },
    },
    () => readMbox(path),
  );
  return { counters, internal };
}

if (SHARED) {
  const dir = join(SHARED, 'corpus', 'real');
  const test = suite('real archives');
  for (const file of readdirSync(dir).filter((f) => /\.mbox(\.\w+)?$/.test(f)).sort()) {
    test(file, async () => {
      const { listid, listemail } = listOf(file);
      const setup = () => {
        const { db } = tempDb();
        insertProject(db, { linkname: 'list', name: 'List', listid, listemail });
        return db;
      };
      const a = setup();
      const first = await importInto(a, join(dir, file), listid);
      assert.equal(first.internal, [], 'no internal errors');
      assert.ok(first.counters.patches > 0 && first.counters.comments > 0, 'patches and comments found');
      const stored = first.counters.patches + first.counters.covers + first.counters.comments;
      const again = await importInto(a, join(dir, file), listid);
      assert.is(again.counters.patches + again.counters.covers + again.counters.comments, 0, 'a second run adds nothing');
      assert.is(again.counters.duplicates, first.counters.duplicates + stored);
      const b = setup();
      await importInto(b, join(dir, file), listid);
      assert.equal(snapshot(b), snapshot(a), 'a fresh run stores the same');
      a.close();
      b.close();
    });
  }
  test.run();
} else skipped('real archives', NO_SHARED);
