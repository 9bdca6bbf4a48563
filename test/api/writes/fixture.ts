// A small tracker for write tests: two projects, one user per role of the
// permission matrix (docs/api.md §2.8), each with an API token, and a few
// patches, comments and bundles, served on 127.0.0.1.
import { suite } from 'uvu';
import { tempDb } from '../../helpers/db.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { startServer, stopServer } from '../../../src/server.ts';
import type { Db } from '../../../src/db/connection.ts';
import { insertProject, addMaintainer } from '../../../src/db/projects.ts';
import { insertUser, setTokenHash } from '../../../src/db/users.ts';
import { generateToken, hashToken } from '../../../src/auth/token.ts';

export type Role = 'anonymous' | 'other' | 'submitter' | 'delegate' | 'maintainer' | 'maintainer2';

export interface Fixture {
  db: Db;
  server: TestServer;
  users: Record<Exclude<Role, 'anonymous'>, { id: number; token: string }>;
  projects: { alpha: number; beta: number };
  /** p1..p4 in alpha (p1 by the submitter, delegated), p5 in beta. */
  patches: Record<'p1' | 'p2' | 'p3' | 'p4' | 'p5', number>;
  people: { submitter: number; stranger: number };
  comments: { patch: number; cover: number; coverId: number };
  /** Bundles owned by the submitter. */
  bundles: { private: number; public: number; doomed: number };
  /** Tables whose content a refused write must leave untouched. */
  snapshot(): string;
  request(role: Role, method: string, path: string, body?: unknown, type?: 'json' | 'form' | 'multipart'): Promise<Result>;
  close(): Promise<void>;
}

export interface Result {
  status: number;
  body: any;
  headers: Headers;
}

const SNAPSHOT_TABLES = ['projects', 'users', 'patches', 'patch_relations', 'checks', 'bundles', 'bundle_patches', 'patch_comments', 'cover_comments', 'events'];

function insert(db: Db, sql: string, ...params: unknown[]): number {
  return Number(db.prepare(sql).run(...params).lastInsertRowid);
}

function formBody(body: Record<string, unknown>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) form.append(key, item === null ? '' : String(item));
  }
  return form;
}

function multipartBody(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of formBody(body)) form.append(key, value);
  return form;
}

/** A server outside the OpenAPI response audit, for tests that provoke
 * answers no document describes (deliberate 500s, nonsense stored as data). */
async function unauditedServer(db: Db): Promise<TestServer> {
  const server = await startServer({ db, host: '127.0.0.1', port: 0 });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('server has no address');
  return { url: `http://127.0.0.1:${address.port}`, server, close: () => stopServer(server) };
}

