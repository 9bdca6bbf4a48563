import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cleanHeader } from '../../src/mail/clean-header.ts';
import { findRefs, firstMsgid, listIdCandidates, splitMessage, storedHeaders } from '../../src/mail/headers.ts';

const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

// docs/ingest.md §4.1 vectors and rules; input is the raw header value as bytes.
const CLEAN: [string, string | null][] = [
  ['=?utf-8?q?=C3=A9xample=20user?= <user@example.com>', 'éxample user <user@example.com>'],
  ['=?utf-8?q?=C3=A9xample?= user <user@example.com>', 'éxample user <user@example.com>'],
  ['=?utf-8?B?w6l4YW1wbGUgdXNlcg==?=', 'éxample user'],
  ['test =?utf-8?q?s=c3=bcbject?=', 'test sübject'],
  ['x =?gb2312?b?1tDOxA==?=', 'x 中文'],
  ['  lots   of\n\tspace  ', 'lots of space'],
  ['=?utf-8?q?a?= =?utf-8?q?b?=', 'ab'],
  ['=?utf-8?q?a?=\n =?utf-8?q?b?=', 'ab'],
  ['=?utf-8?q?a?=b', 'a b'],
  ['=?utf-8*en?q?hi?=', 'hi'],
  ['=?x-unknown?q?caf=E9?=', 'caf\uFFFD'],
  ['=?utf-8?q?caf=FF?= tail', 'caf\uFFFD tail'],
  ['=?iso-8859-1?q?caf=E9?=', 'café'],
  ['=?windows-1252?q?=80?=', '€'],
  ['a\0b', 'ab'],
  ['Subject\n with fold', 'Subject with fold'],
  ['', ''],
  ['=?utf-8?q?=C3?= =?utf-8?q?=A9?=', 'é'],
  ['=?x-unknown?q?a?= =?utf-8?q?b?=', 'a b'],
  ['=?us-ascii?q?foo?=bar', 'foo bar'],
  ['=?utf-8?b?QUJDR?=', null],
  ['=?utf-8?b?!!!?=', ''],
  ['=?utf-8?x?a?= =?utf-8?q?b?=', '=?utf-8?x?a?= b'],
  ['a =?utf-8?q?b', 'a =?utf-8?q?b'],
  ['=?=?utf-8?q?b?=', '=? b'],
];
for (const [raw, cleaned] of CLEAN) {
  test(`§4.1 clean ${JSON.stringify(raw)}`, () => assert.is(cleanHeader(raw), cleaned));
}

test('§4.1 raw 8-bit bytes become one U+FFFD per byte (fixture 0014)', () => {
  assert.is(cleanHeader(latin1('Rafał Miłecki')), 'Rafa\uFFFD\uFFFD Mi\uFFFD\uFFFDecki');
});

test('§4.1 a header with raw 8-bit bytes is not RFC 2047 decoded at all', () => {
  assert.is(cleanHeader('caf\xe9 =?utf-8?q?=C3=A9t=C3=A9?='), 'caf\uFFFD =?utf-8?q?=C3=A9t=C3=A9?=');
});

test('§4.1 raw UTF-8 is decoded when allowed', () => {
  assert.is(cleanHeader(latin1('Rafał Miłecki'), { decodeRawUtf8: true }), 'Rafał Miłecki');
  assert.is(cleanHeader('caf\xe9', { decodeRawUtf8: true }), 'caf\uFFFD');
});

const MSGIDS: [string, string][] = [
  ['<xnzgy1de8d.fsf@rhel8.vm> (message ID with a comment)', '<xnzgy1de8d.fsf@rhel8.vm>'],
  ['5899d592-8c87-4b1a-a5b5-d6e1c5e1d5f2@radware.com>', '5899d592-8c87-4b1a-a5b5-d6e1c5e1d5f2@radware.com>'],
  ['junk <a@b> <c@d>', '<a@b>'],
  ['>', '>'],
];
for (const [value, msgid] of MSGIDS) {
  test(`§4.3 msgid ${JSON.stringify(value)}`, () => assert.is(firstMsgid(value), msgid));
}

test('§4.3 msgid is cut to 255 characters', () => {
  assert.is(firstMsgid(`<${'a'.repeat(300)}@b>`).length, 255);
});

test('§4.4 refs: In-Reply-To first, then References newest first, no repeats', () => {
  const { headers } = splitMessage(
    'In-Reply-To: <5255346770@vmware.com> (message from X on Mon)\n' +
      'References: <A@x> <B@x>\n <C@x> <D@x> <5255346770@vmware.com>\n\nbody',
  );
  assert.equal(findRefs(headers), ['<5255346770@vmware.com>', '<D@x>', '<C@x>', '<B@x>', '<A@x>']);
});

