// Every API response any test received in this run (through
// test/helpers/server.ts) matched pwlite's own document of its version. This
// file sorts after test/api/ and the other openapi tests, so their responses
// are in by the time it runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { audit } from '../helpers/response-audit.ts';

test('every API response of this run matches the document of its version', () => {
  assert.ok(audit.checked.length > 0, 'API responses were audited');
  const problems = [...new Set(audit.problems)];
  assert.equal(problems.slice(0, 40), [], `${problems.length} problems in ${audit.checked.length} responses`);
});

test.run();
