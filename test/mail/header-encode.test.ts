// Header.encode() parity, table-driven. Each expected value was recorded
// from Python 3.11's email package running upstream's rule on the raw value
// (decode_header, make_header with tab continuation and the unknown-8bit
// fallback, encode); null: Python refuses the header. Raw 8-bit values are
// written as latin-1 strings (one character per byte).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeChunks, foldValue, hasEncodedWord, reencodeHeader } from '../../src/mail/header-encode.ts';
import { mailCharset, US_ASCII } from '../../src/mail/mail-charset.ts';
import { reencodeLegacyBlock } from '../../src/maintenance/reheader.ts';

const CASES: [string, string, string | null][] = [
  ['Subject', '=?UTF-8?q?J=C3=BCrgen=20Wei=C3=9F?=', '=?utf-8?b?SsO8cmdlbiBXZWnDnw==?='],
  ['From', '=?UTF-8?q?J=C3=BCrgen=20Wei=C3=9F?= <jw@example.com>', '=?utf-8?b?SsO8cmdlbiBXZWnDnw==?= <jw@example.com>'],
  ['Subject', '=?iso-8859-1?q?caf=E9?= au lait', '=?iso-8859-1?q?caf=E9?= au lait'],
  ['Subject', 'abcdefghij =?utf-8?q?=C3=A9?=', 'abcdefghij =?utf-8?b?w6k=?='],
  ['Subject', '=?us-ascii?q?plain?= text', 'plain  text'],
  ['Subject', '=?gb2312?b?1tDOxA==?=', '=?eucgb2312_cn?b?1tDOxA==?='],
  ['Subject', '=?windows-1251?b?0e/g8eji7g==?=', '=?windows-1251?b?0e/g8eji7g==?='],
  ['Subject', '=?bogus?q?abc?= and more', '=?unknown-8bit?q?abc__and_more?='],
  ['Subject', '=?utf-8?b?!?=', ''],
  [
    'Subject',
    '=?utf-8?q?xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx?=',
    '=?utf-8?q?xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx?=\n\t=?utf-8?q?xxxxxxxxxxxxxxxxxxxxxxx?=',
  ],
  ['Subject', '=?utf-8?b?w6k=?= tail', '=?utf-8?b?w6k=?= tail'],
  [
    'Received',
    'from smtp.subspace.kernel.org (smtp.subspace.kernel.org [100.90.174.1])',
    'from smtp.subspace.kernel.org (smtp.subspace.kernel.org\n [100.90.174.1])',
  ],
  [
    'Message-ID',
    '<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com>',
    '\n <aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com>',
  ],
  [
    'X-IronPort-AV',
    'E=Sophos;i="5.60,498,1549926000"; \n   d="scan\'208";a="306842584"',
    'E=Sophos;i="5.60,498,1549926000";\n   d="scan\'208";a="306842584"',
  ],
  [
    'Cc',
    'Alice Example <alice@example.com>, Bob Example <bob@example.com>, Carol Example <carol@example.com>',
    'Alice Example <alice@example.com>, Bob Example <bob@example.com>,\n Carol Example <carol@example.com>',
  ],
  ['References', '<a@b>\n\t<c@d>', '<a@b>\n\t<c@d>'],
  [
    'Subject',
    'a long subject line that goes on and on and on with words until it must fold somewhere',
    'a long subject line that goes on and on and on with words until it\n must fold somewhere',
  ],
  ['X-Empty', '', ''],
  ['Subject', 'Re: =?utf-8?q?=F0=9F=98=80?= emoji', 'Re: =?utf-8?b?8J+YgA==?= emoji'],
  ['Subject', '=?utf-8?q?a?= =?utf-8?q?b?=', '=?utf-8?q?ab?='],
  ['Subject', 'x\n: y', 'x\n: y'],
  ['Subject', 'x\nBcc: y', null],
  ['To', 'Rafa\u00c5\u0082 <r@x>', '=?unknown-8bit?b?UmFmYcWCIDxyQHg+?='],
  ['Subject', 'caf\u00e9 =?utf-8?q?=C3=A9?=', '=?unknown-8bit?b?Y2Fm6SA9P3V0Zi04P3E/PUMzPUE5Pz0=?='],
  // Japanese: euc-jp and shift_jis are written as iso-2022-jp; NEC row 13 is not in Python's table.
  ['Subject', '=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?= patch', '=?iso-2022-jp?b?GyRCRnxLXDhsGyhC?= patch'],
  ['Subject', '=?euc-jp?b?pKI=?=', '=?iso-2022-jp?b?GyRCJCIbKEI=?='],
  ['Subject', '=?shift_jis?b?gqA=?=', '=?iso-2022-jp?b?GyRCJCIbKEI=?='],
  ['Subject', '=?iso-2022-jp?b?GyRCJCIbKEI=?= =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=', '=?iso-2022-jp?b?GyRCJCJGfEtcOGwbKEI=?='],
  ['Subject', '=?iso-2022-jp?b?GyRCLSEbKEI=?=', '=?unknown-8bit?b?GyRCLSEbKEI=?='],
  ['Subject', '=?iso-2022-jp?b?GyRCISEbKEI=?=', '=?iso-2022-jp?b?GyRCISEbKEI=?='],
  // Long words split over lines, each word a slice of the text's bytes: 4-byte UTF-8 (B), 2-byte UTF-8 (B), latin-1 (Q).
  [
    'Subject',
    `=?utf-8?q?${'=F0=9F=98=80'.repeat(12)}${'x'.repeat(40)}?=`,
    '=?utf-8?b?8J+YgPCfmIDwn5iA8J+YgPCfmIDwn5iA8J+YgPCfmIDwn5iA8J+YgA==?=\n\t=?utf-8?b?8J+YgPCfmIB4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4?=',
  ],
  [
    'Cc',
    `=?utf-8?q?J=C3=BCrgen_${'=C3=A9'.repeat(30)}?= <jw@example.com>`,
    '=?utf-8?b?SsO8cmdlbiDDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6k=?=\n\t=?utf-8?b?w6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOp?= <jw@example.com>',
  ],
  [
    'X-MS-Data',
    `=?iso-8859-1?q?${'caf=E9_'.repeat(25)}?=`,
    '=?iso-8859-1?q?caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_c?=\n\t=?iso-8859-1?q?af=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf?=\n\t=?iso-8859-1?q?=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_caf=E9_?=\n\t=?iso-8859-1?q?caf=E9_?=',
  ],
];
for (const [name, raw, want] of CASES) {
  test(`reencode ${name}: ${JSON.stringify(raw).slice(0, 60)}`, () => assert.is(reencodeHeader(name, raw), want));
}

