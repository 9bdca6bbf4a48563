// Which trigrams of a search term are probed (src/db/listing.ts): all of a
// short term's, at most eight of a long one's, the first and last among them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { trigramsOf } from '../../src/db/listing.ts';

const cases: [string, string[]][] = [
  ['abc', ['abc']],
  ['driver', ['dri', 'riv', 'ive', 'ver']],
  ['aaaa', ['aaa']],
  ['école', ['éco', 'col', 'ole']],
  ['x"y"z', ['x"y', '"y"', 'y"z']],
  ['🐧🐧🐧x', ['🐧🐧🐧', '🐧🐧x']],
  ['abcdefghij', ['abc', 'bcd', 'cde', 'def', 'efg', 'fgh', 'ghi', 'hij']],
  ['abcdefghijklmnopqrstuvwxyz', ['abc', 'def', 'hij', 'klm', 'nop', 'qrs', 'uvw', 'xyz']],
];

for (const [term, expected] of cases) {
  test(`trigrams of ${JSON.stringify(term)}`, () => {
    assert.equal(trigramsOf(term), expected);
  });
}

test('a long term: at most eight, the first and the last among them', () => {
  const term = 'x'.repeat(10) + 'abcdefghijklmnopqrstuvwxyz'.repeat(40) + 'yyy';
  const got = trigramsOf(term);
  assert.ok(got.length <= 8, String(got.length));
  assert.is(got[0], 'xxx');
  assert.is(got.at(-1), 'yyy');
});

test.run();
