// The mbox formatting rules of docs/ingest.md §13.1, table by table.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ctime,
  downloadFilename,
  encodeWord,
  foldHeader,
  formatAddress,
  fromAddress,
  headerFields,
  joinMessages,
  mboxBody,
  rfc2822Date,
  submissionMbox,
  type MboxSubmission,
} from '../../src/mail/mbox-writer.ts';

const body = (content: string | null, comments: (string | null)[] = [], diff: string | null = null) =>
  mboxBody({ content, comments, diff });

const BODIES: [string, string, string][] = [
  ['empty content', body(null), ''],
  ['content stripped, one newline', body('\n  Fix it  \n\n\n'), 'Fix it\n'],
  [
    'trailers from comments before the --- notes',
    body('Fix it\n\nSigned-off-by: A <a@x>\n---\n v2: typo\n', ['Looks good.\nAcked-by: B <b@x>\n'], 'D\n'),
    'Fix it\n\nSigned-off-by: A <a@x>\nAcked-by: B <b@x>\n---\n v2: typo\n\nD\n',
  ],
  ['own trailer kept, comment trailer follows', body('msg\n\nAcked-by: 1', ['Acked-by: 2']), 'msg\n\nAcked-by: 1\nAcked-by: 2\n'],
  ['NBSP after the colon survives', body('msg', ['Acked-by:\u00a0me']), 'msg\nAcked-by:\u00a0me\n'],
  [
    'body that is only a postscript',
    body('---\n manual/string.texi | 2 +-\n 1 file changed', ['Reviewed-by: R <r@x>']),
    '\nReviewed-by: R <r@x>\n---\n manual/string.texi | 2 +-\n 1 file changed\n',
  ],
  ['unchanged content with notes', body('some comment\n---\n some/file | 1 +\n'), 'some comment\n---\n some/file | 1 +\n'],
  ['-- signature separator re-emitted as ---', body('msg\n-- \nsig\n'), 'msg\n---\nsig\n'],
  ['---- is not a separator', body('msg\n----\nmore'), 'msg\n----\nmore\n'],
  [
    'every trailer kind, any case; quoted and mid-line ones skipped',
    body('m', ['tested-by: T\n> Acked-by: Q\nI Acked-by: no\nNacked-by: N\nReported-by: P\nSigned-off-by: S\nReviewed-by: R']),
    'm\ntested-by: T\nNacked-by: N\nReported-by: P\nSigned-off-by: S\nReviewed-by: R\n',
  ],
  ['comments in order, null content skipped', body('m', [null, 'Acked-by: 1', 'Tested-by: 2']), 'm\nAcked-by: 1\nTested-by: 2\n'],
  ['a carriage return does not end a trailer line', body('m', ['Acked-by: a\rb']), 'm\nAcked-by: a\rb\n'],
  // Python's strip(): a BOM is kept, \x1c-\x1f and \x85 are whitespace.
  ['content stripped as Python strips', body('\ufeffFix it\x85\n\x1c'), '\ufeffFix it\n'],
  ['notes stripped as Python strips', body('\ufeffm\n---\n x\x1f\n', ['Acked-by: A']), '\ufeffm\nAcked-by: A\n---\n x\n'],
  ['diff appended after a blank line', body('m', [], 'diff --git a/x b/x\n'), 'm\n\ndiff --git a/x b/x\n'],
  ['diff without final newline kept as is', body('m', [], '+x'), 'm\n\n+x'],
];
for (const [name, actual, expected] of BODIES) test(`body: ${name}`, () => assert.is(actual, expected));

test('dates: ctime pads the day with a space; RFC 2822 in UTC with -0000', () => {
  assert.is(ctime('2016-06-01T20:00:54.123456'), 'Wed Jun  1 20:00:54 2016');
  assert.is(ctime('2026-11-27T21:42:16.000000'), 'Fri Nov 27 21:42:16 2026');
  assert.is(rfc2822Date('2020-01-05T07:03:09.000000'), 'Sun, 05 Jan 2020 07:03:09 -0000');
  assert.is(rfc2822Date('2024-01-01T09:05:03.999999'), 'Mon, 01 Jan 2024 09:05:03 -0000');
});

