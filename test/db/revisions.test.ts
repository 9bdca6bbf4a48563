// A patch's revision (sql/0010) moves with every change to its row, so a
// list item kept at a revision is never served after its row changed: the
// trigger must name every column, including ones added later.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDb } from '../helpers/db.ts';
import { seed } from '../helpers/seed.ts';

type Row = Record<string, unknown> & { id: number; rev: number };

test("every column of patches but rev moves the patch's revision; an update that changes nothing does not", () => {
  const { db } = tempDb();
  const { patches } = seed(db, { series: 2 });
  // Values no constraint or reference would accept are fine here: the trigger is what is tested.
  db.pragma('foreign_keys = OFF');
  const columns = (db.prepare("SELECT name FROM pragma_table_info('patches')").all() as { name: string }[]).map((c) => c.name);
  assert.ok(columns.includes('rev') && columns.length > 10);
  let id = patches[0];
  const row = (): Row => db.prepare('SELECT * FROM patches WHERE id = ?').get(id) as Row;
  for (const column of columns.filter((c) => c !== 'rev')) {
    const before = row();
    const old = before[column];
    const changed = typeof old === 'string' ? `${old} changed` : typeof old === 'number' ? old + 1_000_000 : 7;
    db.prepare(`UPDATE patches SET ${column} = ? WHERE id = ?`).run(changed, id);
    if (column === 'id') id = changed as number;
    assert.is(row().rev, before.rev + 1, `changing ${column} moves rev`);
    db.prepare(`UPDATE patches SET ${column} = ${column} WHERE id = ?`).run(id);
    assert.is(row().rev, before.rev + 1, `setting ${column} to its own value does not`);
  }
});

test.run();
