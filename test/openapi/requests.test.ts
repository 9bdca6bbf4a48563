// The request body schemas (from the writes' valibot field schemas) accept
// what clients send and refuse what the server refuses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildDocument } from '../../src/openapi/document.ts';
import { parseVersion } from '../../src/http/version.ts';

const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema(buildDocument(parseVersion('1.4')!) as object, 'doc');
const valid = (component: string, body: unknown) => ajv.validate({ $ref: `doc#/components/schemas/${component}` }, body);

const CASES: [string, unknown, boolean][] = [
  // pwclient check-create: an empty target_url is allowed.
  ['CheckCreate', { state: 'success', target_url: '', context: 'ci-build', description: 'ok' }, true],
  ['CheckCreate', { state: 'warning', target_url: 'https://ci.example.org/1', context: 'default' }, true],
  ['CheckCreate', { state: 'bogus' }, false],
  ['CheckCreate', { state: 'fail', context: 'not a slug' }, false],
  ['CheckCreate', { state: 'fail', target_url: 'not a url' }, false],
  ['PatchUpdate', { state: 'under-review', delegate: null, archived: false }, true],
  ['PatchUpdate', { commit_ref: 'abc123', pull_url: null, related: [1, 2] }, true],
  ['PatchUpdate', { delegate: 'alice' }, false],
  ['PatchUpdate', { related: 3 }, false],
  ['BundleCreateUpdate', { name: 'for-next', patches: [1, 2], public: true }, true],
  ['BundleCreateUpdate', { name: '' }, false],
  ['BundleCreateUpdate', { name: 'x'.repeat(51) }, false],
  ['CommentUpdate', { addressed: null }, true],
  ['CommentUpdate', { addressed: 'yes' }, false],
  ['UserUpdate', { first_name: '', settings: { send_email: true, items_per_page: 50 } }, true],
  ['UserUpdate', { settings: { items_per_page: -1 } }, false],
  ['ProjectUpdate', { web_url: '', show_dependencies: true }, true],
  ['ProjectUpdate', { web_url: 'x'.repeat(2001) }, false],
];

for (const [component, body, expected] of CASES) {
  test(`${component} ${expected ? 'accepts' : 'refuses'} ${JSON.stringify(body).slice(0, 60)}`, () => {
    assert.is(valid(component, body), expected, JSON.stringify(ajv.errors));
  });
}

const pointer = (...parts: string[]) => 'doc#/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

test('a full update (PUT) requires what the server requires', () => {
  const put = { $ref: pointer('paths', '/api/1.4/patches/{id}/', 'put', 'requestBody', 'content', 'application/json', 'schema') };
  assert.not.ok(ajv.validate(put, { state: 'new' }), 'delegate missing');
  assert.ok(ajv.validate(put, { state: 'new', delegate: null }));
  const old = buildDocument(parseVersion('1.1')!);
  assert.ok('$ref' in old.paths!['/api/1.1/users/{id}/'].put!.requestBody!, 'below 1.2 a user PUT requires nothing');
  assert.not.ok('settings' in (old.components!.schemas!.UserUpdate as { properties: object }).properties, 'nor takes settings');
});

test.run();
