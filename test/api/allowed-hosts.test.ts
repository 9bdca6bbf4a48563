// The Host header (src/http/hosts.ts): only allowed hosts are answered, so a
// request cannot plant another site's address in the links of the API.
import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Db } from '../../src/db/connection.ts';
import { defaultAllowedHosts, hostMatches, parseAllowedHosts } from '../../src/http/hosts.ts';
import { tempDb } from '../helpers/db.ts';
import { seed } from '../helpers/seed.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let db: Db;
let plain: TestServer;
let listed: TestServer;
let proxied: TestServer;

test.before(async () => {
  try {
    db = tempDb().db;
    seed(db, { series: 1 });
    plain = await startTestServer(db);
    listed = await startTestServer(db, undefined, { allowedHosts: parseAllowedHosts('patches.example.org, .example.net') });
    proxied = await startTestServer(db, 'https://patches.example.org');
  } catch (e) {
    console.error(e);
    throw e;
  }
});
test.after(async () => {
  await plain?.close();
  await listed?.close();
  await proxied?.close();
});

// Refusals are asked of a web path: the API document does not list a 400
// for every operation, and the whole-run audit checks API answers against it.
function get(server: TestServer, host: string | null, path = '/api/1.4/'): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers: host === null ? {} : { host }, setHost: host !== null }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('by default the listen address and localhost are answered, with links from the Host', async () => {
  const port = new URL(plain.url).port;
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`]) {
    const r = await get(plain, host);
    assert.is(r.status, 200, host);
    assert.is(r.body.patches, `http://${host}/api/1.4/patches/`);
  }
});

test('another Host gets 400 naming the option, and no link is built from it', async () => {
  for (const host of ['evil.example.com', 'evil.example.com:80', '127.0.0.1@evil.com', 'a b', 'localhost.evil.com']) {
    const r = await get(plain, host, '/project/demo/list/');
    assert.is(r.status, 400, host);
    assert.match(r.body.detail, /--allowed-hosts/);
    assert.not.match(JSON.stringify(r.body), /patches\//);
  }
});

test('--allowed-hosts: exact names and .domain wildcards, port ignored', async () => {
  assert.is((await get(listed, 'patches.example.org:8443')).status, 200);
  assert.is((await get(listed, 'example.net')).status, 200);
  assert.is((await get(listed, 'a.b.example.net')).status, 200);
  assert.is((await get(listed, 'badexample.net', '/')).status, 400);
  assert.is((await get(listed, '127.0.0.1', '/')).status, 400);
});

test('with --base-url, links come from it and its host is allowed', async () => {
  const r = await get(proxied, 'patches.example.org');
  assert.is(r.status, 200);
  assert.is(r.body.patches, 'https://patches.example.org/api/1.4/patches/');
  const local = await get(proxied, new URL(proxied.url).host);
  assert.is(local.body.patches, 'https://patches.example.org/api/1.4/patches/');
  assert.is((await get(proxied, 'evil.example.com', '/')).status, 400);
});

test('the defaults, and * for any host', () => {
  assert.equal(defaultAllowedHosts('192.0.2.1', 'https://pw.example.org/'), ['localhost', '127.0.0.1', '[::1]', '192.0.2.1', 'pw.example.org']);
  assert.ok(defaultAllowedHosts('0.0.0.0').includes('127.0.0.1'));
  assert.ok(hostMatches(['*'], 'anything.example'));
  assert.not.ok(hostMatches(['.example.org'], 'example.org.evil.com'));
});

test.run();
