// Realistic rows for API tests and benchmarks, inserted directly: two
// projects, people and users, series with and without cover letters,
// patches with bodies, comments, checks, relations, bundles and events.
import type { Db } from '../../src/db/connection.ts';
import { insertEvent } from '../../src/db/events.ts';
import { toStored } from '../../src/util/time.ts';

export interface SeedOptions {
  /** Number of series; each has 1 to 4 patches (default 12). */
  series?: number;
}

export interface Seeded {
  projects: { id: number; linkname: string }[];
  users: { id: number; username: string }[];
  people: { id: number; email: string }[];
  patches: number[];
  series: number[];
  covers: number[];
  bundles: { id: number; public: boolean; owner: number }[];
}

const BASE = Date.UTC(2024, 0, 1, 9, 0, 0);
const at = (minutes: number) => toStored(new Date(BASE + minutes * 60_000), 0);

export function seed(db: Db, options: SeedOptions = {}): Seeded {
  const nSeries = options.series ?? 12;
  const out: Seeded = { projects: [], users: [], people: [], patches: [], series: [], covers: [], bundles: [] };
  db.transaction(() => {
    const project = db.prepare(
      `INSERT INTO projects (linkname, name, listid, listemail, web_url, list_archive_url, list_archive_url_format, show_dependencies)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const [i, link] of ['alpha', 'beta'].entries()) {
      const id = Number(
        project.run(
          link,
          `Project ${link}`,
          `${link}.lists.example.org`,
          `${link}@lists.example.org`,
          i === 0 ? `https://${link}.example.org/` : '',
          i === 0 ? 'https://lore.example.org/alpha/' : '',
          i === 0 ? 'https://lore.example.org/alpha/{}/' : '',
          i === 0 ? 1 : 0,
        ).lastInsertRowid,
      );
      out.projects.push({ id, linkname: link });
    }
    const user = db.prepare(
      `INSERT INTO users (username, first_name, last_name, email, date_joined) VALUES (?, ?, ?, ?, ?)`,
    );
    for (const [name, first, last] of [
      ['maint', 'Mae', 'Tainer'],
      ['ci-bot', '', ''],
      ['dev', 'Dev', 'Eloper'],
    ]) {
      const id = Number(user.run(name, first, last, `${name}@example.com`, at(0)).lastInsertRowid);
      out.users.push({ id, username: name });
    }
    db.prepare('INSERT INTO project_maintainers (project_id, user_id) VALUES (?, ?)').run(out.projects[0].id, out.users[0].id);
    const person = db.prepare('INSERT INTO people (email, name, user_id) VALUES (?, ?, ?)');
    for (const [email, name, userId] of [
      ['dev@example.com', 'Dev Eloper', out.users[2].id],
      ['Jo.Contributor@example.net', 'Jø Contributor', null],
      ['anon@example.net', null, null],
    ] as const) {
      out.people.push({ id: Number(person.run(email, name, userId).lastInsertRowid), email });
    }

    const series = db.prepare(
      'INSERT INTO series (project_id, cover_id, name, date, submitter_id, version, total) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const cover = db.prepare('INSERT INTO covers (project_id, msgid, name, date, submitter_id) VALUES (?, ?, ?, ?, ?)');
    const coverBody = db.prepare('INSERT INTO cover_bodies (cover_id, headers, content) VALUES (?, ?, ?)');
    const patch = db.prepare(
      `INSERT INTO patches (project_id, msgid, name, date, submitter_id, delegate_id, state_id, archived, hash, commit_ref, pull_url, series_id, number)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const patchBody = db.prepare('INSERT INTO patch_bodies (patch_id, headers, content, diff) VALUES (?, ?, ?, ?)');
    const comment = db.prepare(
      'INSERT INTO patch_comments (patch_id, msgid, date, submitter_id, headers, content, addressed) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const coverComment = db.prepare(
      'INSERT INTO cover_comments (cover_id, msgid, date, submitter_id, headers, content, addressed) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const check = db.prepare(
      'INSERT INTO checks (patch_id, user_id, date, state, target_url, description, context) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    let minute = 0;
    for (let s = 0; s < nSeries; s++) {
      const projectId = out.projects[s % 5 === 4 ? 1 : 0].id;
      const submitter = out.people[s % out.people.length].id;
      const total = 1 + (s % 4);
      const version = 1 + (s % 3 === 2 ? 1 : 0);
      const title = `net: rework thing ${s}`;
      let coverId: number | null = null;
      const date = at(minute++);
      if (total > 1) {
        coverId = Number(cover.run(projectId, `<cover.${s}@example.net>`, `[${version > 1 ? `v${version},` : ''}0/${total}] ${title}`, date, submitter).lastInsertRowid);
        coverBody.run(coverId, `Subject: [PATCH 0/${total}] ${title}\nFrom: someone <x@example.net>\nReceived: one\nReceived: two\n\tfolded`, `Cover letter for ${title}\n`);
        out.covers.push(coverId);
        if (s % 2 === 1) coverComment.run(coverId, `<cover-reply.${s}@example.net>`, at(minute++), out.people[0].id, `Subject: Re: ${title}`, 'Looks good.\n', null);
      }
      const seriesId = Number(series.run(projectId, coverId, title, date, submitter, version, total).lastInsertRowid);
      out.series.push(seriesId);
      // Every fourth series is missing its last patch.
      const received = s % 4 === 3 ? total - 1 : total;
      for (let n = 1; n <= received; n++) {
        const state = 1 + ((s + n) % 10);
        const name = total > 1 ? `[${version > 1 ? `v${version},` : ''}${n}/${total}] ${title}` : `[v${version}] ${title}`;
        const hash = ((s * 7 + n) * 2654435761).toString(16).padStart(40, '0').slice(-40);
        const id = Number(
          patch.run(projectId, `<patch.${s}.${n}/x@example.net>`, name, at(minute++), submitter, s % 3 === 0 ? out.users[0].id : null,
            state, s % 6 === 5 ? 1 : 0, hash, s % 5 === 0 ? 'abc123' : null, null, seriesId, n).lastInsertRowid,
        );
        patchBody.run(id, `Subject: [PATCH ${n}/${total}] ${title}\nMessage-Id: <patch.${s}.${n}/x@example.net>\nX-Mailer: git-send-email`,
          `Rework part ${n}.\n\nSigned-off-by: Dev <dev@example.com>\n`, `diff --git a/f${n}.c b/f${n}.c\n--- a/f${n}.c\n+++ b/f${n}.c\n@@ -1 +1 @@\n-old\n+new\n`);
        out.patches.push(id);
        if (n === 1 && s % 2 === 0) {
          comment.run(id, `<reply.${s}@example.net>`, at(minute++), out.people[1].id, `Subject: Re: ${name}\nIn-Reply-To: <patch.${s}.${n}/x@example.net>`, 'Acked-by: Jo <jo@example.net>\n', s % 4 === 0 ? 0 : null);
        }
        if (s % 3 !== 1) {
          check.run(id, out.users[1].id, at(minute), (s + n) % 4, 'https://ci.example.org/run/1', 'build', 'build');
          check.run(id, out.users[1].id, at(minute + 1), (s + n + 1) % 4, null, null, 'test');
        }
      }
    }
    // Relations: the first patches of series 0 and 2 go together.
    if (out.patches.length > 4) {
      const rel = Number(db.prepare('INSERT INTO patch_relations DEFAULT VALUES').run().lastInsertRowid);
      db.prepare('UPDATE patches SET related_id = ? WHERE id IN (?, ?)').run(rel, out.patches[0], out.patches[3]);
    }
    if (out.series.length > 3) {
      db.prepare('INSERT INTO series_dependencies (series_id, depends_on_id, position) VALUES (?, ?, 0)').run(out.series[2], out.series[0]);
      db.prepare('INSERT INTO series_dependencies (series_id, depends_on_id, position) VALUES (?, ?, 1)').run(out.series[2], out.series[1]);
    }
    const bundle = db.prepare('INSERT INTO bundles (owner_id, project_id, name, public) VALUES (?, ?, ?, ?)');
    const bundlePatch = db.prepare('INSERT INTO bundle_patches (bundle_id, patch_id, position) VALUES (?, ?, ?)');
    for (const [owner, name, isPublic] of [
      [out.users[0].id, 'for-next', 1],
      [out.users[2].id, 'my private/stuff', 0],
    ] as const) {
      const id = Number(bundle.run(owner, out.projects[0].id, name, isPublic).lastInsertRowid);
      out.bundles.push({ id, public: isPublic === 1, owner });
      // Bundle order is the reverse of patch date order.
      out.patches.slice(0, 3).reverse().forEach((p, i) => bundlePatch.run(id, p, i));
    }
    // Events as ingestion and writes record them.
    let e = 0;
    const eventAt = () => toStored(new Date(BASE + 86_400_000 + e++ * 1000), 123456);
    const patchRow = db.prepare('SELECT id, project_id, series_id, state_id FROM patches WHERE id = ?');
    for (const id of out.patches) {
      const p = patchRow.get(id) as { id: number; project_id: number; series_id: number; state_id: number };
      insertEvent(db, p.project_id, 'patch-created', { patchId: id }, eventAt());
      insertEvent(db, p.project_id, 'patch-completed', { patchId: id, seriesId: p.series_id }, eventAt());
    }
    const first = patchRow.get(out.patches[0]) as { id: number; project_id: number; series_id: number; state_id: number };
    insertEvent(db, first.project_id, 'series-created', { seriesId: first.series_id }, eventAt());
    insertEvent(db, first.project_id, 'patch-state-changed', { patchId: first.id, actorId: out.users[0].id, previousStateId: 1, currentStateId: 3 }, eventAt());
    insertEvent(db, first.project_id, 'patch-delegated', { patchId: first.id, actorId: out.users[0].id, previousDelegateId: null, currentDelegateId: out.users[0].id }, eventAt());
    insertEvent(db, first.project_id, 'patch-relation-changed', { patchId: first.id, actorId: out.users[0].id }, eventAt());
    const checkRow = db.prepare('SELECT id, patch_id FROM checks ORDER BY id LIMIT 1').get() as { id: number; patch_id: number } | undefined;
    if (checkRow) insertEvent(db, first.project_id, 'check-created', { patchId: checkRow.patch_id, createdCheckId: checkRow.id, actorId: out.users[1].id }, eventAt());
    if (out.covers.length) insertEvent(db, first.project_id, 'cover-created', { coverId: out.covers[0] }, eventAt());
    const pc = db.prepare('SELECT id, patch_id FROM patch_comments ORDER BY id LIMIT 1').get() as { id: number; patch_id: number } | undefined;
    if (pc) insertEvent(db, first.project_id, 'patch-comment-created', { patchId: pc.patch_id, patchCommentId: pc.id }, eventAt());
    const cc = db.prepare('SELECT id, cover_id FROM cover_comments ORDER BY id LIMIT 1').get() as { id: number; cover_id: number } | undefined;
    if (cc) insertEvent(db, first.project_id, 'cover-comment-created', { coverId: cc.cover_id, coverCommentId: cc.id }, eventAt());
    insertEvent(db, first.project_id, 'series-completed', { seriesId: first.series_id }, eventAt());
  })();
  return out;
}