test('§4.4 In-Reply-To values are not de-duplicated; References has no bare fallback', () => {
  const { headers } = splitMessage('In-Reply-To: <a@x>\nIn-Reply-To: <a@x>\nIn-Reply-To: bare@x\nReferences: bare2@x\nIn-Reply-To:\n\n');
  assert.equal(findRefs(headers), ['<a@x>', '<a@x>', 'bare@x']);
});

const LISTS: [string, string[]][] = [
  ['', []],
  ["List-Id: ''\n", ["''"]],
  ['List-Id:  \n', []],
  ['List-Id: test0.example.com\n', ['test0.example.com']],
  ['List-Id: Test text <test0.example.com>\n', ['test0.example.com']],
  ['List-Id: Patchwork development <patchwork.lists.ozlabs.org>\n', ['patchwork.lists.ozlabs.org']],
  ['List-Id: two words\nX-Mailing-List: <a.b>\nX-list: c.d\n', ['a.b', 'c.d']],
  ['List-Id: <a> <b>\nList-Id: <second>\n', ['b']],
];
for (const [block, ids] of LISTS) {
  test(`§4.7 list-id candidates ${JSON.stringify(block)}`, () => {
    assert.equal(listIdCandidates(splitMessage(block + '\nbody').headers), ids);
  });
}

test('§4.2 stored block keeps order, duplicates and folding, LF line ends, no trailing newline', () => {
  const { headers, body } = splitMessage(
    'From nobody Mon Sep 17 00:00:00 2001\r\nReceived: a\r\nReceived: b\r\nSubject: a long\r\n folded\r\nX-Nul: a\0b\r\n\r\nbody\r\n',
  );
  assert.is(storedHeaders(headers), 'Received: a\nReceived: b\nSubject: a long\n folded\nX-Nul: ab');
  assert.is(body, 'body\r\n');
});

test('§4.2 raw 8-bit header values become unknown-8bit words, UTF-8 or not, Q or B as shorter', () => {
  const { headers } = splitMessage(latin1('To: Rafał\n') + 'X-Bad: \x9c\n\n');
  assert.is(storedHeaders(headers), 'To: =?unknown-8bit?b?UmFmYcWC?=\nX-Bad: =?unknown-8bit?q?=9C?=');
});

// Python's feedparser on odd header blocks: [message, header names, body].
const BLOCKS: [string, string[], string][] = [
  ['From x Mon\nSubject: a\nX: b\n\nbody\n', ['Subject', 'X'], 'body\n'],
  ['Subject: a\nFrom x Mon\nX: b\n\nbody\n', ['Subject', 'X'], 'body\n'],
  ['Subject: a\nFrom x Mon\n\nbody\n', ['Subject'], 'From x Mon\nbody\n'],
  [' lost continuation\nSubject: a\n\n', ['Subject'], ''],
  ['Subject: a\n:no name\n folded into nothing\nX: b\n\n', ['Subject', 'X'], ''],
  ['Subject: a\r\n folded\r\n\r\nbody', ['Subject'], 'body'],
  ['Subject: no body', ['Subject'], ''],
  ['Subject: a\rX: b\r\rbody\r', ['Subject', 'X'], 'body\r'],
  ['Cc: <d\rev@x.org>\nDate: now\n\nbody', ['Cc'], 'ev@x.org>\nDate: now\n\nbody'],
];
for (const [message, names, body] of BLOCKS) {
  test(`header block ${JSON.stringify(message)}`, () => {
    const split = splitMessage(message);
    assert.equal(
      split.headers.map((h) => h.name),
      names,
    );
    assert.is(split.body, body);
  });
}

// Folded values: their line breaks become \n, whatever the mail's; leading
// blanks of the first line go, continuation lines are kept as they are.
const FOLDED: [string, string[]][] = [
  ['Subject: a\n b\n\tc\nX: d\n\n', ['a\n b\n\tc', 'd']],
  ['Subject: a\r\n b\r\n\tc\r\nX: d\r\n\r\n', ['a\n b\n\tc', 'd']],
  ['Subject: a\r b\rX: d\r\r', ['a\n b', 'd']],
  ['Subject: a\n b\r\n c\r d\nX:  e \n\n', ['a\n b\n c\n d', 'e ']],
  ['Subject:\n b\n\n', ['\n b']],
  ['Subject: a\n\n b\n', ['a']],
  ['Subject: a\n b', ['a\n b']],
];
for (const [message, values] of FOLDED) {
  test(`folded values ${JSON.stringify(message)}`, () => {
    assert.equal(
      splitMessage(message).headers.map((h) => h.value),
      values,
    );
  });
}

test('the header block ends at the first line that is not a header', () => {
  const { headers, body } = splitMessage('Subject: x\nnot a header line\nmore\n');
  assert.equal(
    headers.map((h) => h.name),
    ['Subject'],
  );
  assert.is(body, 'not a header line\nmore\n');
});

test.run();
