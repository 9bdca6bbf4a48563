// Shared by the ingestion tests: the reference data beside the checkout,
// a database with upstream's test project, and a readable series layout.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { readMbox } from '../../src/mail/mbox.ts';
import { tempDb } from '../helpers/db.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** ../shared beside the checkout, or null when absent (tests are then not registered). */
export const SHARED: string | null = existsSync(join(repo, '..', 'shared')) ? join(repo, '..', 'shared') : null;

export const TEST_PROJECT = { linkname: 'test-project-0', name: 'Test Project 0', listid: 'test0.example.com', listemail: 'test0@example.com' };

export function projectDb(): { db: Db; path: string; projectId: number } {
  const { db, path } = tempDb();
  const projectId = insertProject(db, TEST_PROJECT);
  return { db, path, projectId };
}

export async function mboxMessages(path: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const m of readMbox(path)) out.push(m.raw);
  return out;
}

/** Upstream's test helper gives a mail without a Message-Id a random one. */
export function ensureMessageId(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  if (/^message-id:/im.test(text.split(/\r?\n\r?\n/, 1)[0])) return raw;
  // After an mbox envelope line, if there is one, so that it stays first.
  const at = text.startsWith('From ') ? text.indexOf('\n') + 1 : 0;
  return Buffer.concat([raw.subarray(0, at), Buffer.from(`Message-Id: <${randomUUID()}@pwlite.test>\n`), raw.subarray(at)]);
}

export function messageIdOf(raw: Buffer): string {
  return /^message-id:\s*(<[^>]*>)/im.exec(raw.toString('latin1'))![1];
}

export interface SeriesLayout {
  name: string | null;
  version: number;
  total: number;
  /** Index of the cover letter's message, or null. */
  cover: number | null;
  /** [message index, number] by number. */
  patches: [number, number][];
}

/** Series ordered by date as upstream's assertSerialized sees them, with
 * objects named by their position in the fixture file. */
export function seriesLayout(db: Db, msgids: readonly string[]): SeriesLayout[] {
  const index = (msgid: string) => msgids.indexOf(msgid);
  const series = db.prepare('SELECT * FROM series ORDER BY date, id').all() as {
    id: number;
    name: string | null;
    version: number;
    total: number;
    cover_id: number | null;
  }[];
  return series.map((s) => ({
    name: s.name,
    version: s.version,
    total: s.total,
    cover: s.cover_id === null ? null : index((db.prepare('SELECT msgid FROM covers WHERE id = ?').get(s.cover_id) as { msgid: string }).msgid),
    patches: (db.prepare('SELECT msgid, number FROM patches WHERE series_id = ? ORDER BY number').all(s.id) as { msgid: string; number: number }[]).map(
      (p) => [index(p.msgid), p.number] as [number, number],
    ),
  }));
}

export function counts(db: Db): { covers: number; patches: number; comments: number } {
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    covers: n('SELECT COUNT(*) AS n FROM covers'),
    patches: n('SELECT COUNT(*) AS n FROM patches'),
    comments: n('SELECT (SELECT COUNT(*) FROM patch_comments) + (SELECT COUNT(*) FROM cover_comments) AS n'),
  };
}
