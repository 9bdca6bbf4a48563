// Odd values in every writable field of every write endpoint: the answer is
// a success or a 4xx with a JSON body, never a 500 (docs/compatibility.md 11), and a
// 4xx changes nothing. Odd values that are accepted (a project's web_url
// is free text upstream) would trip the OpenAPI audit's URL formats, so this
// server stays outside it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFixture, type Fixture, type Role } from './fixture.ts';

let f: Fixture;

test.before(async () => {
  f = await createFixture({ audited: false });
});

test.after(async () => {
  await f.close();
});

const ODD: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e300,
  '',
  ' ',
  '99999999999999999999999999',
  'x'.repeat(3000),
  'ünïcødé ✓',
  '\u0000',
  [],
  [null],
  [1, 'a'],
  [[1]],
  {},
  { nested: { deeper: [1] } },
];

interface Target {
  name: string;
  role: Role;
  method: string;
  path: (f: Fixture) => string;
  fields: string[];
}

const TARGETS: Target[] = [
  { name: 'patch', role: 'maintainer', method: 'PATCH', path: (f) => `/api/1.4/patches/${f.patches.p1}/`, fields: ['state', 'delegate', 'archived', 'commit_ref', 'pull_url', 'related'] },
  { name: 'project', role: 'maintainer', method: 'PATCH', path: () => '/api/1.4/projects/alpha/', fields: ['web_url', 'list_archive_url_format', 'show_dependencies'] },
  { name: 'user', role: 'other', method: 'PATCH', path: (f) => `/api/1.4/users/${f.users.other.id}/`, fields: ['first_name', 'settings'] },
  { name: 'check', role: 'maintainer', method: 'POST', path: (f) => `/api/1.4/patches/${f.patches.p1}/checks/`, fields: ['state', 'target_url', 'context', 'description'] },
  { name: 'patch comment', role: 'maintainer', method: 'PATCH', path: (f) => `/api/1.4/patches/${f.patches.p2}/comments/${f.comments.patch}/`, fields: ['addressed'] },
  { name: 'bundle update', role: 'submitter', method: 'PATCH', path: (f) => `/api/1.4/bundles/${f.bundles.private}/`, fields: ['name', 'patches', 'public'] },
  { name: 'bundle create', role: 'submitter', method: 'POST', path: () => '/api/1.4/bundles/', fields: ['name', 'patches', 'public'] },
];

for (const target of TARGETS) {
  test(`${target.name} ${target.method}: odd values never give a 500`, async () => {
    for (const field of target.fields) {
      for (const value of ODD) {
        const before = f.snapshot();
        const path = target.path(f);
        const r = await f.request(target.role, target.method, path, { [field]: value });
        const label = `${target.method} ${path} ${field}=${JSON.stringify(value).slice(0, 40)}`;
        assert.ok(r.status < 500, `${label}: ${r.status} ${JSON.stringify(r.body)}`);
        assert.type(r.body, 'object', label);
        if (r.status >= 400) assert.is(f.snapshot(), before, label);
      }
    }
  });
}

test.run();
