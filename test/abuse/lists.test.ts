// The abuse suite: for every list endpoint of the API (read from the served
// OpenAPI document), 2,000 distinct hostile query strings. None may answer
// 5xx or log an error, and the prepared-statement and response caches must
// stay within their bounds however many shapes of SQL and distinct URLs the
// requests ask for. (431 is Node's answer to a request line over 16 kB.)
import { Agent, request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/connection.ts';
import { setTokenHash } from '../../src/db/users.ts';
import { hashToken } from '../../src/auth/token.ts';
import { STATEMENT_TEXT_MAX, STATEMENTS_MAX, statementCacheSize } from '../../src/db/statements.ts';
import { DEFAULT_CACHE_BYTES } from '../../src/api/cache.ts';
import { responseCache } from '../../src/api/read.ts';
import { tempDb } from '../helpers/db.ts';
import { seed } from '../helpers/seed.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { hostileQuery, listEndpoints, type ListEndpoint } from './hostile.ts';

const PER_ENDPOINT = 2_000;
const TOKEN = 'b'.repeat(40);

let db: Db;
let server: TestServer;
let endpoints: ListEndpoint[] = [];
const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const errors: unknown[][] = [];
const consoleError = console.error;

test.before(async () => {
  try {
    db = tempDb().db;
    const data = seed(db, { series: 6 });
    setTokenHash(db, data.users[0].id, hashToken(TOKEN));
    server = await startTestServer(db);
    endpoints = await listEndpoints(server.url);
    console.error = (...args: unknown[]) => errors.push(args);
  } catch (e) {
    consoleError(e);
    throw e;
  }
});
test.after(async () => {
  console.error = consoleError;
  agent.destroy();
  await server?.close();
});

function get(path: string, auth: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(server.url + path, { agent, maxHeaderSize: 1 << 20, headers: auth ? { authorization: `Token ${TOKEN}` } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });
}

test('every list endpoint of the document is exercised', () => {
  assert.ok(endpoints.length >= 11, endpoints.map((e) => e.path).join(' '));
});

test('2,000 hostile query strings per list endpoint: no 5xx, no logged error, caches within bounds', async () => {
  let seed = 42;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 16) % n;
  const timings: string[] = [];
  for (const endpoint of endpoints) {
    const started = Date.now();
    const statuses = new Map<number, number>();
    const seen = new Set<string>();
    while (seen.size < PER_ENDPOINT) {
      const query = hostileQuery(endpoint, random);
      if (seen.has(query)) continue;
      seen.add(query);
      // Four at a time, as a client with a few connections would.
      const batch = [get(`${endpoint.path}?${query}`, random(2) === 0)];
      for (let i = 0; i < 3 && seen.size < PER_ENDPOINT; i++) {
        const more = hostileQuery(endpoint, random);
        if (seen.has(more)) continue;
        seen.add(more);
        batch.push(get(`${endpoint.path}?${more}`, random(2) === 0));
      }
      for (const status of await Promise.all(batch)) statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    timings.push(`${endpoint.path} ${Date.now() - started} ms`);
    const fives = [...statuses].filter(([s]) => s >= 500);
    assert.equal(fives, [], `${endpoint.path}: ${JSON.stringify([...statuses])}`);
    assert.ok([...statuses.keys()].every((s) => [200, 400, 404, 431].includes(s)), `${endpoint.path}: ${JSON.stringify([...statuses])}`);
    const statements = statementCacheSize(db);
    assert.ok(statements.statements <= STATEMENTS_MAX, `${endpoint.path}: ${statements.statements} statements`);
    assert.ok(statements.textBytes <= STATEMENT_TEXT_MAX, `${endpoint.path}: ${statements.textBytes} bytes of SQL`);
    assert.ok(responseCache.size(db).bytes <= DEFAULT_CACHE_BYTES, `${endpoint.path}: response cache ${responseCache.size(db).bytes} bytes`);
  }
  consoleError(timings.join('\n'));
  assert.equal(errors.map((args) => String(args[0]).slice(0, 200)), []);
});

test.run();
