import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanHeader } from '../../src/mail/clean-header.ts';
import { cleanSubject, isReplySubject, parseSeriesMarker, parseSubject, parseVersion } from '../../src/mail/subject.ts';

const DROP = ['test-project-0'];

// docs/ingest.md §5.5, every row: subject, name, prefixes (null = not checked), x/n, version, reply.
const WORKED: [string, string, string[] | null, [number, number] | null, number, boolean][] = [
  ['[PATCH] meep', 'meep', [], null, 1, false],
  ['[PATCH] meep \n meep', 'meep meep', [], null, 1, false],
  ['[PATCH RFC 1/2] meep', '[RFC,1/2] meep', ['RFC', '1/2'], [1, 2], 1, false],
  ['[PATCH,RFC] meep', '[RFC] meep', ['RFC'], null, 1, false],
  ['[PATCH] [RFC] [1/2] meep', '[RFC,1/2] meep', ['RFC', '1/2'], [1, 2], 1, false],
  ['[PATCH v2 3/7] net: foo', '[v2,3/7] net: foo', ['v2', '3/7'], [3, 7], 2, false],
  ['[RFC PATCH v3 00/12] foo', '[RFC,v3,00/12] foo', ['RFC', 'v3', '00/12'], [0, 12], 3, false],
  ['[PATCH RESEND 1/2] foo', '[RESEND,1/2] foo', ['RESEND', '1/2'], [1, 2], 1, false],
  ['Re: [PATCH v2 1/2] foo', '[v2,1/2] foo', ['v2', '1/2'], [1, 2], 2, true],
  ['Fwd: [PATCH] meep', 'meep', [], null, 1, false],
  ['[PATCH 1/2]: foo', '[1/2] : foo', ['1/2'], [1, 2], 1, false],
  ['[Patch 2/2]: x', '[2/2] : x', ['2/2'], [2, 2], 1, false],
  ['[PATCH 1 of 2] foo', '[1 of 2] foo', ['1 of 2'], [1, 2], 1, false],
  ['[PATCH1/8] foo', '[PATCH1/8] foo', ['PATCH1/8'], [1, 8], 1, false],
  ['[PATCH-v2 1/2] foo', '[PATCH-v2,1/2] foo', ['PATCH-v2', '1/2'], [1, 2], 1, false],
  ['[test-project-0] [PATCH] foo', 'foo', [], null, 1, false],
  ['[git pull] Please pull powerpc.git next branch', '[git,pull] Please pull powerpc.git next branch', ['git', 'pull'], null, 1, false],
  ['[dpdk-dev] [PATCH] kni: fix build', '[dpdk-dev] kni: fix build', ['dpdk-dev'], null, 1, false],
  ['[ PATCH ] x', 'x', [], null, 1, false],
  ['foo [PATCH 1/2] bar', 'foo [PATCH 1/2] bar', [], null, 1, false],
  ['[PATCH]', '', [], null, 1, false],
];

for (const [subject, name, prefixes, marker, version, reply] of WORKED) {
  test(`§5.5 ${JSON.stringify(subject)}`, () => {
    const s = parseSubject(cleanHeader(subject)!, DROP);
    assert.is(s.name, name);
    if (prefixes) assert.equal(s.prefixes, prefixes);
    assert.equal(s.series, marker && { x: marker[0], n: marker[1] });
    assert.is(s.version, version);
    assert.is(isReplySubject(subject), reply);
  });
}

test('a dropped prefix is compared as a whole token, case-insensitively', () => {
  assert.is(cleanSubject('[foo] [bar] meep', ['foo']).name, '[bar] meep');
  assert.is(cleanSubject('[FOO] [foobar] meep', ['foo']).name, '[foobar] meep');
});

test('only one leading reply or forward marker is removed', () => {
  assert.is(cleanSubject('RE: Re: meep').name, 'Re: meep');
  assert.is(cleanSubject('Reply: x').name, 'Reply: x');
  assert.is(cleanSubject('AW: x').name, 'AW: x');
  assert.is(cleanSubject('Re factor x').name, 'factor x');
  assert.is(cleanSubject('FW: [PATCH] x').name, 'x');
});

