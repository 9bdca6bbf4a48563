// The writer of `npm run bench:scale`: once a second one transaction changes
// a random patch's state and records the event, as a maintainer or a bot
// would; every commit empties the response caches and makes counts stale.
// Usage: node --import tsx bench/scale-writer.ts DB (runs until killed).
import Database from 'better-sqlite3';

const db = new Database(process.argv[2], { timeout: 30_000 });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
const maxId = (db.prepare('SELECT max(id) AS m FROM patches').get() as { m: number }).m;
const patch = db.prepare('SELECT id, project_id, state_id FROM patches WHERE id >= ? ORDER BY id LIMIT 1');
const update = db.prepare('UPDATE patches SET state_id = ? WHERE id = ?');
const event = db.prepare(
  `INSERT INTO events (project_id, category, date, patch_id, previous_state_id, current_state_id)
   VALUES (?, 'patch-state-changed', strftime('%Y-%m-%dT%H:%M:%f000', 'now'), ?, ?, ?)`,
);
const write = db.transaction(() => {
  const p = patch.get(1 + Math.floor(Math.random() * maxId)) as { id: number; project_id: number; state_id: number } | undefined;
  if (!p) return;
  const next = p.state_id === 1 ? 2 : 1;
  update.run(next, p.id);
  event.run(p.project_id, p.id, p.state_id, next);
});
let commits = 0;
setInterval(() => {
  write.immediate();
  commits++;
}, 1000);
process.on('SIGTERM', () => {
  process.stderr.write(`writer: ${commits} commits\n`);
  process.exit(0);
});
