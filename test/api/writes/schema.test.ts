// Write responses (successes and upstream's error bodies) validate against
// upstream's published OpenAPI document of each version. Needs ../shared
// (test data only): without it no test is registered.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { hasShared, upstreamValidator } from '../../helpers/openapi-validator.ts';
import { VERSIONS, type VersionName } from '../../../src/http/version.ts';
import { createFixture, type Fixture, type Role } from './fixture.ts';
import { NO_SHARED, skipped } from '../../helpers/requires.ts';

interface Step {
  role: Role;
  method: string;
  path: (f: Fixture, v: string) => string;
  body?: (f: Fixture) => unknown;
  status: number;
  /** First version with the endpoint (upstream's document of older ones lacks it). */
  since?: number;
}

const STEPS: Step[] = [
  { role: 'maintainer', method: 'PATCH', path: (f, v) => `/api/${v}/projects/alpha/`, body: () => ({ web_url: 'https://alpha.example.org' }), status: 200 },
  { role: 'maintainer', method: 'PUT', path: (f, v) => `/api/${v}/projects/alpha/`, body: () => ({ scm_url: 'https://git.example.org/alpha.git' }), status: 200 },
  // No project 400 here: upstream's ErrorProjectUpdate declares each field a
  // string, while DRF sends a list of messages as for every other resource
  // (resources.test.ts checks that body).
  { role: 'other', method: 'PATCH', path: (f, v) => `/api/${v}/projects/alpha/`, body: () => ({}), status: 403 },
  { role: 'other', method: 'PATCH', path: (f, v) => `/api/${v}/users/${f.users.other.id}/`, body: () => ({ first_name: 'Ada' }), status: 200 },
  { role: 'other', method: 'PATCH', path: (f, v) => `/api/${v}/users/${f.users.maintainer.id}/`, body: () => ({ first_name: 'Ada' }), status: 403 },
  { role: 'maintainer', method: 'PATCH', path: (f, v) => `/api/${v}/patches/${f.patches.p1}/`, body: (f) => ({ state: 'accepted', delegate: f.users.maintainer.id, archived: true }), status: 200 },
  { role: 'maintainer', method: 'PUT', path: (f, v) => `/api/${v}/patches/${f.patches.p1}/`, body: () => ({ state: 'new', delegate: null }), status: 200 },
  { role: 'maintainer', method: 'PATCH', path: (f, v) => `/api/${v}/patches/${f.patches.p1}/`, body: () => ({ state: 'bogus' }), status: 400 },
  { role: 'anonymous', method: 'PATCH', path: (f, v) => `/api/${v}/patches/${f.patches.p1}/`, body: () => ({ state: 'new' }), status: 403 },
  { role: 'maintainer', method: 'POST', path: (f, v) => `/api/${v}/patches/${f.patches.p1}/checks/`, body: () => ({ state: 'success', target_url: 'https://ci.example.org/1', context: 'ci' }), status: 201 },
  { role: 'maintainer', method: 'POST', path: (f, v) => `/api/${v}/patches/${f.patches.p1}/checks/`, body: () => ({ state: 'nope' }), status: 400 },
  { role: 'anonymous', method: 'POST', path: (f, v) => `/api/${v}/patches/${f.patches.p1}/checks/`, body: () => ({ state: 'success' }), status: 403 },
  { role: 'submitter', method: 'PATCH', path: (f, v) => `/api/${v}/patches/${f.patches.p2}/comments/${f.comments.patch}/`, body: () => ({ addressed: true }), status: 200, since: 3 },
  { role: 'other', method: 'PATCH', path: (f, v) => `/api/${v}/patches/${f.patches.p2}/comments/${f.comments.patch}/`, body: () => ({ addressed: true }), status: 403, since: 3 },
  { role: 'other', method: 'POST', path: (f, v) => `/api/${v}/bundles/`, body: (f) => ({ name: `mine`, patches: [f.patches.p1, f.patches.p2] }), status: 201, since: 2 },
  { role: 'other', method: 'POST', path: (f, v) => `/api/${v}/bundles/`, body: () => ({ name: 'empty', patches: [] }), status: 400, since: 2 },
  { role: 'submitter', method: 'PATCH', path: (f, v) => `/api/${v}/bundles/${f.bundles.private}/`, body: (f) => ({ patches: [f.patches.p3], public: true }), status: 200, since: 2 },
  { role: 'submitter', method: 'PUT', path: (f, v) => `/api/${v}/bundles/${f.bundles.private}/`, body: (f) => ({ name: 'again', patches: [f.patches.p4] }), status: 200, since: 2 },
  { role: 'other', method: 'PATCH', path: (f, v) => `/api/${v}/bundles/${f.bundles.public}/`, body: () => ({ public: false }), status: 403, since: 2 },
];

if (hasShared) {
  const s = suite<{ f: Fixture }>('write responses against upstream OpenAPI', { f: undefined as unknown as Fixture });
  s.before.each(async (ctx) => {
    ctx.f = await createFixture();
  });
  s.after.each(async (ctx) => {
    await ctx.f.close();
  });
  for (const [minor, version] of VERSIONS.entries()) {
    s(`writes in ${version} validate against upstream v${version}.yaml`, async ({ f }) => {
      const validator = upstreamValidator(version as VersionName);
      for (const step of STEPS.filter((st) => minor >= (st.since ?? 0))) {
        const path = step.path(f, version);
        const r = await f.request(step.role, step.method, path, step.body?.(f));
        assert.is(r.status, step.status, `${step.method} ${path}: ${JSON.stringify(r.body)}`);
        assert.equal(validator.validate(step.method, path, r.status, r.body), [], `${step.method} ${path} ${r.status}`);
      }
    });
  }
  s.run();
} else skipped("write responses against upstream's schemas", NO_SHARED);
