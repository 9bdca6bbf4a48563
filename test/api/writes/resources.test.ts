// Writes to projects (§4.1), users (§4.3) and comments (§4.7).
import * as assert from 'uvu/assert';
import { withFixture, type Fixture } from './fixture.ts';

const projects = withFixture('project writes');

projects('maintainers set links (trimmed) by linkname or id; the answer is the project', async ({ f }) => {
  let r = await f.request('maintainer', 'PATCH', '/api/1.4/projects/alpha/', {
    web_url: '  https://alpha.example.org  ',
    list_archive_url_format: 'https://lore.example.org/r/{}',
    show_dependencies: true,
  });
  assert.is(r.status, 200);
  assert.is(r.body.web_url, 'https://alpha.example.org');
  assert.is(r.body.list_archive_url_format, 'https://lore.example.org/r/{}');
  assert.is(r.body.show_dependencies, true);
  assert.is(r.body.url, `${f.server.url}/api/1.4/projects/${f.projects.alpha}/`);
  assert.equal(r.body.maintainers.map((m: { username: string }) => m.username), ['maintainer', 'maintainer2']);
  r = await f.request('maintainer', 'PATCH', `/api/1.4/projects/${f.projects.alpha}/`, { show_dependencies: 'False', scm_url: '' }, 'form');
  assert.is(r.body.show_dependencies, false);
  assert.is(r.body.scm_url, '');
  assert.is(r.body.web_url, 'https://alpha.example.org');
  // older versions hide newer fields in the answer but still apply them
  r = await f.request('maintainer', 'PATCH', '/api/1.0/projects/alpha/', { commit_url_format: 'https://git.example.org/c/{}' });
  assert.not.ok('commit_url_format' in r.body);
  const row = f.db.prepare('SELECT commit_url_format FROM projects WHERE id = ?').get(f.projects.alpha) as { commit_url_format: string };
  assert.is(row.commit_url_format, 'https://git.example.org/c/{}');
});

projects('project validation errors', async ({ f }) => {
  const cases: [unknown, unknown][] = [
    [{ web_url: 'x'.repeat(2001) }, { web_url: ['Ensure this field has no more than 2000 characters.'] }],
    [{ scm_url: null }, { scm_url: ['This field may not be null.'] }],
    [{ show_dependencies: 'sometimes' }, { show_dependencies: ['Must be a valid boolean.'] }],
  ];
  for (const [body, expected] of cases) {
    const before = f.snapshot();
    const r = await f.request('maintainer', 'PATCH', '/api/1.4/projects/alpha/', body);
    assert.is(r.status, 400);
    assert.equal(r.body, expected);
    assert.is(f.snapshot(), before);
  }
});

const users = withFixture('user writes');

users('users edit their names and, from 1.2, their settings', async ({ f }) => {
  const url = `/api/1.4/users/${f.users.other.id}/`;
  let r = await f.request('other', 'PATCH', url, { first_name: 'Ada', settings: { items_per_page: 50, show_ids: 'true' } });
  assert.is(r.status, 200);
  assert.is(r.body.first_name, 'Ada');
  assert.is(r.body.last_name, 'Tester');
  assert.equal(r.body.settings, { send_email: false, items_per_page: 50, show_ids: true });
  r = await f.request('other', 'PUT', url, { first_name: 'Ada', last_name: '', settings: { send_email: true } });
  assert.is(r.status, 200);
  assert.is(r.body.last_name, '');
  assert.equal(r.body.settings, { send_email: true, items_per_page: 50, show_ids: true });
  // below 1.2 settings are neither shown nor applied, the rest is
  r = await f.request('other', 'PATCH', `/api/1.1/users/${f.users.other.id}/`, { last_name: 'Lovelace', settings: { items_per_page: 5 } });
  assert.is(r.status, 200);
  assert.is(r.body.last_name, 'Lovelace');
  assert.not.ok('settings' in r.body);
  r = await f.request('other', 'PUT', `/api/1.1/users/${f.users.other.id}/`, { first_name: 'A', settings: { items_per_page: 7 } });
  assert.is(r.status, 200);
  const row = f.db.prepare('SELECT items_per_page FROM users WHERE id = ?').get(f.users.other.id) as { items_per_page: number };
  assert.is(row.items_per_page, 50);
});

users('user validation errors, settings errors nested', async ({ f }) => {
  const cases: [string, unknown, unknown, string?][] = [
    ['PATCH', { first_name: 'x'.repeat(151) }, { first_name: ['Ensure this field has no more than 150 characters.'] }],
    ['PATCH', { settings: { items_per_page: -1 } }, { settings: { items_per_page: ['Ensure this value is greater than or equal to 0.'] } }],
    ['PATCH', { settings: { send_email: 'often', items_per_page: 'ten' } }, { settings: { send_email: ['Must be a valid boolean.'], items_per_page: ['A valid integer is required.'] } }],
    ['PATCH', { settings: 'on' }, { settings: { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] } }],
    ['PUT', { first_name: 'Ada' }, { settings: ['This field is required.'] }],
    // validated in every version, though applied only from 1.2
    ['PUT', { first_name: 'Ada' }, { settings: ['This field is required.'] }, '1.0'],
    ['PATCH', { settings: { items_per_page: 'x' } }, { settings: { items_per_page: ['A valid integer is required.'] } }, '1.1'],
  ];
  for (const [method, body, expected, version = '1.4'] of cases) {
    const before = f.snapshot();
    const r = await f.request('other', method, `/api/${version}/users/${f.users.other.id}/`, body);
    assert.is(r.status, 400, JSON.stringify(body));
    assert.equal(r.body, expected);
    assert.is(f.snapshot(), before);
  }
});

const comments = withFixture('comment writes');

comments('addressed takes true, false and null in JSON or as strings; no event is added', async ({ f }) => {
  const url = `/api/1.3/patches/${f.patches.p2}/comments/${f.comments.patch}/`;
  const eventsBefore = (f.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  for (const [sent, type, shown] of [
    [true, 'json', true],
    ['False', 'form', false],
    ['null', 'form', null],
    [false, 'json', false],
    [null, 'json', null],
  ] as const) {
    const r = await f.request('submitter', 'PATCH', url, { addressed: sent }, type);
    assert.is(r.status, 200);
    assert.is(r.body.addressed, shown, String(sent));
    assert.is(r.body.id, f.comments.patch);
  }
  const eventsAfter = (f.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  assert.is(eventsAfter, eventsBefore, 'comment-created events fire on creation only');
  const bad = await f.request('submitter', 'PATCH', url, { addressed: 'perhaps' });
  assert.is(bad.status, 400);
  assert.equal(bad.body, { addressed: ['Must be a valid boolean.'] });
});

comments('cover comments by maintainers; a comment under another parent is not found', async ({ f }) => {
  const r = await f.request('maintainer', 'PATCH', `/api/1.4/covers/${f.comments.coverId}/comments/${f.comments.cover}/`, { addressed: true });
  assert.is(r.status, 200);
  assert.is(r.body.addressed, true);
  const wrong = await f.request('maintainer', 'PATCH', `/api/1.4/patches/${f.patches.p1}/comments/${f.comments.patch}/`, { addressed: true });
  assert.is(wrong.status, 404);
});

projects.run();
users.run();
comments.run();
