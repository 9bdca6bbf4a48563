// The permission matrix of docs/api.md §2.8 as a table: role × endpoint × method
// → status (and body where upstream words it specially). Each row is a real
// request against the running server; a refused row must change nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFixture, type Fixture, type Role } from './fixture.ts';
import { hashPassword } from '../../../src/auth/password.ts';

let f: Fixture;

const NOT_AUTHENTICATED = { detail: 'Authentication credentials were not provided.' };
const DENIED = { detail: 'You do not have permission to perform this action.' };
const NOT_MAINTAINER = { detail: 'At least one patch is part of a project you are not maintaining.' };
const notAllowed = (method: string) => ({ detail: `Method "${method}" not allowed.` });

interface Row {
  role: Role;
  method: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
  status: number;
  detail?: unknown;
}

const project = (v = '1.4') => () => `/api/${v}/projects/alpha/`;
const patch = (name: 'p1' | 'p5', v = '1.4') => (f: Fixture) => `/api/${v}/patches/${f.patches[name]}/`;
const user = (name: 'other') => (f: Fixture) => `/api/1.4/users/${f.users[name].id}/`;

const MATRIX: Row[] = [
  // projects: maintainers of that project only
  { role: 'anonymous', method: 'PATCH', path: project(), body: () => ({ web_url: 'https://a.example' }), status: 403, detail: NOT_AUTHENTICATED },
  { role: 'other', method: 'PATCH', path: project(), body: () => ({ web_url: 'https://a.example' }), status: 403, detail: DENIED },
  { role: 'submitter', method: 'PATCH', path: project(), body: () => ({ web_url: 'https://a.example' }), status: 403, detail: DENIED },
  { role: 'delegate', method: 'PUT', path: project(), body: () => ({ web_url: 'https://a.example' }), status: 403, detail: DENIED },
  { role: 'maintainer', method: 'PATCH', path: project(), body: () => ({ web_url: 'https://a.example' }), status: 200 },
  { role: 'maintainer', method: 'PUT', path: project('1.0'), body: () => ({ web_url: 'https://a.example' }), status: 200 },
  { role: 'maintainer', method: 'PATCH', path: () => '/api/1.4/projects/beta/', body: () => ({ scm_url: 'x' }), status: 403, detail: DENIED },
  { role: 'maintainer', method: 'DELETE', path: project(), status: 405, detail: notAllowed('DELETE') },
  { role: 'anonymous', method: 'POST', path: () => '/api/1.4/projects/', body: () => ({}), status: 405, detail: notAllowed('POST') },
  { role: 'maintainer', method: 'PATCH', path: () => '/api/1.4/projects/nosuch/', body: () => ({}), status: 404 },

  // patches: submitter's user, delegate, maintainers
  { role: 'anonymous', method: 'PATCH', path: patch('p1'), body: () => ({ archived: false }), status: 403, detail: NOT_AUTHENTICATED },
  { role: 'other', method: 'PATCH', path: patch('p1'), body: () => ({ archived: false }), status: 403, detail: DENIED },
  { role: 'submitter', method: 'PATCH', path: patch('p1'), body: () => ({ archived: false }), status: 200 },
  { role: 'delegate', method: 'PATCH', path: patch('p1'), body: () => ({ archived: false }), status: 200 },
  { role: 'maintainer', method: 'PATCH', path: patch('p1', '1.0'), body: () => ({ archived: false }), status: 200 },
  { role: 'maintainer', method: 'PATCH', path: patch('p5'), body: () => ({ archived: false }), status: 403, detail: DENIED },
  { role: 'maintainer2', method: 'PATCH', path: patch('p5'), body: () => ({ archived: false }), status: 200 },
  { role: 'maintainer', method: 'PATCH', path: () => '/api/1.4/patches/999999/', body: () => ({}), status: 404 },
  { role: 'maintainer', method: 'DELETE', path: patch('p1'), status: 405, detail: notAllowed('DELETE') },
  { role: 'maintainer', method: 'POST', path: () => '/api/1.4/patches/', body: () => ({}), status: 405, detail: notAllowed('POST') },
  // relations: maintainer of every project involved; submitter and delegate rights are not enough
  { role: 'submitter', method: 'PATCH', path: patch('p1'), body: (f) => ({ related: [f.patches.p2] }), status: 403, detail: NOT_MAINTAINER },
  { role: 'delegate', method: 'PATCH', path: patch('p1'), body: (f) => ({ related: [f.patches.p2] }), status: 403, detail: NOT_MAINTAINER },
  { role: 'maintainer', method: 'PATCH', path: patch('p1'), body: (f) => ({ related: [f.patches.p5] }), status: 403, detail: NOT_MAINTAINER },
  { role: 'maintainer', method: 'PATCH', path: patch('p1'), body: (f) => ({ related: [999999] }), status: 400, detail: { related: ['Invalid pk "999999" - object does not exist.'] } },

  // users: only yourself; anonymous is refused before the method is judged
  { role: 'anonymous', method: 'PATCH', path: user('other'), body: () => ({ first_name: 'X' }), status: 403, detail: NOT_AUTHENTICATED },
  { role: 'submitter', method: 'PATCH', path: user('other'), body: () => ({ first_name: 'X' }), status: 403, detail: DENIED },
  { role: 'maintainer', method: 'PATCH', path: user('other'), body: () => ({ first_name: 'X' }), status: 403, detail: DENIED },
  { role: 'other', method: 'PATCH', path: user('other'), body: () => ({ first_name: 'other' }), status: 200 },
  { role: 'anonymous', method: 'POST', path: () => '/api/1.4/users/', body: () => ({}), status: 403, detail: NOT_AUTHENTICATED },
  { role: 'other', method: 'POST', path: () => '/api/1.4/users/', body: () => ({}), status: 405, detail: notAllowed('POST') },
  { role: 'anonymous', method: 'DELETE', path: (f) => `/api/1.4/people/${f.people.stranger}/`, status: 403, detail: NOT_AUTHENTICATED },
  { role: 'other', method: 'DELETE', path: (f) => `/api/1.4/people/${f.people.stranger}/`, status: 405, detail: notAllowed('DELETE') },
  { role: 'other', method: 'PATCH', path: () => '/api/1.4/users/999999/', body: () => ({}), status: 404 },

  // checks: whoever can edit the patch; anonymous gets the permission wording
  { role: 'anonymous', method: 'POST', path: (f) => `/api/1.4/patches/${f.patches.p1}/checks/`, body: () => ({ state: 'success' }), status: 403, detail: DENIED },
  { role: 'other', method: 'POST', path: (f) => `/api/1.4/patches/${f.patches.p1}/checks/`, body: () => ({ state: 'success' }), status: 403, detail: DENIED },
  { role: 'submitter', method: 'POST', path: (f) => `/api/1.4/patches/${f.patches.p1}/checks/`, body: () => ({ state: 'success' }), status: 201 },
  { role: 'delegate', method: 'POST', path: (f) => `/api/1.0/patches/${f.patches.p1}/checks/`, body: () => ({ state: 'fail' }), status: 201 },
  { role: 'maintainer', method: 'POST', path: (f) => `/api/patches/${f.patches.p1}/checks/`, body: () => ({ state: 'warning' }), status: 201 },
  { role: 'maintainer', method: 'POST', path: (f) => `/api/1.4/patches/${f.patches.p5}/checks/`, body: () => ({ state: 'warning' }), status: 403, detail: DENIED },
  { role: 'maintainer', method: 'POST', path: () => '/api/1.4/patches/999999/checks/', body: () => ({ state: 'warning' }), status: 404 },
  { role: 'maintainer', method: 'PUT', path: (f) => `/api/1.4/patches/${f.patches.p1}/checks/1/`, body: () => ({}), status: 405, detail: notAllowed('PUT') },
  { role: 'maintainer', method: 'DELETE', path: (f) => `/api/1.4/patches/${f.patches.p1}/checks/1/`, status: 405, detail: notAllowed('DELETE') },

  // patch comments (1.3+): the comment's author, or whoever can edit the patch
  { role: 'anonymous', method: 'PATCH', path: (f) => `/api/1.3/patches/${f.patches.p2}/comments/${f.comments.patch}/`, body: () => ({ addressed: true }), status: 403, detail: NOT_AUTHENTICATED },
  { role: 'other', method: 'PATCH', path: (f) => `/api/1.3/patches/${f.patches.p2}/comments/${f.comments.patch}/`, body: () => ({ addressed: true }), status: 403, detail: DENIED },
  { role: 'delegate', method: 'PATCH', path: (f) => `/api/1.3/patches/${f.patches.p2}/comments/${f.comments.patch}/`, body: () => ({ addressed: true }), status: 403, detail: DENIED },
  { role: 'submitter', method: 'PATCH', path: (f) => `/api/1.3/patches/${f.patches.p2}/comments/${f.comments.patch}/`, body: () => ({ addressed: true }), status: 200 },
  { role: 'maintainer', method: 'PUT', path: (f) => `/api/1.4/patches/${f.patches.p2}/comments/${f.comments.patch}/`, body: () => ({ addressed: true }), status: 200 },
  { role: 'maintainer', method: 'PATCH', path: (f) => `/api/1.2/patches/${f.patches.p2}/comments/${f.comments.patch}/`, body: () => ({ addressed: true }), status: 404 },
  { role: 'maintainer', method: 'PATCH', path: (f) => `/api/1.4/patches/${f.patches.p1}/comments/${f.comments.patch}/`, body: () => ({ addressed: true }), status: 404 },
  { role: 'maintainer', method: 'DELETE', path: (f) => `/api/1.4/patches/${f.patches.p2}/comments/${f.comments.patch}/`, status: 405, detail: notAllowed('DELETE') },
  { role: 'maintainer', method: 'POST', path: (f) => `/api/1.4/patches/${f.patches.p2}/comments/`, body: () => ({}), status: 405, detail: notAllowed('POST') },
  // cover comments: the author's user, the cover submitter's user, maintainers
  { role: 'anonymous', method: 'PATCH', path: (f) => `/api/1.4/covers/${f.comments.coverId}/comments/${f.comments.cover}/`, body: () => ({ addressed: false }), status: 403, detail: NOT_AUTHENTICATED },
  { role: 'submitter', method: 'PATCH', path: (f) => `/api/1.4/covers/${f.comments.coverId}/comments/${f.comments.cover}/`, body: () => ({ addressed: false }), status: 403, detail: DENIED },
  { role: 'maintainer2', method: 'PATCH', path: (f) => `/api/1.4/covers/${f.comments.coverId}/comments/${f.comments.cover}/`, body: () => ({ addressed: false }), status: 200 },

  // bundles: writes from 1.2, 405 below even for a bundle that does not exist
  { role: 'anonymous', method: 'POST', path: () => '/api/1.2/bundles/', body: (f) => ({ name: 'b', patches: [f.patches.p1] }), status: 403, detail: NOT_AUTHENTICATED },
  { role: 'other', method: 'POST', path: () => '/api/1.1/bundles/', body: (f) => ({ name: 'b', patches: [f.patches.p1] }), status: 405, detail: notAllowed('POST') },
  { role: 'anonymous', method: 'PATCH', path: () => '/api/1.0/bundles/999999/', body: () => ({}), status: 405, detail: notAllowed('PATCH') },
  { role: 'other', method: 'DELETE', path: () => '/api/1.1/bundles/999999/', status: 405, detail: notAllowed('DELETE') },
  { role: 'other', method: 'PATCH', path: (f) => `/api/1.2/bundles/${f.bundles.private}/`, body: () => ({ public: false }), status: 404 },
  { role: 'anonymous', method: 'DELETE', path: (f) => `/api/1.2/bundles/${f.bundles.private}/`, status: 404 },
  { role: 'other', method: 'PATCH', path: (f) => `/api/1.2/bundles/${f.bundles.public}/`, body: () => ({ public: true }), status: 403, detail: DENIED },
  { role: 'anonymous', method: 'PUT', path: (f) => `/api/1.2/bundles/${f.bundles.public}/`, body: () => ({ public: true }), status: 403, detail: NOT_AUTHENTICATED },
  { role: 'maintainer', method: 'DELETE', path: (f) => `/api/1.4/bundles/${f.bundles.public}/`, status: 403, detail: DENIED },
  { role: 'submitter', method: 'PATCH', path: (f) => `/api/1.2/bundles/${f.bundles.private}/`, body: () => ({ public: false }), status: 200 },
  { role: 'submitter', method: 'PATCH', path: (f) => `/api/1.4/bundles/${f.bundles.public}/`, body: () => ({ public: true }), status: 200 },
  { role: 'other', method: 'POST', path: () => '/api/1.2/bundles/', body: (f) => ({ name: 'mine', patches: [f.patches.p1] }), status: 201 },
  { role: 'submitter', method: 'DELETE', path: (f) => `/api/1.4/bundles/${f.bundles.doomed}/`, status: 204 },

  // read-only resources
  { role: 'maintainer', method: 'POST', path: () => '/api/1.4/events/', body: () => ({}), status: 405, detail: notAllowed('POST') },
  { role: 'maintainer', method: 'POST', path: () => '/api/1.4/series/', body: () => ({}), status: 405, detail: notAllowed('POST') },
  { role: 'maintainer', method: 'PUT', path: () => '/api/1.4/covers/1/', body: () => ({}), status: 405, detail: notAllowed('PUT') },
];