test('charsets: aliases, lower-case names, codecs written in the word', () => {
  assert.equal(mailCharset('LATIN-1').name, 'iso-8859-1');
  assert.equal(mailCharset('GB2312').outputCodec, 'eucgb2312_cn');
  assert.equal(mailCharset('UTF-8').encoding, 'shortest');
  assert.equal(mailCharset('iso-8859-2').encoding, 'q');
  assert.equal(mailCharset('koi8-r').encoding, 'b');
  assert.equal(mailCharset('us-ascii').encoding, null);
  assert.equal(mailCharset('x-unknown').encoding, 'shortest');
});

test('encoded words found as decode_header finds them', () => {
  assert.ok(hasEncodedWord('a =?utf-8?q?x?= b'));
  assert.ok(hasEncodedWord('=?x?B??='));
  assert.not.ok(hasEncodedWord('=?utf-8?x?y?='));
  assert.not.ok(hasEncodedWord('=?utf-8?q?y\n?='));
  assert.not.ok(hasEncodedWord('=?utf-8?q?never closed'));
});

test('mbox folding: Header(value) with the default space continuation', () => {
  assert.is(foldValue('X-Patchwork-Submitter', 'Jürgen Weiß <jw@example.com>'), '=?utf-8?b?SsO8cmdlbiBXZWnDnyA8andAZXhhbXBsZS5jb20+?=');
  assert.is(foldValue('X', 'a'.repeat(100)), `\n ${'a'.repeat(100)}`);
  assert.is(encodeChunks([], { headerName: 'X' }), '');
});

