// Rows for download tests, inserted directly so these tests do not depend
// on mail parsing: a project, two users, a series with a cover letter and
// review replies, a patch outside any series, and bundles.
import type { Db } from '../../src/db/connection.ts';
import { hashToken } from '../../src/auth/token.ts';

export interface Seeded {
  projectId: number;
  seriesId: number;
  coverId: number;
  /** Series patches by number: [1/3, 2/3, 3/3]. */
  patchIds: number[];
  lonePatchId: number;
  slashPatchId: number;
  privateBundleId: number;
  publicBundleId: number;
}

export const OWNER_TOKEN = 'a'.repeat(40);
export const OTHER_TOKEN = 'b'.repeat(40);

const headersFor = (msgid: string, subject: string, from = 'Ada Lovelace <ada@example.org>') =>
  `Message-Id: ${msgid}\nSubject: ${subject}\nFrom: ${from}\nTo: demo@lists.example.org\nDate: Tue, 03 Nov 2026 10:00:00 +0000`;

export function insertPatchRow(
  db: Db,
  p: { projectId: number; submitterId: number; msgid: string; name: string; date: string; content: string; diff: string | null; headers?: string },
  series?: { id: number; number: number },
): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO patches (project_id, msgid, name, date, submitter_id, state_id, series_id, number)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
      )
      .run(p.projectId, p.msgid, p.name, p.date, p.submitterId, series?.id ?? null, series?.number ?? null).lastInsertRowid,
  );
  db.prepare('INSERT INTO patch_bodies (patch_id, headers, content, diff) VALUES (?, ?, ?, ?)').run(
    id,
    p.headers ?? headersFor(p.msgid, p.name),
    p.content,
    p.diff,
  );
  return id;
}

export function seed(db: Db): Seeded {
  const run = (sql: string, ...params: unknown[]) => Number(db.prepare(sql).run(...params).lastInsertRowid);
  const projectId = run(
    "INSERT INTO projects (linkname, name, listid, listemail) VALUES ('demo', 'Demo', 'demo.lists.example.org', 'demo@lists.example.org')",
  );
  const alice = run("INSERT INTO users (username, email, date_joined) VALUES ('alice', 'alice@example.org', '2026-01-01T00:00:00.000000')");
  const bob = run("INSERT INTO users (username, email, date_joined) VALUES ('bob', 'bob@example.org', '2026-01-01T00:00:00.000000')");
  run("INSERT INTO api_tokens (user_id, key_hash, created) VALUES (?, ?, '2026-01-01T00:00:00.000000')", alice, hashToken(OWNER_TOKEN));
  run("INSERT INTO api_tokens (user_id, key_hash, created) VALUES (?, ?, '2026-01-01T00:00:00.000000')", bob, hashToken(OTHER_TOKEN));
  const ada = run("INSERT INTO people (email, name) VALUES ('ada@example.org', 'Ada Lovelace')");
  const rev = run("INSERT INTO people (email, name) VALUES ('rev@example.org', 'Rev Iewer')");

  const coverId = run(
    "INSERT INTO covers (project_id, msgid, name, date, submitter_id) VALUES (?, '<cover@example.org>', '[PATCH 0/3] Add the widget', '2026-11-03T10:00:00.000000', ?)",
    projectId,
    ada,
  );
  run('INSERT INTO cover_bodies (cover_id, headers, content) VALUES (?, ?, ?)', coverId, headersFor('<cover@example.org>', '[PATCH 0/3] Add the widget'), 'This adds the widget.\n');
  run(
    "INSERT INTO cover_comments (cover_id, msgid, date, submitter_id, headers, content) VALUES (?, '<cr@example.org>', '2026-11-04T09:00:00.000000', ?, '', 'For the series:\nAcked-by: Rev Iewer <rev@example.org>\n')",
    coverId,
    rev,
  );
  const seriesId = run(
    "INSERT INTO series (project_id, cover_id, name, date, submitter_id, version, total) VALUES (?, ?, 'Add the widget', '2026-11-03T10:00:00.000000', ?, 1, 3)",
    projectId,
    coverId,
    ada,
  );
  // Inserted out of order: downloads must follow `number`, not id or date.
  const byNumber: number[] = [];
  for (const n of [3, 1, 2]) {
    byNumber[n - 1] = insertPatchRow(
      db,
      {
        projectId,
        submitterId: ada,
        msgid: `<p${n}@example.org>`,
        name: `[PATCH ${n}/3] widget: step ${n}`,
        date: `2026-11-03T10:00:0${n}.000000`,
        content: `Step ${n} of the widget.\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n---\n v2: rebased\n`,
        diff: `diff --git a/widget.c b/widget.c\n--- a/widget.c\n+++ b/widget.c\n@@ -${n} +${n} @@\n-old ${n}\n+new ${n}\n`,
      },
      { id: seriesId, number: n },
    );
  }
  run(
    "INSERT INTO patch_comments (patch_id, msgid, date, submitter_id, headers, content) VALUES (?, '<r2@example.org>', '2026-11-04T10:00:00.000000', ?, '', '> Signed-off-by: quoted\nReviewed-by: Rev Iewer <rev@example.org>\n')",
    byNumber[1],
    rev,
  );
  db.prepare('UPDATE patches SET delegate_id = ? WHERE id = ?').run(alice, byNumber[2]);

  const lonePatchId = insertPatchRow(db, {
    projectId,
    submitterId: ada,
    msgid: '<lone@example.org>',
    name: 'docs: fix a typo',
    date: '2026-11-05T08:00:00.000000',
    content: 'Typo.\n',
    diff: null,
  });
  const slashPatchId = insertPatchRow(db, {
    projectId,
    submitterId: ada,
    msgid: '<a/b+c@example.org>',
    name: 'odd: a Message-ID with a slash',
    date: '2026-11-05T09:00:00.000000',
    content: 'Odd.\n',
    diff: 'diff --git a/x b/x\n',
  });

  const privateBundleId = run("INSERT INTO bundles (owner_id, project_id, name, public) VALUES (?, ?, 'to review', 0)", alice, projectId);
  const publicBundleId = run("INSERT INTO bundles (owner_id, project_id, name, public) VALUES (?, ?, 'picks', 1)", alice, projectId);
  const member = db.prepare('INSERT INTO bundle_patches (bundle_id, patch_id, position) VALUES (?, ?, ?)');
  member.run(privateBundleId, byNumber[2], 1);
  member.run(privateBundleId, byNumber[0], 2);
  member.run(publicBundleId, lonePatchId, 1);
  return { projectId, seriesId, coverId, patchIds: byNumber, lonePatchId, slashPatchId, privateBundleId, publicBundleId };
}