const ADDRESSES: [string | null, string, string][] = [
  ['Jonathon Doe', 'jon@doe.com', 'Jonathon Doe <jon@doe.com>'],
  [null, 'a@b.cd', 'a@b.cd'],
  ['', 'a@b.cd', 'a@b.cd'],
  ['Doe, John', 'j@d.x', '"Doe, John" <j@d.x>'],
  ['J. Random', 'j@d.x', '"J. Random" <j@d.x>'],
  ['say "hi" \\o/', 'j@d.x', '"say \\"hi\\" \\\\o/" <j@d.x>'],
  ['Rafał Miłecki', 'r@m.x', '=?utf-8?b?UmFmYcWCIE1pxYJlY2tp?= <r@m.x>'],
  ['Zoë', 'z@x.y', '=?utf-8?q?Zo=C3=AB?= <z@x.y>'],
];
for (const [name, email, expected] of ADDRESSES) {
  test(`address: ${JSON.stringify(name)}`, () => assert.is(formatAddress(name, email), expected));
}

test('encoded words: Q wins ties, B when shorter', () => {
  assert.is(encodeWord('é'), '=?utf-8?b?w6k=?='); // B 4 characters, Q 6
  assert.is(encodeWord('abé'), '=?utf-8?q?ab=C3=A9?='); // 8 each
  assert.is(encodeWord('abcdefghij é'), '=?utf-8?q?abcdefghij_=C3=A9?='); // Q 17, B 20
});

test('fold: short and already folded values are kept', () => {
  assert.is(foldHeader('Subject', 'short'), 'Subject: short');
  assert.is(foldHeader('Cc', 'a@x,\n b@x'), 'Cc: a@x,\n b@x');
});

test('fold: long lines break at whitespace, after ; or , first', () => {
  const long = 'word '.repeat(20).trim();
  const folded = foldHeader('Subject', long);
  for (const line of folded.split('\n')) assert.ok(line.length <= 78, line);
  assert.is(folded.replace(/\n/g, ''), `Subject: ${long}`);
  const cc = Array.from({ length: 8 }, (_, i) => `Person Number${i} <p${i}@example.com>`).join(', ');
  const lines = foldHeader('Cc', cc).split('\n');
  assert.ok(lines.length > 1);
  for (const line of lines.slice(0, -1)) assert.ok(line.endsWith(','), line);
});

test('fold: one word longer than a line gets a line of its own', () => {
  const word = 'x'.repeat(90);
  assert.is(foldHeader('References', `<a@b> ${word}`), `References: <a@b>\n ${word}`);
  assert.is(foldHeader('X', word), `X: \n ${word}`);
});

test('header block: continuation lines stay with their field', () => {
  assert.equal(headerFields('A: 1\nB: two\n\tlines\nC:3'), [
    ['A', '1'],
    ['B', 'two\n\tlines'],
    ['C', '3'],
  ]);
});

const FROMS: [string, string][] = [
  ['"Foo" <a@b.cd> (x)', 'a@b.cd'],
  ['Name via List <list@example.com>', 'list@example.com'],
  ['<a@b>', 'a@b'],
  ['joe at example.com (Joe)', 'joe@example.com'],
  ['"joe@example.com" (Joe)', 'joe@example.com'],
  ['bare@example.com', 'bare@example.com'],
];
for (const [value, address] of FROMS) test(`from address: ${value}`, () => assert.is(fromAddress(value), address));

test('filenames: runs outside [-_A-Za-z0-9.] become -, ends trimmed', () => {
  assert.is(downloadFilename('[PATCH v2 1/3] net: fix the thing!'), 'PATCH-v2-1-3-net-fix-the-thing');
  assert.is(downloadFilename('Untitled series #12'), 'Untitled-series-12');
  assert.is(downloadFilename('a.b_c-d'), 'a.b_c-d');
  assert.is(downloadFilename('élan'), 'lan');
});

test('collections: messages joined by one newline', () => {
  assert.is([...joinMessages(['a\n', 'b\n', 'c'])].join(''), 'a\n\nb\n\nc');
  assert.is([...joinMessages([])].join(''), '');
});

const BASE: MboxSubmission = {
  id: 1,
  date: '2026-11-27T21:42:16.000000',
  headers: 'MIME-Version: 1.0\nMessage-Id: <p@x>\nSubject: [PATCH 1/2] A patch\nFrom: Test Author <test-author@example.com>\nList-Id: test0.example.com\nIn-Reply-To: <c@x>',
  content: 'msg',
  diff: 'diff --git a/meep.text b/meep.text\n',
  submitterName: 'Test Author',
  submitterEmail: 'test-author@example.com',
  delegateEmail: null,
  listEmail: 'test0@example.com',
  comments: ['Acked-by: A <a@b.cd>'],
};

