// /api/docs: the reference page, its assets and the JSON document of each version.
import { request } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDb } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import type { Db } from '../../src/db/connection.ts';
import { VERSIONS } from '../../src/http/version.ts';

let db: Db;
let server: TestServer;

test.before(async () => {
  db = tempDb().db;
  server = await startTestServer(db, undefined, { allowedHosts: ['127.0.0.1', 'patches.example.org'] });
});

test.after(async () => {
  await server.close();
  db.close();
});

test('/api/docs answers the HTML page, with or without the slash', async () => {
  for (const path of ['/api/docs', '/api/docs/']) {
    const res = await fetch(server.url + path);
    assert.is(res.status, 200, path);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.match(html, /data-spec-url="\/api\/docs\/\?format=openapi"/);
    assert.match(html, /<script src="\/api\/docs\/swagger-ui-bundle\.js"><\/script>/);
    assert.not.match(html, /https?:\/\//, 'the page names no other host');
  }
});

test('a versioned page loads the document of its version', async () => {
  const html = await (await fetch(`${server.url}/api/1.2/docs`)).text();
  assert.match(html, /data-spec-url="\/api\/1\.2\/docs\/\?format=openapi"/);
  assert.match(html, /<a href="\/api\/1\.2\/docs\/" aria-current="page">1\.2<\/a>/);
});

test('?format=openapi answers the JSON document of the requested version', async () => {
  for (const [i, name] of VERSIONS.entries()) {
    const res = await fetch(`${server.url}/api/${name}/docs/?format=openapi`);
    assert.is(res.status, 200);
    assert.is(res.headers.get('content-type'), 'application/json');
    const doc = await res.json();
    assert.is(doc.openapi, '3.1.0');
    assert.is(doc.info.version, name);
    assert.equal(doc.servers, [{ url: server.url }]);
    assert.ok(doc.paths[`/api/${name}/`], `index path of ${name}`);
    assert.ok(Object.keys(doc.paths).every((p: string) => p.startsWith(`/api/${name}/`)), `${i}: only ${name} paths`);
  }
  const latest = await (await fetch(`${server.url}/api/docs?format=openapi`)).json();
  assert.is(latest.info.version, '1.4');
  assert.ok(latest.paths['/api/']);
  assert.ok(Object.keys(latest.paths).every((p: string) => !/^\/api\/1\.\d\//.test(p)), 'unversioned paths');
});

test('the document names the host the request came to', async () => {
  // fetch() may not set Host; node:http may.
  const text = await new Promise<string>((resolve, reject) => {
    const req = request(`${server.url}/api/docs/?format=openapi`, { headers: { host: 'patches.example.org' } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => resolve(data));
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(JSON.parse(text).servers, [{ url: 'http://patches.example.org' }]);
});

test('assets are served from the embedded copies; unknown ones are 404', async () => {
  const js = await fetch(`${server.url}/api/docs/swagger-ui-bundle.js`);
  assert.is(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(await js.text(), /SwaggerUIBundle/);
  const css = await fetch(`${server.url}/api/docs/swagger-ui.css`);
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
  for (const bad of ['/api/docs/package.json', '/api/docs/..%2F..%2Fpackage.json', '/api/docs/constructor']) {
    const res = await fetch(server.url + bad);
    assert.is(res.status, 404, bad);
    assert.equal(await res.json(), { detail: 'Not found.' });
  }
});

test('an unknown format is 404, not the page', async () => {
  const res = await fetch(`${server.url}/api/docs/?format=yaml`);
  assert.is(res.status, 404);
  assert.equal(await res.json(), { detail: 'Not found.' });
});

test.run();