test('brackets after the text are kept', () => {
  assert.is(cleanSubject('[PATCH] rewrite [a-z] regexes').name, 'rewrite [a-z] regexes');
});

test('a prefix group with nothing after it keeps its trailing space', () => {
  assert.is(cleanSubject('[RFC]').name, '[RFC] ');
});

test('lower-case Mercurial marker is split into plain tokens', () => {
  const { prefixes } = cleanSubject('[patch 1 of 2] foo');
  assert.equal(prefixes, ['1', 'of', '2']);
  assert.is(parseSeriesMarker(prefixes), null);
});

const REPLIES: [string, boolean][] = [
  ['RE: meep', true], ['Re: meep', true], ['re: meep', true], ['RE meep', true], ['Re meep', true], ['re meep', true],
  ['Fwd: meep', false], ['[PATCH] Re: x', false], ['Reply: x', false], ['meep', false],
];
for (const [subject, reply] of REPLIES) {
  test(`§5.4 reply ${JSON.stringify(subject)} → ${reply}`, () => assert.is(isReplySubject(subject), reply));
}

const VERSIONS: [string, number][] = [
  ['[PATCH v2] foo', 2], ['[PATCH V10 1/3] foo', 10], ['[PATCH v2.1] foo', 1], ['[PATCH-v2] foo', 1],
  ['[PATCH version] foo', 1], ['[PATCH net-next] foo (v2)', 2], ['[PATCH] foo (V4)', 4], ['[PATCH] foo v3', 1],
];
for (const [subject, version] of VERSIONS) {
  test(`§5.2 version ${JSON.stringify(subject)} → ${version}`, () => {
    const { name, prefixes } = cleanSubject(subject);
    assert.is(parseVersion(name, prefixes), version);
  });
}

const BOUNDED_VERSIONS: [string, number][] = [
  ['[PATCH v2147483647] x', 2147483647],
  ['[PATCH v2147483648] x', 1],
  ['[PATCH v99999999999999999999999 1/2] x', 1],
  ['[PATCH v99999999999999999999999 v3] x', 3],
  ['[PATCH v00000000000000000002] x', 2],
  ['[PATCH] x (v99999999999999999999999)', 1],
];
for (const [subject, version] of BOUNDED_VERSIONS) {
  test(`§5.2 version within upstream's 32-bit column: ${subject}`, () => {
    const { name, prefixes } = cleanSubject(subject);
    assert.is(parseVersion(name, prefixes), version);
  });
}

const MARKERS: [string[], [number, number] | null][] = [
  [['01/10'], [1, 10]], [['0/12'], [0, 12]], [['PATCH1/8'], [1, 8]], [['PATCH100/123'], [100, 123]],
  [['v2PATCH1/4'], [1, 4]], [['v2.3PATCH1/4'], [1, 4]], [['2/3', '2/4'], [2, 3]], [['1 of 2'], [1, 2]],
  [['RFC'], null], [['1/2x'], null], [['/2'], null], [['1/'], null], [['1 of2'], null], [[], null],
  [['1'.repeat(20000) + 'x'], null], [['x' + '1'.repeat(20000) + '/3'], null],
  // Bounded by upstream's columns: number a small integer, total a 32-bit one.
  [['32767/2147483647'], [32767, 2147483647]], [['32768/2'], null], [['1/2147483648'], null],
  [['000000000000001/0000000000002'], [1, 2]], [['99999999999999999999/2', '1/2'], [1, 2]],
];
for (const [prefixes, marker] of MARKERS) {
  test(`§5.3 marker ${JSON.stringify(prefixes)}`, () => {
    assert.equal(parseSeriesMarker(prefixes), marker && { x: marker[0], n: marker[1] });
  });
}

test('the stored name is cut to 255 characters', () => {
  assert.is(parseSubject('[PATCH] ' + 'x'.repeat(400)).name.length, 255);
});

test.run();
