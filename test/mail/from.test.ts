import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isValidAddress, parseFrom, resolveAuthor, splitAddress, type DmarcHeaders } from '../../src/mail/from.ts';
import { cleanHeader } from '../../src/mail/clean-header.ts';
import { MalformedMailError } from '../../src/mail/types.ts';

// docs/ingest.md §4.5 table of forms.
const SPLITS: [string, string | null, string][] = [
  ['"Foo Bar" <foo@example.com>', 'Foo Bar', 'foo@example.com'],
  ['Foo Bar <foo@example.com>', 'Foo Bar', 'foo@example.com'],
  ['<a@b.cd>', '', 'a@b.cd'],
  ['"Foo" <a@b.cd> (x)', 'Foo', 'a@b.cd'],
  ['"A" <a@x>, other <x@y.z>', 'A', 'a@x'],
  ['jdoe at example.com (John Doe)', 'John Doe', 'jdoe@example.com'],
  ['jdoe@example.com (John Doe)', 'John Doe', 'jdoe@example.com'],
  ['"jdoe@example.com" (John Doe)', 'John Doe', 'jdoe@example.com'],
  ['jdoe@example.com', null, 'jdoe@example.com'],
];
for (const [value, name, email] of SPLITS) {
  test(`§4.5 split ${JSON.stringify(value)}`, () => assert.equal(splitAddress(value), { name, email }));
}

const ADDRESSES: [string, boolean][] = [
  ['user@example.com', true],
  ['first.last+tag@sub.example.co.uk', true],
  ['ünï@example.com', true],
  ["o'brien@example.com", false],
  ['foo@localhost', false],
  ['foo@ex_ample.com', false],
  ['a@b', false],
  ['a..b@example.com', false],
  ['@example.com', false],
  ['a@-x.com', false],
  ['a@x-.com', false],
  ['om', false],
];
for (const [address, valid] of ADDRESSES) {
  test(`§4.5 address ${JSON.stringify(address)} valid=${valid}`, () => assert.is(isValidAddress(address), valid));
}

test('§4.1/§4.5 encoded names', () => {
  assert.equal(parseFrom(cleanHeader('=?utf-8?q?=C3=A9xample=20user?= <user@example.com>')!), {
    name: 'éxample user',
    email: 'user@example.com',
  });
  assert.equal(parseFrom(cleanHeader('=?utf-8?q?=C3=A9xample?= user <user@example.com>')!), {
    name: 'éxample user',
    email: 'user@example.com',
  });
  assert.equal(parseFrom(cleanHeader('=?utf-8?B?w6l4YW1wbGUgdXNlcg==?= <user@example.com>')!), {
    name: 'éxample user',
    email: 'user@example.com',
  });
});

const noDmarc = { xOriginalFrom: null, replyTo: [], cc: [] };
/** How parsing hands the cleaned From to resolveAuthor (src/mail/parse.ts). */
const author = (from: string, listEmail: string | null, dmarc: DmarcHeaders) =>
  resolveAuthor(from ? parseFrom(from) : { name: null, email: null }, listEmail, dmarc);
const invalid = (from: string) =>
  assert.throws(
    () => author(from, null, noDmarc),
    (e: unknown) => e instanceof MalformedMailError && e.message === "Invalid 'From' header",
  );

test('§4.5 an empty From, or one whose address is invalid, is a malformed mail', () => {
  invalid('');
  invalid(cleanHeader('testH=?UTF-8?B?w6E=?=user=?UTF-8?B?w6E=?=')!);
  invalid('Name <foo@localhost>');
  invalid('x'.repeat(300));
});

test('§4.5 name and email are trimmed and cut to 255', () => {
  const long = 'n'.repeat(300);
  assert.equal(author(`${long} <a@example.com>`, null, noDmarc), { name: 'n'.repeat(255), email: 'a@example.com' });
});

// Upstream keeps the stripped name of any form that has a name part, so an
// empty one is stored as ''; only a bare address has no name (null).
const EMPTY_NAMES: [string, string | null][] = [
  ['<a@example.com>', ''],
  ['"" <a@example.com>', ''],
  ['"  " <a@example.com>', ''],
  ['a@example.com ( )', ''],
  ['a at example.com ( )', ''],
  ['a@example.com', null],
];
for (const [from, name] of EMPTY_NAMES) {
  test(`§4.5 empty name ${JSON.stringify(from)} → ${JSON.stringify(name)}`, () => {
    assert.equal(author(from, null, noDmarc), { name, email: 'a@example.com' });
  });
}

const LIST = 'list@lists.example.org';
// docs/ingest.md §4.5 DMARC: Mailman and Google Groups variants.
const DMARC: [string, { xOriginalFrom?: string; replyTo?: string[]; cc?: string[] }, string | null, string][] = [
  ['Jane Doe via Dev <list@lists.example.org>', { replyTo: ['Jane Doe <jane@example.com>'] }, 'Jane Doe', 'jane@example.com'],
  [
    'Jane Doe via Dev <list@lists.example.org>',
    { cc: ['Other <o@example.com>, Jane Doe <jane@example.com>'] },
    'Jane Doe',
    'jane@example.com',
  ],
  [
    'Jane Doe via Dev <list@lists.example.org>',
    { replyTo: ['Bob <b@example.com>'], cc: ['Jane Doe <jane@example.com>'] },
    'Jane Doe',
    'jane@example.com',
  ],
  ["'Jane Doe' via Dev <list@lists.example.org>", { xOriginalFrom: 'Jane Doe <jane@example.com>' }, 'Jane Doe', 'jane@example.com'],
  ['Jane Doe via <list@lists.example.org>', { xOriginalFrom: 'Jane Doe <jane@example.com>' }, 'Jane Doe', 'jane@example.com'],
  ['Jane Doe <list@lists.example.org>', { xOriginalFrom: 'Jane Doe <jane@example.com>' }, null, 'jane@example.com'],
  ['Jane Doe via Dev <list@lists.example.org>', { replyTo: ['Bob <b@example.com>'] }, 'Jane Doe via Dev', LIST],
  ['Jane Doe via Dev <LIST@lists.example.org>', { replyTo: ['Jane Doe <jane@example.com>'] }, 'Jane Doe', 'jane@example.com'],
  // Where upstream crashes, the list identity is kept.
  // No name part to strip ' via ' from: the list identity, its empty name kept.
  ['<list@lists.example.org>', { replyTo: ['Jane <jane@example.com>'] }, '', LIST],
  ['Jane via Dev <list@lists.example.org>', { xOriginalFrom: 'not an address' }, 'Jane via Dev', LIST],
];
for (const [from, headers, name, email] of DMARC) {
  test(`§4.5 DMARC ${from} ${JSON.stringify(headers)}`, () => {
    const dmarc = { xOriginalFrom: headers.xOriginalFrom ?? null, replyTo: headers.replyTo ?? [], cc: headers.cc ?? [] };
    assert.equal(author(from, LIST, dmarc), { name, email });
  });
}

test('§4.5 DMARC applies only when the From address is the list address', () => {
  const dmarc = { xOriginalFrom: 'Jane <jane@example.com>', replyTo: [], cc: [] };
  assert.equal(author('Jane via Dev <other@example.org>', LIST, dmarc), { name: 'Jane via Dev', email: 'other@example.org' });
  assert.equal(author('Jane via Dev <list@lists.example.org>', null, dmarc), { name: 'Jane via Dev', email: LIST });
});

test.run();
