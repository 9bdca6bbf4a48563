// The web UI's patch lists (src/db/patch-list.ts): a list filtered down to a
// few patches is sorted from the filters' index instead of walking the
// project's date index, and shows the same pages in the same order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { tempDb } from '../helpers/db.ts';
import { insertPatchRow } from '../web/seed.ts';
import { countPatches, FEW_MATCHES, patchPageIds, type PatchListFilter, type PatchListOrder } from '../../src/db/patch-list.ts';

test('a few matches: the same pages as the walk of the date index, sorted instead', () => {
  const { db, path } = tempDb();
  const projectId = Number(
    db.prepare("INSERT INTO projects (linkname, name, listid, listemail) VALUES ('p', 'P', 'p.example.org', 'p@example.org')").run()
      .lastInsertRowid,
  );
  const person = (email: string) => Number(db.prepare('INSERT INTO people (email) VALUES (?)').run(email).lastInsertRowid);
  const busy = person('busy@example.org');
  const rare = person('rare@example.org');
  const add = (submitterId: number, i: number, date: string) =>
    insertPatchRow(db, {
      projectId,
      submitterId,
      msgid: `<${submitterId}-${i}@x>`,
      name: `patch ${i % 7}`,
      date,
      content: 'c',
      diff: null,
    });
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) add(busy, i, `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(6, '0')}`);
    // Equal dates: ties are broken by id, the same way on both paths.
    for (let i = 0; i < 6; i++) add(rare, i, `2026-02-0${1 + (i % 2)}T00:00:00.000000`);
    insertPatchRow(db, {
      projectId,
      submitterId: busy,
      msgid: '<unique@x>',
      name: 'a unique name',
      date: '2026-03-01T00:00:00.000000',
      content: 'c',
      diff: null,
    });
  })();
  db.close();

  const executed: string[] = [];
  const conn = new Database(path, { verbose: (sql) => executed.push(String(sql)) });
  const filter = { projectId, archived: null, submitterId: rare };
  const matches = countPatches(conn, filter, FEW_MATCHES + 1);
  assert.is(matches, 6);
  const orders: PatchListOrder[] = [
    { column: 'date', desc: true },
    { column: 'date', desc: false },
    { column: 'name', desc: false },
    { column: 'submitter', desc: true },
  ];
  for (const order of orders) {
    for (const [limit, offset] of [
      [100, 0],
      [2, 0],
      [2, 2],
      [4, 4],
    ]) {
      const walked = patchPageIds(conn, filter, order, limit, offset, null);
      const sorted = patchPageIds(conn, filter, order, limit, offset, matches);
      assert.equal(sorted, walked, `${order.column}${order.desc ? ' desc' : ''}, ${limit} from ${offset}`);
    }
  }

  const plan = (matchCount: number | null, listed: PatchListFilter = filter) => {
    executed.length = 0;
    patchPageIds(conn, listed, { column: 'date', desc: true }, 100, 0, matchCount);
    const sql = executed.find((s) => s.startsWith('SELECT patches.id FROM patches'))!;
    return (conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
  };
  const walk = plan(null);
  assert.match(walk, /patches_project_date/, walk);
  const few = plan(matches);
  assert.not.match(few, /patches_project_date/, few);
  assert.match(few, /USE TEMP B-TREE FOR ORDER BY/, few);
  // Past the bound the walk is kept: a dense list finds its page at once.
  assert.equal(plan(FEW_MATCHES + 1), walk);
  // A search for a rare word: the trigram index finds its candidates, which
  // are sorted. For words every name holds no index helps: reading the
  // project in date order beats reading it through another index.
  const rareName = { projectId, archived: null, search: ['unique', 'name'] };
  assert.is(countPatches(conn, rareName, FEW_MATCHES + 1), 1);
  assert.equal(patchPageIds(conn, rareName, { column: 'date', desc: true }, 100, 0, 1), [3007]);
  const narrowed = plan(1, rareName);
  assert.match(narrowed, /patches_fts/, narrowed);
  assert.not.match(narrowed, /patches_project_date/, narrowed);
  const commonName = { projectId, archived: null, search: ['patch'] };
  assert.is(countPatches(conn, commonName, FEW_MATCHES + 1), FEW_MATCHES + 1);
  const common = plan(null, commonName);
  assert.match(common, /patches_project_date/, common);
  assert.not.match(common, /patches_fts/, common);
  conn.close();
});

test.run();
