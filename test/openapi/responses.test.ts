// The document and the server agree: every documented GET of every version
// answers 200 with a body that matches the document; every documented write
// is routed; what a version's document leaves out, that version does not
// route; and every API route the app registers is documented.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createApp } from '../../src/app.ts';
import { buildDocument } from '../../src/openapi/document.ts';
import { parseVersion, VERSIONS } from '../../src/http/version.ts';
import { validatorFor } from '../helpers/openapi-validator.ts';
import { readFixture, type ReadFixture } from '../api/read-helpers.ts';

let f: ReadFixture;

test.before(async () => {
  f = await readFixture();
});

test.after(async () => {
  await f.server.close();
  f.db.close();
});

const variants = [null, ...VERSIONS];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operations(segment: string | null): Map<string, Record<string, unknown>> {
  const doc = buildDocument(parseVersion(segment)!);
  const out = new Map<string, Record<string, unknown>>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) if ((item as Record<string, unknown>)[m]) out.set(`${m.toUpperCase()} ${path}`, (item as Record<string, any>)[m]);
  }
  return out;
}

/** Ids of rows that have what each path parameter needs (a patch with a check and a comment, ...). */
function ids() {
  const one = (sql: string) => (f.db.prepare(sql).get() as { a: number; b?: number }) ?? assert.unreachable(sql);
  const check = one('SELECT patch_id AS a, id AS b FROM checks ORDER BY id LIMIT 1');
  const patchComment = one('SELECT patch_id AS a, id AS b FROM patch_comments ORDER BY id LIMIT 1');
  const coverComment = one('SELECT cover_id AS a, id AS b FROM cover_comments ORDER BY id LIMIT 1');
  const own = f.data.bundles.find((b) => !b.public)!;
  return new Map<RegExp, (p: string) => string>([
    [/^(.*)\/patches\/\{id\}\/checks\/\{check_id\}\/$/, (p) => p.replace('{id}', String(check.a)).replace('{check_id}', String(check.b))],
    [/\/patches\/\{id\}\/comments\//, (p) => p.replace('{id}', String(patchComment.a)).replace('{comment_id}', String(patchComment.b))],
    [/\/covers\/\{id\}\/comments\//, (p) => p.replace('{id}', String(coverComment.a)).replace('{comment_id}', String(coverComment.b))],
    [/\/patches\/\{id\}\//, (p) => p.replace('{id}', String(check.a))],
    [/\/covers\/\{id\}\//, (p) => p.replace('{id}', String(f.data.covers[0]))],
    [/\/series\/\{id\}\//, (p) => p.replace('{id}', String(f.data.series[2]))],
    [/\/projects\/\{id\}\//, (p) => p.replace('{id}', f.data.projects[0].linkname)],
    [/\/people\/\{id\}\//, (p) => p.replace('{id}', String(f.data.people[0].id))],
    [/\/users\/\{id\}\//, (p) => p.replace('{id}', String(f.data.users[2].id))],
    [/\/bundles\/\{id\}\//, (p) => p.replace('{id}', String(own.id))],
  ]);
}

function concrete(template: string, fill: Map<RegExp, (p: string) => string>): string {
  for (const [re, apply] of fill) if (re.test(template)) return apply(template);
  assert.not.match(template, /\{/, `no ids for ${template}`);
  return template;
}

/** The same id for every path parameter. */
const everyId = (id: number) => (template: string) => template.replace(/\{[a-z_]+\}/g, String(id));

async function request(method: string, path: string) {
  const res = await fetch(f.server.url + path, {
    method,
    headers: { Authorization: `Token ${f.token}`, ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }) },
    ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
  });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null };
}

for (const segment of variants) {
  test(`every GET of the ${segment ?? 'unversioned'} document answers 200 as documented`, async () => {
    const version = parseVersion(segment)!;
    const validator = validatorFor(buildDocument(version) as never, `responses-${segment ?? 'latest'}`, { strictUris: true });
    const fill = ids();
    let count = 0;
    for (const key of operations(segment).keys()) {
      if (!key.startsWith('GET ')) continue;
      const path = concrete(key.slice(4), fill);
      const r = await request('GET', path);
      assert.is(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
      if (Array.isArray(r.body)) assert.ok(r.body.length > 0, `${path} lists something to check`);
      assert.equal(validator.validate('GET', path, 200, r.body), [], path);
      count++;
    }
    assert.ok(count >= 18, `${count} GET operations`);
  });
}

test('a body that strays from the document fails validation', async () => {
  const validator = validatorFor(buildDocument(parseVersion('1.2')!) as never, 'responses-strays', { strictUris: true });
  const path = '/api/1.2/patches/';
  const { body } = await request('GET', path);
  assert.equal(validator.validate('GET', path, 200, body), []);
  const extra = structuredClone(body);
  extra[0].tags_count = 1;
  assert.ok(validator.validate('GET', path, 200, extra).length > 0, 'an undocumented key');
  const missing = structuredClone(body);
  delete missing[0].hash;
  assert.ok(validator.validate('GET', path, 200, missing).length > 0, 'a documented key left out');
  const newer = structuredClone(body);
  newer[0].project.show_dependencies = false;
  assert.ok(validator.validate('GET', path, 200, newer).length > 0, 'a key of a later version');
  const wrongType = structuredClone(body);
  wrongType[0].archived = 'false';
  assert.ok(validator.validate('GET', path, 200, wrongType).length > 0, 'a string for a boolean');
});

/** A route that does not exist answers 405, or the router's own 404. */
const unrouted = (r: { status: number; body: any }) => r.status === 405 || (r.status === 404 && r.body?.detail === 'Not found.');

for (const segment of variants) {
  test(`every write of the ${segment ?? 'unversioned'} document is routed`, async () => {
    // Unknown ids: the write is routed (404 naming the model, 400, 403) but changes nothing.
    for (const key of operations(segment).keys()) {
      const [method, template] = key.split(' ');
      if (method === 'GET') continue;
      const path = everyId(999999)(template);
      const r = await request(method, path);
      assert.not.ok(unrouted(r), `${method} ${path} is not routed: ${r.status} ${r.text}`);
    }
  });
}

for (const segment of VERSIONS.slice(0, -1)) {
  test(`what the ${segment} document leaves out, ${segment} does not route`, async () => {
    const present = operations(segment);
    let absent = 0;
    for (const key of operations(null).keys()) {
      const [method, template] = key.split(' ');
      const versioned = template.replace(/^\/api\//, `/api/${segment}/`);
      if (present.has(`${method} ${versioned}`)) continue;
      const r = await request(method, everyId(1)(versioned));
      assert.ok(unrouted(r), `${method} ${versioned} answers ${r.status} ${r.text.slice(0, 200)} but is not documented for ${segment}`);
      absent++;
    }
    // 1.0 has no comments, 1.1 no bundle writes, 1.2 no single comments.
    if (segment < '1.3') assert.ok(absent > 0, `${segment} lacks something 1.4 has`);
  });
}

test('every API route the app registers is documented, and only those', () => {
  const { app } = createApp({ db: f.db });
  const routes = new Set<string>();
  for (const m of (app as unknown as { middleware: { method?: string; path?: string }[] }).middleware) {
    if (!m.method || !m.path?.startsWith('/api/') || m.path.startsWith('/api/docs/') || m.method === 'HEAD') continue;
    routes.add(`${m.method} ${m.path.replace(/:[A-Za-z]+/g, '{}')}`);
  }
  const documented = new Set([...operations(null).keys()].map((k) => k.replace(/\{[a-z_]+\}/g, '{}')));
  assert.equal([...documented].sort(), [...routes].sort());
});

test.run();
