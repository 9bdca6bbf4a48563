// Every read endpoint, in every version, on data ingested from upstream's
// test mails and from corpus-1k: every list item and every detail validates
// against upstream's schema of that version. Needs ../shared (skipped without).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/db/connection.ts';
import { insertProject } from '../../src/db/projects.ts';
import { insertUser, setTokenHash } from '../../src/db/users.ts';
import { hashToken } from '../../src/auth/token.ts';
import { importMessages } from '../../src/ingest/archive.ts';
import { readMbox } from '../../src/mail/mbox.ts';
import { VERSIONS, type VersionName } from '../../src/http/version.ts';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { hasShared, SHARED, upstreamValidator } from '../helpers/openapi-validator.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

const TOKEN = 'c'.repeat(40);

async function ingestedDb(): Promise<Db> {
  const { db } = tempDb();
  insertProject(db, { linkname: 'git', name: 'Git', listid: 'git.vger.kernel.org', listemail: 'git@vger.kernel.org' });
  insertProject(db, { linkname: 'util-linux', name: 'util-linux', listid: 'util-linux.vger.kernel.org', listemail: 'util-linux@vger.kernel.org' });
  insertProject(db, { linkname: 'test', name: 'Test', listid: 'test.example.com', listemail: 'test@example.com' });
  db.prepare("UPDATE projects SET list_archive_url_format = 'https://lore.kernel.org/git/{}/', show_dependencies = 1 WHERE linkname = 'git'").run();
  await importMessages(db, readMbox(join(SHARED, 'corpus', 'generated', 'corpus-1k.mbox.xz')), {});
  for (const dir of ['mail', 'series', 'patches']) {
    const base = join(SHARED, 'upstream', 'testdata', dir);
    for (const name of readdirSync(base).sort()) {
      if (!/\.(mbox|eml|patch)$/.test(name)) continue;
      await importMessages(db, readMbox(join(base, name)), { listId: 'test.example.com' });
    }
  }
  // A maintainer with a token, a check and a bundle, so that every endpoint has rows.
  const user = insertUser(db, { username: 'maint', email: 'maint@example.com' });
  setTokenHash(db, user, hashToken(TOKEN));
  db.prepare('INSERT INTO project_maintainers (project_id, user_id) VALUES (1, ?)').run(user);
  db.prepare("INSERT INTO checks (patch_id, user_id, date, state, target_url, context) VALUES (1, ?, '2024-01-01T00:00:00.123456', 1, 'https://ci.example.org/1', 'ci')").run(user);
  const bundle = Number(db.prepare("INSERT INTO bundles (owner_id, project_id, name, public) VALUES (?, 1, 'picks', 0)").run(user).lastInsertRowid);
  db.prepare('INSERT INTO bundle_patches (bundle_id, patch_id, position) SELECT ?, id, id FROM patches WHERE project_id = 1 LIMIT 5').run(bundle);
  return db;
}

async function getJson(server: TestServer, path: string): Promise<{ status: number; body: any; link: string | null }> {
  const res = await fetch(server.url + path, { headers: { Authorization: `Token ${TOKEN}` } });
  return { status: res.status, body: await res.json(), link: res.headers.get('link') };
}

/** Every item of a list, following rel="next". */
async function walk(server: TestServer, path: string, validate: (p: string, body: unknown) => void): Promise<any[]> {
  const items: any[] = [];
  let next: string | null = path + (path.includes('?') ? '&' : '?') + 'per_page=250';
  while (next) {
    const r = await getJson(server, next);
    assert.is(r.status, 200, next);
    validate(next, r.body);
    items.push(...r.body);
    const m = /<([^>]+)>; rel="next"/.exec(r.link ?? '');
    next = m ? m[1].slice(server.url.length) : null;
  }
  return items;
}

if (hasShared) {
  const test = suite<{ db: Db; server: TestServer }>('read: ingested corpora against upstream schemas');
  test.before(async (ctx) => {
    ctx.db = await ingestedDb();
    ctx.server = await startTestServer(ctx.db);
  });
  test.after(async (ctx) => ctx.server.close());

  test('the corpora ingested something of every kind', ({ db }) => {
    for (const table of ['patches', 'covers', 'series', 'patch_comments', 'cover_comments', 'events', 'series_dependencies']) {
      const { n } = db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
      if (table !== 'series_dependencies') assert.ok(n > 0, `${table} has rows`);
    }
  });

  for (const version of VERSIONS) {
    test(`every list item and every detail validates in ${version}`, async ({ db, server }) => {
      const validator = upstreamValidator(version as VersionName);
      const minor = VERSIONS.indexOf(version);
      const check = (path: string, body: unknown) => {
        assert.equal(validator.validate('GET', path, 200, body), [], path);
      };
      const v = `/api/${version}`;
      check(`${v}/`, (await getJson(server, `${v}/`)).body);
      for (const list of ['projects', 'users', 'people', 'covers', 'series', 'bundles', 'events']) await walk(server, `${v}/${list}/`, check);
      const patches = await walk(server, `${v}/patches/`, check);
      assert.is(patches.length, (db.prepare('SELECT count(*) AS n FROM patches').get() as { n: number }).n);
      const detail = async (path: string) => {
        const r = await getJson(server, path);
        assert.is(r.status, 200, path);
        check(path, r.body);
        return r.body;
      };
      for (const p of patches) {
        const body = await detail(`${v}/patches/${p.id}/`);
        assert.is(body.id, p.id);
        await walk(server, `${v}/patches/${p.id}/checks/`, check);
        if (minor >= 1) {
          const comments = await walk(server, `${v}/patches/${p.id}/comments/`, check);
          if (minor >= 3) for (const c of comments) await detail(`${v}/patches/${p.id}/comments/${c.id}/`);
        }
      }
      await detail(`${v}/patches/1/checks/1/`);
      for (const { id } of db.prepare('SELECT id FROM covers').all() as { id: number }[]) {
        await detail(`${v}/covers/${id}/`);
        if (minor >= 1) {
          const comments = await walk(server, `${v}/covers/${id}/comments/`, check);
          if (minor >= 3) for (const c of comments) await detail(`${v}/covers/${id}/comments/${c.id}/`);
        }
      }
      for (const { id } of db.prepare('SELECT id FROM series').all() as { id: number }[]) await detail(`${v}/series/${id}/`);
      for (const table of ['projects', 'users', 'people', 'bundles']) {
        for (const { id } of db.prepare(`SELECT id FROM ${table}`).all() as { id: number }[]) await detail(`${v}/${table}/${id}/`);
      }
    });
  }

  test.run();
} else skipped('API reads of ingested upstream fixtures and corpus-1k', NO_SHARED);
