// Bundle writes (docs/api.md §4.10) as git-pw sends them: forms with repeated
// `patches` keys, the full new list on every change.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createFixture, type Fixture } from './fixture.ts';

const bundles = suite<{ f: Fixture }>('bundle writes', { f: undefined as unknown as Fixture });
bundles.before.each(async (ctx) => {
  ctx.f = await createFixture();
});
bundles.after.each(async (ctx) => {
  await ctx.f.close();
});

const ids = (body: { patches: { id: number }[] }) => body.patches.map((p) => p.id);
const order = (f: Fixture, bundleId: number) =>
  (f.db.prepare('SELECT patch_id FROM bundle_patches WHERE bundle_id = ? ORDER BY position').all(bundleId) as { patch_id: number }[]).map(
    (r) => r.patch_id,
  );

bundles('create: 201 with Location; the owner is the requester, the project the first patch', async ({ f }) => {
  const { p1, p2, p3 } = f.patches;
  const r = await f.request('other', 'POST', '/api/1.2/bundles/', { name: ' for review ', patches: [p3, p1, p2, p1], public: 'true' }, 'form');
  assert.is(r.status, 201);
  assert.is(r.headers.get('location'), r.body.url);
  assert.is(r.body.name, 'for review');
  assert.is(r.body.owner.username, 'other');
  assert.is(r.body.public, true);
  assert.is(r.body.project.id, f.projects.alpha);
  assert.equal(ids(r.body), [p1, p2, p3], 'shown by patch date');
  assert.equal(order(f, r.body.id), [p3, p1, p2], 'stored in the order given, duplicates once');
});

bundles('update: the new list replaces the membership; the name and visibility change', async ({ f }) => {
  const { p1, p3, p5 } = f.patches;
  const url = `/api/1.4/bundles/${f.bundles.private}/`;
  let r = await f.request('submitter', 'PATCH', url, { patches: [p3, p1] });
  assert.is(r.status, 200);
  assert.equal(order(f, f.bundles.private), [p3, p1]);
  r = await f.request('submitter', 'PATCH', url, { name: 'renamed', public: true });
  assert.is(r.body.name, 'renamed');
  assert.is(r.body.public, true);
  assert.equal(ids(r.body), [p1, p3]);
  r = await f.request('submitter', 'PUT', url, { name: 'beta only', patches: [p5] });
  assert.is(r.status, 200);
  assert.is(r.body.project.id, f.projects.beta, 'the project follows the first patch');
  r = await f.request('submitter', 'PUT', url, { public: false });
  assert.is(r.status, 400);
  assert.equal(r.body, { name: ['This field is required.'], patches: ['This field is required.'] });
});

bundles('validation errors', async ({ f }) => {
  const { p1, p5 } = f.patches;
  const cases: [unknown, unknown][] = [
    [{ name: 'x' }, { patches: ['This field is required.'] }],
    [{ patches: [p1] }, { name: ['This field is required.'] }],
    [{ name: 'x', patches: [] }, { patches: ['Bundles cannot be empty'] }],
    [{ name: 'x', patches: [p1, p5] }, { patches: ['Bundle patches must belong to the same project'] }],
    [{ name: 'x', patches: [p1, 999999] }, { patches: ['Invalid pk "999999" - object does not exist.'] }],
    [{ name: 'x'.repeat(51), patches: [p1] }, { name: ['Ensure this field has no more than 50 characters.'] }],
    [{ name: '', patches: [p1] }, { name: ['This field may not be blank.'] }],
    [{ name: 'x', patches: [p1], public: 'maybe' }, { public: ['Must be a valid boolean.'] }],
    [{ name: 'private', patches: [p1] }, { name: ['You already have a bundle with this name.'] }],
    // both are field checks upstream, reported together
    [{ name: '', patches: [p1, p5] }, { name: ['This field may not be blank.'], patches: ['Bundle patches must belong to the same project'] }],
  ];
  for (const [body, expected] of cases) {
    const before = f.snapshot();
    const r = await f.request('submitter', 'POST', '/api/1.3/bundles/', body);
    assert.is(r.status, 400, JSON.stringify(body));
    assert.equal(r.body, expected);
    assert.is(f.snapshot(), before);
  }
  const empty = await f.request('submitter', 'PATCH', `/api/1.4/bundles/${f.bundles.private}/`, { patches: [] });
  assert.is(empty.status, 400);
  assert.equal(empty.body, { patches: ['Bundles cannot be empty'] });
});

bundles('delete: 204 with no body, and the bundle is gone', async ({ f }) => {
  const res = await fetch(`${f.server.url}/api/1.2/bundles/${f.bundles.doomed}/`, {
    method: 'DELETE',
    headers: { authorization: `Token ${f.users.submitter.token}` },
  });
  assert.is(res.status, 204);
  assert.is(await res.text(), '');
  const r = await f.request('submitter', 'GET', `/api/1.2/bundles/${f.bundles.doomed}/`);
  assert.is(r.status, 404);
  assert.is(order(f, f.bundles.doomed).length, 0);
});

bundles.run();