test.before(async () => {
  f = await createFixture();
});

test.after(async () => {
  await f.close();
});

for (const [i, row] of MATRIX.entries()) {
  test(`matrix row ${i + 1}: ${row.role} ${row.method} → ${row.status}`, async () => {
    const before = f.snapshot();
    const path = row.path(f);
    const r = await f.request(row.role, row.method, path, row.body?.(f));
    assert.is(r.status, row.status, `${row.role} ${row.method} ${path}: ${JSON.stringify(r.body)}`);
    if (row.detail !== undefined) assert.equal(r.body, row.detail);
    if (row.status >= 400) assert.is(f.snapshot(), before, 'a refused request changed the database');
  });
}

test('405 answers carry the Allow header of the route and version', async () => {
  const cases: [string, string, string][] = [
    ['DELETE', `/api/1.4/patches/${f.patches.p1}/`, 'GET, PUT, PATCH, HEAD, OPTIONS'],
    ['PUT', `/api/1.4/patches/${f.patches.p1}/checks/`, 'GET, POST, HEAD, OPTIONS'],
    ['POST', '/api/1.4/events/', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/api/1.1/bundles/1/', 'GET, HEAD, OPTIONS'],
    ['POST', '/api/1.2/bundles/1/', 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS'],
  ];
  for (const [method, path, allow] of cases) {
    const r = await f.request('maintainer', method, path, method === 'DELETE' ? undefined : {});
    assert.is(r.status, 405, `${method} ${path}`);
    assert.is(r.headers.get('allow'), allow, `${method} ${path}`);
  }
});

test('HTTP Basic credentials (git-pw, pwclient) write like tokens; wrong ones are refused first', async () => {
  f.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hashPassword('s3cret pass'), f.users.maintainer.id);
  const basic = (password: string) => 'Basic ' + Buffer.from(`maintainer:${password}`).toString('base64');
  const patch = (authorization: string) =>
    fetch(`${f.server.url}/api/1.4/patches/${f.patches.p1}/`, {
      method: 'PATCH',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'archived=false',
    });
  const ok = await patch(basic('s3cret pass'));
  assert.is(ok.status, 200);
  const before = f.snapshot();
  const wrong = await patch(basic('guess'));
  assert.is(wrong.status, 403);
  assert.equal(await wrong.json(), { detail: 'Invalid username/password.' });
  assert.is(f.snapshot(), before);
});

test('OPTIONS answers with the Allow header and the body types the server parses', async () => {
  const r = await f.request('anonymous', 'OPTIONS', `/api/1.4/patches/${f.patches.p1}/`);
  assert.is(r.status, 200);
  assert.is(r.headers.get('allow'), 'GET, PUT, PATCH, HEAD, OPTIONS');
  assert.equal(r.body.parses, ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']);
  const missing = await f.request('anonymous', 'OPTIONS', '/api/1.0/patches/1/comments/');
  assert.is(missing.status, 404, 'no comment routes in 1.0');
});

test('permission is judged before the body is read: a refused request is refused whatever it sent', async () => {
  const path = `/api/1.4/patches/${f.patches.p1}/`;
  for (const [type, body] of [
    ['application/json', '{"state": '],
    ['text/plain', 'state=new'],
  ]) {
    const anonymous = await fetch(f.server.url + path, { method: 'PATCH', headers: { 'content-type': type }, body });
    assert.is(anonymous.status, 403);
    const other = await fetch(f.server.url + path, {
      method: 'PATCH',
      headers: { 'content-type': type, authorization: `Token ${f.users.other.token}` },
      body,
    });
    assert.is(other.status, 403);
    const allowed = await fetch(f.server.url + path, {
      method: 'PATCH',
      headers: { 'content-type': type, authorization: `Token ${f.users.maintainer.token}` },
      body,
    });
    assert.is(allowed.status, type === 'text/plain' ? 415 : 400);
  }
});

test.run();
