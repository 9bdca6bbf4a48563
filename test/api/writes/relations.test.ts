// Patch relations (docs/api.md §4.5): the pure rule as a table, then the rule
// through the API with its permissions, 409 and events.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planRelation, RELATION_CONFLICT, type RelationMember } from '../../../src/api/resources/relations.ts';
import { createFixture, type Fixture } from './fixture.ts';

const plan = suite('planRelation');

const m = (id: number, related_id: number | null = null): RelationMember => ({ id, related_id });

plan('additive, break before make, dissolving pairs', () => {
  const cases: [string, RelationMember, RelationMember[], RelationMember[], ReturnType<typeof planRelation>][] = [
    ['unrelated, empty list: nothing', m(1), [m(1)], [], { conflict: false, relation: null, move: [] }],
    ['pair, empty list: dissolved', m(1, 7), [m(1, 7), m(2, 7)], [], { conflict: false, relation: null, move: [1, 2] }],
    ['three, empty list: only the target leaves', m(1, 7), [m(1, 7), m(2, 7), m(3, 7)], [], { conflict: false, relation: null, move: [1] }],
    ['two unrelated: a new relation', m(1), [m(1)], [m(2)], { conflict: false, relation: 'new', move: [1, 2] }],
    ['target joins the listed patch relation', m(1), [m(1)], [m(2, 7)], { conflict: false, relation: 7, move: [1] }],
    ['listed join the target relation', m(1, 7), [m(1, 7), m(2, 7)], [m(3), m(4)], { conflict: false, relation: 7, move: [3, 4] }],
    ['members already in: no-op', m(1, 7), [m(1, 7), m(2, 7)], [m(2, 7)], { conflict: false, relation: 7, move: [] }],
    ['two relations would merge: conflict', m(1, 7), [m(1, 7), m(2, 7)], [m(3, 8)], { conflict: true }],
    ['listed patches from two relations: conflict', m(1), [m(1)], [m(2, 7), m(3, 8)], { conflict: true }],
    ['the target alone: a relation of one', m(1), [m(1)], [m(1)], { conflict: false, relation: 'new', move: [1] }],
  ];
  for (const [name, target, members, listed, expected] of cases) assert.equal(planRelation(target, members, listed), expected, name);
});

const api = suite<{ f: Fixture }>('related through the API', { f: undefined as unknown as Fixture });
api.before.each(async (ctx) => {
  ctx.f = await createFixture();
});
api.after.each(async (ctx) => {
  await ctx.f.close();
});

const relatedIds = (body: { related: { id: number }[] }) => body.related.map((p) => p.id);

api('relations grow additively and show the other members by date', async ({ f }) => {
  const { p1, p2, p3, p4 } = f.patches;
  let r = await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p1}/`, { related: [p2] });
  assert.is(r.status, 200);
  assert.equal(relatedIds(r.body), [p2]);
  // git-pw and b4 send lists as repeated form keys
  r = await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p1}/`, { related: [p3, p4] }, 'form');
  assert.equal(relatedIds(r.body), [p2, p3, p4]);
  r = await f.request('anonymous', 'GET', `/api/1.4/patches/${p3}/`);
  assert.equal(relatedIds(r.body), [p1, p2, p4]);
  // related is hidden below 1.2, yet the answer is still the detail
  r = await f.request('maintainer', 'PATCH', `/api/1.1/patches/${p1}/`, { related: [p2] });
  assert.is(r.status, 200);
  assert.not.ok('related' in r.body);
});

api('leaving: only the target leaves a large relation; a pair is dissolved', async ({ f }) => {
  const { p1, p2, p3 } = f.patches;
  await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p1}/`, { related: [p2, p3] });
  let r = await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p3}/`, { related: [] });
  assert.equal(relatedIds(r.body), []);
  r = await f.request('anonymous', 'GET', `/api/1.4/patches/${p1}/`);
  assert.equal(relatedIds(r.body), [p2]);
  r = await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p2}/`, { related: [] });
  r = await f.request('anonymous', 'GET', `/api/1.4/patches/${p1}/`);
  assert.equal(relatedIds(r.body), []);
  assert.is((f.db.prepare('SELECT count(*) AS n FROM patch_relations').get() as { n: number }).n, 0, 'no empty relation left');
});

api('merging two relations is a 409 and changes nothing', async ({ f }) => {
  const { p1, p2, p3, p4 } = f.patches;
  await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p1}/`, { related: [p2] });
  await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p3}/`, { related: [p4] });
  const before = f.snapshot();
  const r = await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p1}/`, { related: [p3], state: 'accepted' });
  assert.is(r.status, 409);
  assert.equal(r.body, { detail: RELATION_CONFLICT });
  assert.is(f.snapshot(), before);
});

api('across projects: a maintainer of both may relate them', async ({ f }) => {
  const { p1, p5 } = f.patches;
  const r = await f.request('maintainer2', 'PATCH', `/api/1.4/patches/${p5}/`, { related: [p1] });
  assert.is(r.status, 200);
  assert.equal(relatedIds(r.body), [p1]);
  // now p1's relation includes a beta patch: a maintainer of alpha alone may not touch it
  const refused = await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p1}/`, { related: [] });
  assert.is(refused.status, 403);
});

api('each patch whose relation changed gets an event; only the target names the actor', async ({ f }) => {
  const { p1, p2, p3 } = f.patches;
  await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p1}/`, { related: [p2] });
  await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p1}/`, { related: [p2] });
  await f.request('maintainer', 'PATCH', `/api/1.4/patches/${p3}/`, { related: [p1] });
  const r = await f.request('anonymous', 'GET', '/api/1.4/events/?category=patch-relation-changed&order=date');
  const seen = r.body.map((e: any) => [e.payload.patch.id, e.actor?.username ?? null]);
  assert.equal(
    seen.sort((a: [number, string | null], b: [number, string | null]) => a[0] - b[0]),
    [
      [p1, 'maintainer'],
      [p2, null],
      [p3, 'maintainer'],
    ],
  );
  for (const e of r.body) {
    assert.equal(Object.keys(e.payload), ['patch', 'previous_relation', 'current_relation']);
    assert.is(e.payload.previous_relation, null);
    assert.is(e.payload.current_relation, null);
  }
});

plan.run();
api.run();
