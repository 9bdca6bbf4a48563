import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countTags } from '../../src/mail/tags.ts';

const DEFAULT = [{ pattern: '^Acked-by:' }, { pattern: '^Reviewed-by:' }, { pattern: '^Tested-by:' }];

// docs/ingest.md §9 (ExtractTagsTest) plus decoys that must not count.
const CASES: [string, string, [number, number, number]][] = [
  ['empty', '', [0, 0, 0]],
  ['one ack', 'Acked-by: Test User <test@example.com>', [1, 0, 0]],
  ['ack with the address alone', 'Acked-by: test@example.com', [1, 0, 0]],
  ['after a leading newline', '\nAcked-by: Test User <test@example.com>', [1, 0, 0]],
  ['two acks', 'Acked-by: A <a@example.com>\nAcked-by: B <b@example.com>\n', [2, 0, 0]],
  ['two acks and a review', 'Acked-by: A <a@x.com>\nAcked-by: B <b@x.com>\nReviewed-by: C <c@x.com>\n', [2, 1, 0]],
  ['lower case', 'acked-by: a <a@x.com>', [1, 0, 0]],
  ['upper case', 'ACKED-BY: a <a@x.com>', [1, 0, 0]],
  ['quoted', '> Acked-by: a <a@x.com>', [0, 0, 0]],
  ['indented', '  Reviewed-by: a <a@x.com>', [0, 0, 0]],
  ['mid-line', 'I would add Tested-by: a <a@x.com> here', [0, 0, 0]],
  ['tested and reviewed', 'Tested-by: a <a@x.com>\nReviewed-by: b <b@x.com>', [0, 1, 1]],
];
for (const [name, text, counts] of CASES) {
  test(`§9 ${name}`, () => assert.equal(countTags([text], DEFAULT), counts));
}

test('§9 counts add up across the patch and its comments; null texts count nothing', () => {
  assert.equal(countTags(['Acked-by: a <a@x.com>', null, 'Acked-by: b <b@x.com>\nTested-by: c <c@x.com>'], DEFAULT), [2, 0, 1]);
});

test('§9 a custom pattern, one with an escape only Python allows in Unicode mode, and one that cannot compile (counts 0)', () => {
  assert.equal(countTags(['Signed-off-by: a\nsigned-off-by: b'], [{ pattern: '^Signed-off-by:' }, { pattern: '^Signed\\-off-by:' }, { pattern: '(' }]), [2, 2, 0]);
});

test.run();
