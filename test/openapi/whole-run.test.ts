// Every API response any test received in this run (through
// test/helpers/server.ts) matched pwlite's own document of its version. This
// file sorts after test/api/ and the other openapi tests, so their responses
// are in by the time it runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { audit, check } from '../helpers/response-audit.ts';
import { tempDb } from '../helpers/db.ts';
import { startTestServer } from '../helpers/server.ts';

test('the audit sees test servers\' responses and reports what strays from the document', async () => {
  const { db } = tempDb();
  const server = await startTestServer(db);
  try {
    await (await fetch(`${server.url}/api/1.0/patches/`)).text();
  } finally {
    await server.close();
    db.close();
  }
  assert.ok(audit.checked.some((a) => a.method === 'GET' && a.path === '/api/1.0/patches/' && a.status === 200));

  const before = audit.problems.length;
  check('GET', '/api/1.0/patches/', 200, { link: '<x>; rel="first"' }, '[{"id":1}]');
  check('GET', '/api/1.4/patches/', 200, {}, '[]');
  check('GET', '/api/1.2/projects/1/', 418, {}, '{}');
  check('PUT', '/api/1.1/bundles/1/', 200, {}, '{}');
  const found = audit.problems.splice(before);
  assert.match(found[0], /GET \/api\/1\.0\/patches\/ → 200: \/0 must have required property/);
  assert.match(found.join('\n'), /documented header Link missing/);
  assert.match(found.join('\n'), /418: status not documented/);
  assert.match(found.join('\n'), /PUT \/api\/1\.1\/bundles\/1\/ → 200: undocumented operation answered/);
});

test('every API response of this run matches the document of its version', () => {
  const problems = [...new Set(audit.problems)];
  assert.equal(problems.slice(0, 40), [], `${problems.length} problems in ${audit.checked.length} responses`);
});

test.run();
