// Downloads load rows in batches, never one query per patch: the statements
// a series mbox runs grow with ceil(patches / 100), not with the patches or
// their replies.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { seriesMboxPath } from '../../src/http/urls.ts';
import { insertPatchRow, seed } from './seed.ts';

let server: TestServer;
let executed: string[] = [];
const series: Record<number, number> = {};

test.before(async () => {
  const { db, path } = tempDb();
  seed(db);
  for (const size of [3, 250]) {
    const id = Number(
      db.prepare("INSERT INTO series (project_id, name, date, submitter_id) VALUES (1, ?, '2026-11-07T00:00:00.000000', 1)").run(`s${size}`)
        .lastInsertRowid,
    );
    series[size] = id;
    for (let n = 1; n <= size; n++) {
      const patch = insertPatchRow(
        db,
        { projectId: 1, submitterId: 1, msgid: `<s${size}-${n}@x>`, name: `p${n}`, date: '2026-11-07T00:00:00.000000', content: 'c', diff: '+x\n' },
        { id, number: n },
      );
      for (const k of [1, 2]) {
        db.prepare(
          "INSERT INTO patch_comments (patch_id, msgid, date, submitter_id, headers, content) VALUES (?, ?, '2026-11-08T00:00:00.000000', 2, '', 'Acked-by: x')",
        ).run(patch, `<c${k}-s${size}-${n}@x>`);
      }
    }
  }
  db.close();
  // The server's connection reports every statement it runs.
  const counted = new Database(path, { verbose: (sql) => executed.push(String(sql)) });
  counted.pragma('foreign_keys = ON');
  server = await startTestServer(counted);
});
test.after(() => server.close());

async function statementsFor(path: string): Promise<number> {
  executed = [];
  const res = await fetch(server.url + path);
  assert.is(res.status, 200);
  await res.text();
  return executed.length;
}

test('a series mbox costs a fixed number of statements per batch of 100 patches', async () => {
  const small = await statementsFor(seriesMboxPath(series[3]));
  const large = await statementsFor(seriesMboxPath(series[250]));
  // One batch for 3 patches, three for 250: two statements (rows, replies) per extra batch.
  assert.is(large - small, 4, executed.join('\n'));
  assert.ok(small <= 4, `${small} statements for a 3-patch series`);
});

test.run();
