// Every read endpoint in every version it exists in answers with a body
// that satisfies upstream's published schema of that version.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { VERSIONS, type VersionName } from '../../src/http/version.ts';
import { hasShared, upstreamValidator } from '../helpers/openapi-validator.ts';
import { get, readFixture, type ReadFixture } from './read-helpers.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

/** Path (relative to /api/{v}/), first version, needs auth. */
const ENDPOINTS: [string, VersionName, boolean][] = [
  ['', '1.0', false],
  ['projects/', '1.0', false],
  ['projects/1/', '1.0', false],
  ['projects/alpha/', '1.0', false],
  ['users/', '1.0', true],
  ['users/3/', '1.0', true],
  ['users/1/', '1.0', true],
  ['people/', '1.0', true],
  ['people/2/', '1.0', true],
  ['patches/', '1.0', false],
  ['patches/?per_page=250', '1.0', false],
  ['patches/1/', '1.0', false],
  ['patches/1/checks/', '1.0', false],
  ['patches/1/checks/1/', '1.0', false],
  ['patches/1/comments/', '1.1', false],
  ['patches/1/comments/1/', '1.3', false],
  ['covers/', '1.0', false],
  ['covers/1/', '1.0', false],
  ['covers/1/comments/', '1.1', false],
  ['covers/1/comments/1/', '1.3', false],
  ['series/', '1.0', false],
  ['series/3/', '1.0', false],
  ['bundles/', '1.0', true],
  ['bundles/1/', '1.0', false],
  ['bundles/2/', '1.0', true],
  ['events/?per_page=250', '1.0', false],
];

if (hasShared) {
  const test = suite<{ f: ReadFixture }>('read: upstream schema per version');
  test.before(async (ctx) => {
    ctx.f = await readFixture();
  });
  test.after(async (ctx) => ctx.f.server.close());

  for (const version of VERSIONS) {
    test(`every endpoint of ${version} validates against upstream v${version}.yaml`, async ({ f }) => {
      const validator = upstreamValidator(version);
      for (const [rel, since, auth] of ENDPOINTS) {
        const path = `/api/${version}/${rel}`;
        const r = await get(f, path, auth);
        if (VERSIONS.indexOf(since) > VERSIONS.indexOf(version)) {
          assert.is(r.status, 404, `${path} must not exist in ${version}`);
          continue;
        }
        assert.is(r.status, 200, `${path}: ${JSON.stringify(r.body).slice(0, 200)}`);
        if (Array.isArray(r.body)) assert.ok(r.body.length > 0, `${path} lists something`);
        const errors = validator.validate('GET', path, 200, r.body);
        assert.equal(errors, [], `${path}`);
      }
    });
  }

  test('unversioned requests validate against 1.4 and link unversioned', async ({ f }) => {
    const validator = upstreamValidator('1.4');
    for (const [rel, , auth] of ENDPOINTS) {
      const path = `/api/${rel}`;
      const r = await get(f, path, auth);
      assert.is(r.status, 200, path);
      assert.equal(validator.validate('GET', path, 200, r.body), [], path);
      assert.not.match(JSON.stringify(r.body), /\/api\/1\.\d\//, `${path} has only unversioned links`);
    }
  });

  test.run();
} else skipped("API responses against upstream's OpenAPI schemas", NO_SHARED);
