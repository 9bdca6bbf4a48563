// The pwlite a mirror test copies: corpus-1k when ../shared has it (else
// `pwlite demo`), with users, maintainers, tokens, and what only the API
// makes: states, delegates, archived, commit refs, checks, relations,
// bundles, addressed comments, project settings.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../../src/db/connection.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const corpus = fileURLToPath(new URL('../../../shared/corpus/generated/corpus-1k.mbox.xz', import.meta.url));
export const hasCorpus = existsSync(corpus);

export interface Source {
  path: string;
  db: Db;
  server: TestServer;
  url: string;
  /** Tokens by username: maint (maintainer of every project), ci (posts checks). */
  tokens: Record<string, string>;
  users: Record<string, number>;
  projects: { id: number; linkname: string }[];
  close(): Promise<void>;
}

export async function cliOk(path: string, ...args: string[]): Promise<string> {
  const r = await runCli(['--db', path, ...args]);
  assert.equal(r.code, 0, `pwlite ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

export async function makeSource(dir: string, options: { demo?: boolean } = {}): Promise<Source> {
  const path = join(dir, 'source.sqlite3');
  let linknames: string[];
  if (hasCorpus && !options.demo) {
    linknames = ['git', 'util-linux'];
    for (const name of linknames) {
      const listid = `${name}.vger.kernel.org`;
      await cliOk(path, 'project', 'add', name, '--name', name, '--list-id', listid, '--list-email', `${name}@vger.kernel.org`);
    }
    await cliOk(path, 'parsearchive', corpus, '--quiet');
  } else {
    await cliOk(path, 'demo');
    linknames = ['demo'];
  }
  const tokens: Record<string, string> = {};
  const users: Record<string, number> = {};
  for (const [name, first] of [['maint', 'Mae'], ['ci', ''], ['reader', 'Rea']]) {
    const out = await cliOk(path, 'user', 'add', name, '--email', `${name}@example.org`, '--first-name', first);
    users[name] = Number(/id (\d+)/.exec(out)![1]);
    tokens[name] = (await cliOk(path, 'token', 'create', name)).trim();
  }
  for (const link of linknames) {
    await cliOk(path, 'maintainer', 'add', link, 'maint');
    await cliOk(path, 'maintainer', 'add', link, 'ci');
  }
  const db = openDb(path);
  const server = await startTestServer(db);
  const projects = linknames.map((linkname) => ({ linkname, id: (db.prepare('SELECT id FROM projects WHERE linkname = ?').get(linkname) as { id: number }).id }));
  const source: Source = { path, db, server, url: server.url, tokens, users, projects, close: async () => { await server.close(); db.close(); } };
  await decorate(source);
  return source;
}

export async function api(source: Source, method: string, path: string, body?: unknown, user = 'maint'): Promise<any> {
  const res = await fetch(`${source.url}/api/${path}`, {
    method,
    headers: { Authorization: `Token ${source.tokens[user]}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Patch ids of a project, oldest first. */
export function patchIds(db: Db, projectId: number): number[] {
  return (db.prepare('SELECT id FROM patches WHERE project_id = ? ORDER BY id').all(projectId) as { id: number }[]).map((r) => r.id);
}

async function decorate(s: Source): Promise<void> {
  for (const p of s.projects) {
    await api(s, 'PATCH', `projects/${p.id}/`, { show_dependencies: true, list_archive_url_format: 'https://lore.example.org/r/{}', commit_url_format: 'https://git.example.org/c/{}' });
    const ids = patchIds(s.db, p.id);
    const pick = (every: number, offset: number) => ids.filter((_, i) => i % every === offset).slice(0, 40);
    for (const id of pick(5, 1)) await api(s, 'PATCH', `patches/${id}/`, { state: 'accepted', commit_ref: `c0ffee${id}` });
    for (const id of pick(7, 2)) await api(s, 'PATCH', `patches/${id}/`, { delegate: s.users.maint, state: 'under-review' });
    for (const id of pick(9, 3)) await api(s, 'PATCH', `patches/${id}/`, { archived: true });
    for (const id of pick(4, 0)) {
      await api(s, 'POST', `patches/${id}/checks/`, { state: 'success', context: 'build', target_url: 'https://ci.example.org/1', description: 'built' }, 'ci');
      await api(s, 'POST', `patches/${id}/checks/`, { state: 'fail', context: 'test' }, 'ci');
    }
    if (ids.length >= 4) {
      await api(s, 'PATCH', `patches/${ids[0]}/`, { related: [ids[2], ids[3]] });
      // Bundle order differs from date order: the mbox keeps it.
      await api(s, 'POST', 'bundles/', { name: `picks-${p.linkname}`, patches: [ids[3], ids[0], ids[2]], public: true });
      await api(s, 'POST', 'bundles/', { name: `private-${p.linkname}`, patches: [ids[1]], public: false });
    }
    const comments = s.db
      .prepare('SELECT c.id, c.patch_id FROM patch_comments c JOIN patches p ON p.id = c.patch_id WHERE p.project_id = ? ORDER BY c.id LIMIT 12')
      .all(p.id) as { id: number; patch_id: number }[];
    for (const [i, c] of comments.entries()) await api(s, 'PATCH', `patches/${c.patch_id}/comments/${c.id}/`, { addressed: i % 2 === 0 });
  }
}
