// Shared set-up for the read API tests: a seeded database behind the real
// server, and a GET helper returning status, Link header and JSON body.
import type { Db } from '../../src/db/connection.ts';
import { setTokenHash } from '../../src/db/users.ts';
import { hashToken } from '../../src/auth/token.ts';
import { tempDb } from '../helpers/db.ts';
import { seed, type Seeded } from '../helpers/seed.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

export interface ReadFixture {
  db: Db;
  path: string;
  data: Seeded;
  server: TestServer;
  /** Token of user 'dev' (owner of the private bundle). */
  token: string;
}

export interface Got {
  status: number;
  link: string | null;
  body: any;
}

export async function readFixture(series = 12): Promise<ReadFixture> {
  const { db, path } = tempDb();
  const data = seed(db, { series });
  const token = 'a'.repeat(40);
  setTokenHash(db, data.users[2].id, hashToken(token));
  const server = await startTestServer(db);
  return { db, path, data, server, token };
}

export async function get(f: ReadFixture, path: string, auth = false): Promise<Got> {
  const res = await fetch(f.server.url + path, auth ? { headers: { Authorization: `Token ${f.token}` } } : {});
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, link: res.headers.get('link'), body };
}

export const ids = (body: { id: number }[]) => body.map((x) => x.id);