// foldValue returns most stored values as they are without running the
// formatter, and folds other ASCII values with src/mail/fold-ascii.ts: both
// must give what the formatter gives, for values near every edge they check
// (line widths around 78, trailing and lone whitespace, tabs, empty lines,
// control characters, where a line breaks, lines that look like a header).
test('mbox folding: the shortcut and the ASCII folder match the formatter', () => {
  const edges = [
    'abc ',
    'abc\t',
    'abc\n def ',
    'abc \n def',
    'abc\n\tdef',
    'abc\n \n def',
    'abc\n',
    'abc\n ',
    ' abc',
    '\tabc',
    'a\rb',
    'a\x7fb',
    'a\x00b',
    'x'.repeat(74),
    'x'.repeat(75),
    `a\n ${'x'.repeat(77)}`,
    `a\n ${'x'.repeat(78)}`,
    `${'x'.repeat(80)} b`,
    ` ${'x'.repeat(80)} b`,
    `${'x'.repeat(70)}; b,c d\te ${'y'.repeat(20)}`,
    `a\n ${'x'.repeat(90)} ${'y'.repeat(90)}`,
    'a\n\x1f\n b',
    'a \x1f',
    'x\n\n:y',
    'x\n\ny: z',
    'x\r\n y\r\n',
    '\n b',
  ];
  for (const value of edges) {
    const want = encodeChunks([{ text: value, charset: US_ASCII }], { headerName: 'To' });
    assert.is(foldValue('To', value), want, JSON.stringify(value));
  }
  let seed = 7;
  const random = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const plain = ['a', 'word', 'x'.repeat(30), ' ', ' ', ' ', '  ', '\t', ',', ';', '('];
  const rare = ['=?utf-8?q?x?=', '\x0b', '\x7f', '\r', ''];
  const piece = () => (random(30) === 0 ? rare[random(rare.length)] : plain[random(plain.length)]);
  let same = 0;
  for (let i = 0; i < 4000; i++) {
    const name = ['To', 'Subject', 'X-A-Rather-Long-Header-Name'][random(3)];
    const lines: string[] = [];
    for (let l = 0, count = 1 + random(3); l < count; l++) {
      let line = l === 0 ? '' : [' ', '\t', ''][random(3)];
      // Now and then a short or empty line: a line end next to another, or last.
      const width = random(8) === 0 ? random(3) : 60 + random(30);
      while (line.length < width) line += piece();
      lines.push(line);
    }
    const value = lines.join('\n');
    const want = encodeChunks([{ text: value, charset: US_ASCII }], { headerName: name });
    assert.is(foldValue(name, value), want, JSON.stringify([name, value]));
    if (want === value) same++;
  }
  // Enough of them come back as they are for the shortcut to be exercised.
  assert.ok(same > 300, `${same}`);
});

// Blocks stored before migration 0006: UTF-8 text and whole unknown-8bit
// words stand for the received bytes.
const LEGACY: [string, string][] = [
  ['To: Rafał <r@x>', 'To: =?unknown-8bit?b?UmFmYcWCIDxyQHg+?='],
  ['X-Bad: =?unknown-8bit?b?nA==?=', 'X-Bad: =?unknown-8bit?q?=9C?='],
  ['Subject: =?UTF-8?q?J=C3=BCrgen=20Wei=C3=9F?=\nX-A: b\n\tc', 'Subject: =?utf-8?b?SsO8cmdlbiBXZWnDnw==?=\nX-A: b\n\tc'],
];
for (const [legacy, want] of LEGACY) {
  test(`legacy block ${JSON.stringify(legacy)}`, () => assert.is(reencodeLegacyBlock(legacy), want));
}
test.run();