export async function createFixture(options: { audited?: boolean } = {}): Promise<Fixture> {
  const { db } = tempDb();
  const alpha = insertProject(db, { linkname: 'alpha', name: 'Alpha', listid: 'alpha.lists.example.org', listemail: 'alpha@lists.example.org' });
  const beta = insertProject(db, { linkname: 'beta', name: 'Beta', listid: 'beta.lists.example.org', listemail: 'beta@lists.example.org' });
  const users = {} as Fixture['users'];
  for (const name of ['other', 'submitter', 'delegate', 'maintainer', 'maintainer2'] as const) {
    const id = insertUser(db, { username: name, email: `${name}@example.org`, first_name: name, last_name: 'Tester' });
    const token = generateToken();
    setTokenHash(db, id, hashToken(token));
    users[name] = { id, token };
  }
  addMaintainer(db, alpha, users.maintainer.id);
  addMaintainer(db, alpha, users.maintainer2.id);
  addMaintainer(db, beta, users.maintainer2.id);
  const submitter = insert(db, 'INSERT INTO people (email, name, user_id) VALUES (?, ?, ?)', 'submitter@example.org', 'Sub Mitter', users.submitter.id);
  const stranger = insert(db, 'INSERT INTO people (email, name) VALUES (?, ?)', 'stranger@example.net', 'Stranger');
  const patch = (project: number, n: number, by: number, delegate: number | null) => {
    const id = insert(
      db,
      `INSERT INTO patches (project_id, msgid, name, date, submitter_id, delegate_id, state_id, hash)
       VALUES (?, ?, ?, ?, ?, ?, 1, NULL)`,
      project,
      `<patch-${n}@example.org>`,
      `[${n}/5] change number ${n}`,
      `2026-01-0${n}T10:00:00.000000`,
      by,
      delegate,
    );
    insert(db, 'INSERT INTO patch_bodies (patch_id, headers, content, diff) VALUES (?, ?, ?, ?)', id, `Subject: change ${n}`, `change ${n}\n`, null);
    return id;
  };
  const patches = {
    p1: patch(alpha, 1, submitter, users.delegate.id),
    p2: patch(alpha, 2, stranger, null),
    p3: patch(alpha, 3, stranger, null),
    p4: patch(alpha, 4, stranger, null),
    p5: patch(beta, 5, stranger, null),
  };
  const coverId = insert(
    db,
    'INSERT INTO covers (project_id, msgid, name, date, submitter_id) VALUES (?, ?, ?, ?, ?)',
    alpha,
    '<cover@example.org>',
    '[0/5] a series',
    '2026-01-01T09:00:00.000000',
    stranger,
  );
  insert(db, 'INSERT INTO cover_bodies (cover_id, headers, content) VALUES (?, ?, ?)', coverId, 'Subject: a series', 'cover text\n');
  const comments = {
    patch: insert(
      db,
      `INSERT INTO patch_comments (patch_id, msgid, date, submitter_id, headers, content, addressed) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      patches.p2,
      '<reply-1@example.org>',
      '2026-01-03T10:00:00.000000',
      submitter,
      'Subject: Re: change 2',
      'looks good\n',
      0,
    ),
    cover: insert(
      db,
      `INSERT INTO cover_comments (cover_id, msgid, date, submitter_id, headers, content, addressed) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      coverId,
      '<reply-2@example.org>',
      '2026-01-03T11:00:00.000000',
      stranger,
      'Subject: Re: a series',
      'a question\n',
      null,
    ),
    coverId,
  };
  const bundle = (name: string, isPublic: boolean, patchIds: number[]) => {
    const id = insert(db, 'INSERT INTO bundles (owner_id, project_id, name, public) VALUES (?, ?, ?, ?)', users.submitter.id, alpha, name, Number(isPublic));
    patchIds.forEach((p, i) => insert(db, 'INSERT INTO bundle_patches (bundle_id, patch_id, position) VALUES (?, ?, ?)', id, p, i));
    return id;
  };
  const bundles = {
    private: bundle('private', false, [patches.p2, patches.p1]),
    public: bundle('public', true, [patches.p3]),
    doomed: bundle('doomed', false, [patches.p4]),
  };
  const server = await (options.audited === false ? unauditedServer(db) : startTestServer(db));

  async function request(role: Role, method: string, path: string, body?: unknown, type: 'json' | 'form' | 'multipart' = 'json'): Promise<Result> {
    const headers: Record<string, string> = {};
    if (role !== 'anonymous') headers.authorization = `Token ${users[role].token}`;
    let payload: string | URLSearchParams | FormData | undefined;
    if (body !== undefined) {
      if (type === 'json') {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      } else if (type === 'form') {
        payload = formBody(body as Record<string, unknown>);
      } else {
        payload = multipartBody(body as Record<string, unknown>);
      }
    }
    const res = await fetch(server.url + path, { method, headers, body: payload });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  return {
    db,
    server,
    users,
    projects: { alpha, beta },
    patches,
    people: { submitter, stranger },
    comments,
    bundles,
    snapshot: () => JSON.stringify(SNAPSHOT_TABLES.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all())),
    request,
    async close() {
      await server.close();
      db.close();
    },
  };
}

/** A uvu suite whose every test gets a fresh fixture (server, users, patches). */
export function withFixture(name: string) {
  const s = suite<{ f: Fixture }>(name, { f: undefined as unknown as Fixture });
  s.before.each(async (ctx) => {
    ctx.f = await createFixture();
  });
  s.after.each(async (ctx) => {
    await ctx.f.close();
  });
  return s;
}
