// The `patches` of a series: by date, and for patches sent within the same
// second (equal dates) by number, as upstream's database returns them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { patchesInSeries } from '../../src/db/patches.ts';
import { ingestMail } from '../../src/ingest/ingest.ts';
import { projectDb, TEST_PROJECT } from '../ingest/helpers.ts';

const mail = (n: number, date: string) =>
  Buffer.from(
    `From: A <a@example.com>\nSubject: [PATCH ${n}/3] part ${n}\nMessage-Id: <p${n}@example.com>\n` +
      `${n > 1 ? 'In-Reply-To: <p1@example.com>\n' : ''}Date: ${date}\n\n---\ndiff --git a/f${n} b/f${n}\n--- a/f${n}\n+++ b/f${n}\n@@ -1 +1 @@\n-a\n+b\n`,
  );

test('equal dates go by number, whatever the arrival order', () => {
  const { db } = projectDb();
  const second = 'Wed, 14 Aug 2019 00:42:13 +0000';
  for (const [n, date] of [
    [1, 'Wed, 14 Aug 2019 00:42:12 +0000'],
    [3, second],
    [2, second],
  ] as const) {
    assert.is(ingestMail(db, mail(n, date), { listId: TEST_PROJECT.listid }).kind, 'patch');
  }
  const seriesId = (db.prepare('SELECT series_id FROM patches LIMIT 1').get() as { series_id: number }).series_id;
  assert.equal(
    patchesInSeries(db, [seriesId]).map((p) => p.name),
    ['[1/3] part 1', '[2/3] part 2', '[3/3] part 3'],
  );
  db.close();
});

test.run();
