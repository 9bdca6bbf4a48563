// A database's ingested content as sorted text lines, keyed by Message-ID
// rather than row ids, so two imports can be compared for equality.
import type { Db } from '../../src/db/connection.ts';

export function snapshot(db: Db): string[] {
  const lines = (sql: string) => (db.prepare(sql).raw().all() as unknown[][]).map((r) => r.map((v) => (v === null ? '-' : String(v))).join(' | '));
  // A series is named by its cover or, lacking one, its lowest-numbered patch.
  const seriesKey = `COALESCE((SELECT msgid FROM covers WHERE id = s.cover_id),
      (SELECT msgid FROM patches WHERE series_id = s.id ORDER BY number LIMIT 1), 'series ' || s.id)`;
  return [
    ...lines(`SELECT 'patch', p.msgid, pr.linkname, p.name, p.number, p.hash, p.pull_url, p.state_id, pe.email,
        (SELECT ${seriesKey} FROM series s WHERE s.id = p.series_id),
        (SELECT group_concat(t.abbrev || pt.count, ',') FROM patch_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.patch_id = p.id)
      FROM patches p JOIN projects pr ON pr.id = p.project_id JOIN people pe ON pe.id = p.submitter_id`),
    ...lines(`SELECT 'series', ${seriesKey}, s.name, s.version, s.total, s.date,
        (SELECT COUNT(*) FROM patches WHERE series_id = s.id) FROM series s`),
    ...lines(`SELECT 'cover', c.msgid, c.name FROM covers c`),
    ...lines(`SELECT 'patch-comment', c.msgid, p.msgid, c.addressed FROM patch_comments c JOIN patches p ON p.id = c.patch_id`),
    ...lines(`SELECT 'cover-comment', c.msgid, v.msgid, c.addressed FROM cover_comments c JOIN covers v ON v.id = c.cover_id`),
    ...lines(`SELECT 'events', category, COUNT(*) FROM events GROUP BY category`),
  ].sort();
}