test('message: upstream\'s observed example, byte for byte', () => {
  assert.is(
    submissionMbox(BASE),
    [
      'From patchwork Fri Nov 27 21:42:16 2026',
      'Content-Type: text/plain; charset="utf-8"',
      'MIME-Version: 1.0',
      'Content-Transfer-Encoding: 7bit',
      'X-Patchwork-Submitter: Test Author <test-author@example.com>',
      'X-Patchwork-Id: 1',
      'MIME-Version: 1.0',
      'Message-Id: <p@x>',
      'Subject: [PATCH 1/2] A patch',
      'From: Test Author <test-author@example.com>',
      'List-Id: test0.example.com',
      'In-Reply-To: <c@x>',
      'Date: Fri, 27 Nov 2026 21:42:16 -0000',
      '',
      'msg',
      'Acked-by: A <a@b.cd>',
      '',
      'diff --git a/meep.text b/meep.text',
      '',
    ].join('\n'),
  );
});

test('message: delegate, stored Date kept, content headers dropped case-sensitively, 8bit', () => {
  const text = submissionMbox({
    ...BASE,
    content: 'Grüße',
    delegateEmail: 'maint@example.com',
    headers:
      'Content-Type: multipart/signed; boundary=x\nContent-Transfer-Encoding: quoted-printable\nContent-type: text/plain\n' +
      'Date: Sun, 05 Jan 2020 08:03:09 +0100\nFrom: Test Author <test-author@example.com>',
  });
  const headers = text.slice(0, text.indexOf('\n\n')).split('\n');
  assert.equal(headers, [
    'From patchwork Fri Nov 27 21:42:16 2026',
    'Content-Type: text/plain; charset="utf-8"',
    'MIME-Version: 1.0',
    'Content-Transfer-Encoding: 8bit',
    'X-Patchwork-Submitter: Test Author <test-author@example.com>',
    'X-Patchwork-Id: 1',
    'X-Patchwork-Delegate: maint@example.com',
    'Content-type: text/plain',
    'Date: Sun, 05 Jan 2020 08:03:09 +0100',
    'From: Test Author <test-author@example.com>',
  ]);
});

test('message: a delegate without an e-mail address still gets the header', () => {
  assert.match(submissionMbox({ ...BASE, delegateEmail: '' }), /\nX-Patchwork-Id: 1\nX-Patchwork-Delegate: \nMIME-Version/);
  assert.not.match(submissionMbox(BASE), /X-Patchwork-Delegate/);
});

test('message: a list-munged From is replaced by the submitter, the original kept', () => {
  const text = submissionMbox({
    ...BASE,
    submitterName: 'Jonathon Doe',
    submitterEmail: 'jon@doe.com',
    headers: 'From: Jonathon Doe via Test <test0@example.com>\nSubject: x',
  });
  assert.match(text, /\nX-Patchwork-Original-From: Jonathon Doe via Test <test0@example.com>\nFrom: Jonathon Doe <jon@doe.com>\nSubject: x\n/);
  assert.not.match(text, /\nFrom: Jonathon Doe via/);
});

test('message: CRLF and lone CR in the body are written as LF', () => {
  const text = submissionMbox({ ...BASE, content: 'a\r\nb\rc', comments: [], diff: '+x\r\n' });
  assert.ok(text.endsWith('\n\na\nb\nc\n\n+x\n'));
});

test('fold: one trailing space ends a line of a multi-line value, not a one-line value', () => {
  assert.is(foldHeader('List-Unsubscribe', '<http://x>, \n <mailto:y>'), 'List-Unsubscribe: <http://x>,\n <mailto:y>');
  assert.is(foldHeader('X-Status', 'GOOD (  10.54  ) '), 'X-Status: GOOD (  10.54  ) ');
});

test('message: a header stored as UTF-8 text is written as encoded words', () => {
  const text = submissionMbox({
    ...BASE,
    headers: 'Subject: [PATCH v2] löschen: remove the obsolete grüße handling from the köln module',
  });
  // What Python's generator writes for the same header.
  assert.ok(
    text.includes(
      '\nSubject: =?utf-8?q?=5BPATCH_v2=5D_l=C3=B6schen=3A_remove_the_obsolete_gr?=\n' +
        ' =?utf-8?q?=C3=BC=C3=9Fe_handling_from_the_k=C3=B6ln_module?=\n',
    ),
  );
});

test.run();
