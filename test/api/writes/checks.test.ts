// POST patches/<id>/checks/ (docs/api.md §4.6) as CI systems and pwclient send it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFixture, type Fixture } from './fixture.ts';

let f: Fixture;

test.before(async () => {
  f = await createFixture();
});

test.after(async () => {
  await f.close();
});

const url = () => `/api/1.4/patches/${f.patches.p1}/checks/`;

test('a check is created with 201, a Location header and its representation', async () => {
  const r = await f.request('maintainer', 'POST', url(), {
    state: 'success',
    target_url: 'https://ci.example.org/run/1',
    context: 'build-x86_64',
    description: 'Build passed',
  });
  assert.is(r.status, 201);
  assert.is(r.headers.get('location'), r.body.url);
  assert.is(r.body.url, `${f.server.url}/api/1.4/patches/${f.patches.p1}/checks/${r.body.id}/`);
  assert.is(r.body.state, 'success');
  assert.is(r.body.context, 'build-x86_64');
  assert.is(r.body.description, 'Build passed');
  assert.is(r.body.user.username, 'maintainer');
  assert.match(r.body.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const read = await f.request('anonymous', 'GET', new URL(r.body.url).pathname);
  assert.equal(read.body, r.body);
});

test('pwclient sends JSON with empty strings; git-pw sends forms; internal integers are states too', async () => {
  let r = await f.request('submitter', 'POST', url(), { state: 'warning', target_url: '', description: '', context: 'pw' });
  assert.is(r.status, 201);
  assert.is(r.body.target_url, '');
  r = await f.request('delegate', 'POST', url(), { state: 'fail', context: 'lint' }, 'form');
  assert.is(r.status, 201);
  assert.is(r.body.state, 'fail');
  assert.is(r.body.target_url, null);
  assert.is(r.body.context, 'lint');
  r = await f.request('delegate', 'POST', url(), { state: 0 });
  assert.is(r.body.state, 'pending');
  assert.is(r.body.context, 'default', 'context defaults to "default"');
  r = await f.request('delegate', 'POST', url(), { state: '3' }, 'form');
  assert.is(r.body.state, 'fail');
});

test('validation errors are upstream bodies and store nothing', async () => {
  const cases: [unknown, unknown][] = [
    [{}, { state: ['A check must have a state.'] }],
    [{ state: '' }, { state: ['A check must have a state.'] }],
    [{ state: 'passed' }, { state: ['"passed" is not a valid choice.'] }],
    [{ state: 7 }, { state: ['"7" is not a valid choice.'] }],
    [{ state: 'success', target_url: 'not a url' }, { target_url: ['Enter a valid URL.'] }],
    [{ state: 'success', target_url: 'https://ci.example.org/' + 'x'.repeat(200) }, { target_url: ['Ensure this field has no more than 200 characters.'] }],
    [{ state: 'success', context: '' }, { context: ['This field may not be blank.'] }],
    [{ state: 'success', context: 'two words' }, { context: ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'] }],
    [{ state: null }, { state: ['This field may not be null.'] }],
    [{ state: true }, { state: ['"True" is not a valid choice.'] }],
    // a missing state is reported alone, before any other field is looked at
    [{ target_url: 'bad', context: '!' }, { state: ['A check must have a state.'] }],
    [{ state: 'nope', target_url: 'bad', context: '!' }, { state: ['"nope" is not a valid choice.'], target_url: ['Enter a valid URL.'], context: ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'] }],
  ];
  for (const [body, expected] of cases) {
    const before = f.snapshot();
    const r = await f.request('maintainer', 'POST', url(), body);
    assert.is(r.status, 400, JSON.stringify(body));
    assert.equal(r.body, expected);
    assert.is(f.snapshot(), before);
  }
});

test('each check creates one check-created event naming its user', async () => {
  const r = await f.request('maintainer2', 'POST', url(), { state: 'success', context: 'evented' });
  const events = await f.request('anonymous', 'GET', `/api/1.4/events/?category=check-created&patch=${f.patches.p1}`);
  const mine = events.body.filter((e: any) => e.payload.check.id === r.body.id);
  assert.is(mine.length, 1);
  assert.is(mine[0].actor.username, 'maintainer2');
  assert.equal(Object.keys(mine[0].payload), ['patch', 'check']);
  assert.equal(mine[0].payload.check, {
    id: r.body.id,
    url: r.body.url,
    date: r.body.date,
    state: 'success',
    target_url: null,
    context: 'evented',
  });
  const total = (f.db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number }).n;
  const evented = (f.db.prepare("SELECT count(*) AS n FROM events WHERE category = 'check-created'").get() as { n: number }).n;
  assert.is(evented, total);
});

test.run();
