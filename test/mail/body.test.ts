import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { extractComment, extractPatch, stripSignature } from '../../src/mail/body.ts';
import { splitMessage } from '../../src/mail/headers.ts';
import { textParts } from '../../src/mail/mime.ts';

const DIFF = 'diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n \n-a\n+b  \n';

function parts(message: string | Buffer) {
  const text = typeof message === 'string' ? message : message.toString('latin1');
  const { headers, body } = splitMessage(text);
  return textParts(headers, body);
}

function multipart(...bodies: string[]): string {
  return 'Content-Type: multipart/mixed; boundary="==b=="\n\npreamble\n' + bodies.map((b) => `--==b==\n${b}\n`).join('') + '--==b==--\nepilogue\n';
}

test('§6.1 a message without Content-Type is text/plain, bytes exact', () => {
  assert.equal(parts('Subject: x\n\nhello\n' + DIFF), [{ subtype: 'plain', text: 'hello\n' + DIFF }]);
});

test('§6.1 a part keeps a missing final newline (the line break before a boundary belongs to it)', () => {
  const p = parts(multipart('Content-Type: text/plain\n\n+x', 'Content-Type: text/x-patch\n\n+y\n'));
  assert.equal(p.map((x) => x.text), ['+x', '+y\n']);
});

test('§6.1 CRLF input keeps its CRs', () => {
  const p = parts('Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\na\r\nb\r\n--b--\r\n');
  assert.equal(p, [{ subtype: 'plain', text: 'a\r\nb' }]);
});

test('§6.1 a lone CR ends a line, for boundaries as well', () => {
  const p = parts('Content-Type: multipart/mixed; boundary=b\r\r--b\rContent-Type: text/x-diff\r\rd\r--b--\r');
  assert.equal(p, [{ subtype: 'x-diff', text: 'd' }]);
});

// Boundary lines among lines that only look like one, as Python's email
// package splits them (boundary "b"): [body, the text parts].
const BOUNDARY_LINES: [string, string[]][] = [
  ['x--b\n--b\n\nA\n--b--\n', ['A']],
  ['--bx\n--b\n\nA\n--b--\n', ['A']],
  ['--b \t\n\nA\n--b--  \nafter', ['A']],
  ['--b\n\nA --b\n--b\n\nB\n--b--\n', ['A --b', 'B']],
  ['--b\n\nA\r--b\r\nB\r\n--b--', ['A', 'B']],
  ['--b\n\nA\n--b', ['A', '']],
  ['pre\n--b--\n--b\n\nA\n', []],
  ['--b\n\nA\n-- b\n--b\n\nB\n--b--\n', ['A\n-- b', 'B']],
  // No closing boundary: the end of the message takes one line break, once.
  ['--b\n\nA\n-- b\n--b\n\nB\n', ['A\n-- b', 'B']],
  ['--b\n\nB\r\n', ['B']],
  ['--b\n\nB\n\n', ['B\n']],
  ['--b\nContent-Type: multipart/alternative; boundary=c\n\n--c\n\nX\n\n\n--b\n\nY\n--b--\n', ['X\n\n', 'Y']],
  ['--b\nContent-Type: multipart/alternative; boundary=c\n\n--c\n\nX\n\n', ['X\n']],
  ['--b\nContent-Type: message/rfc822\n\nSubject: s\n\nM\n', ['M']],
];
for (const [body, texts] of BOUNDARY_LINES) {
  test(`§6.1 boundary lines in ${JSON.stringify(body)}`, () => {
    const p = parts(`Content-Type: multipart/mixed; boundary="b"\n\n${body}`);
    assert.equal(p.map((x) => x.text), texts);
  });
}

test('§6.1 nested multiparts and attached messages are walked in document order', () => {
  const inner = 'Content-Type: multipart/alternative; boundary=alt\n\n--alt\nContent-Type: text/plain\n\none\n--alt\nContent-Type: text/html\n\n<div>x</div>\n--alt--\n';
  const rfc822 = 'Content-Type: message/rfc822\n\nSubject: inner\nContent-Type: text/plain\n\nthree\n';
  const p = parts(multipart(inner, 'Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=', rfc822));
  assert.equal(p, [
    { subtype: 'plain', text: 'one' },
    { subtype: 'html', text: '<div>x</div>' },
    { subtype: 'plain', text: 'three\n' },
  ]);
});

test('§6.1 type names: case-insensitive, no slash means text/plain, odd subtypes kept', () => {
  assert.equal(parts('Content-Type: TEXT/X-Diff\n\nd\n')[0].subtype, 'x-diff');
  assert.equal(parts('Content-Type: garbage\n\nd\n')[0].subtype, 'plain');
  assert.equal(parts('Content-Type: text/p\n\nd\n')[0].subtype, 'p');
  assert.equal(parts('Content-Type: application/octet-stream\n\nd\n'), []);
});

test('§6.1 transfer encodings: base64 (lenient), quoted-printable (trailing blanks kept), 7bit', () => {
  assert.is(parts('Content-Transfer-Encoding: base64\n\nK2Ig\nIAo=\n!!')[0].text, '+b  \n');
  assert.is(parts('Content-Transfer-Encoding: quoted-printable\n\n \n+b=20=\n=3D  \nx')[0].text, ' \n+b =  \nx');
  assert.is(parts('Content-Transfer-Encoding: 7bit\n\n=41\n')[0].text, '=41\n');
});

// Quoted-printable as Python's binascii.a2b_qp decodes it: [encoded, decoded].
const QP: [string, string][] = [
  ['a=3d=3D=e9', 'a==\u00e9'],
  ['a=\nb=\r\nc', 'abc'],
  ['a=\rxyz\nb', 'ab'],
  ['a==41b', 'a=41b'],
  ['a=', 'a'],
  ['=4Z =4', '=4Z =4'],
  ['x = \ny', 'x = \ny'],
];
for (const [encoded, decoded] of QP) {
  test(`§6.1 quoted-printable ${JSON.stringify(encoded)}`, () =>
    assert.is(parts(`Content-Type: text/plain; charset=latin1\nContent-Transfer-Encoding: quoted-printable\n\n${encoded}`)[0].text, decoded));
}

// base64 as Python's email package decodes a payload: [encoded, decoded].
const BASE64: [string, string][] = [
  ['QUJD\nREVG', 'ABCDEF'],
  ['QUI=', 'AB'],
  ['QR==', 'A'],
  ['QU JD!', 'ABC'],
  ['QUJDRA', 'ABCD'],
  ['QQ==QUJD', 'A'],
  ['QUI=RA==', 'AB'],
  ['QQ=\nQQ', 'A\x04\x10'],
  ['QUJDR', 'QUJDR'],
  ['Q=QUJ\nD', 'Q=QUJD'],
];
for (const [encoded, decoded] of BASE64) {
  test(`§6.1 base64 ${JSON.stringify(encoded)}`, () =>
    assert.is(parts(`Content-Type: text/plain; charset=latin1\nContent-Transfer-Encoding: base64\n\n${encoded}`)[0].text, decoded));
}

test('§6.1 x-uuencode parts are decoded', () => {
  assert.is(parts('Content-Transfer-Encoding: x-uuencode\n\nbegin 644 f\n#:&D*\n`\nend\n')[0].text, 'hi\n');
  // As Python's email package: [payload, decoded].
  const cases: [string, string][] = [
    ['begin 644 f\n#86)C\n', 'abc'],
    ['begin 644 f\r#86)C\r\fend\r', 'abc'],
    ['begin xyz f\n#86)C\nbegin 644 g\n#86)D\nend\n', 'abd'],
    ['begin 644 f\n\n#86)C\n`\nend\n', 'begin 644 f\n\n#86)C\n`\nend\n'],
    ['begin 644 f\n#86)C\n\n', 'begin 644 f\n#86)C\n\n'],
  ];
  for (const [payload, decoded] of cases) assert.is(parts(`Content-Transfer-Encoding: x-uuencode\n\n${payload}`)[0].text, decoded, payload);
});

test('§6.1 declared charsets decode strictly; a part invalid for its charset vanishes', () => {
  const latin = Buffer.concat([Buffer.from('Content-Type: text/plain; charset=iso-8859-1\n\ncaf'), Buffer.from([0xe9, 0x0a])]);
  assert.is(parts(latin)[0].text, 'café\n');
  const cp1252 = Buffer.concat([Buffer.from('Content-Type: text/plain; charset="windows-1252"\n\n'), Buffer.from([0x80, 0x93, 0x94, 0x0a])]);
  assert.is(parts(cp1252)[0].text, '€“”\n');
  const badUtf8 = Buffer.concat([Buffer.from('Content-Type: text/plain; charset=utf-8\n\nx'), Buffer.from([0xff])]);
  assert.equal(parts(badUtf8), []);
  const ascii8 = Buffer.concat([Buffer.from('Content-Type: text/plain; charset=us-ascii\n\nx'), Buffer.from([0xe9])]);
  assert.equal(parts(ascii8), []);
  assert.is(parts('Content-Type: text/plain; charset*=utf-8\'\'utf-8\n\n=C3=A9\n')[0].text, '=C3=A9\n');
});

test('§6.1 no or unknown charset: UTF-8, then windows-1252, then latin-1', () => {
  const body = (bytes: number[], ct = 'text/plain; charset="none"') =>
    parts(Buffer.concat([Buffer.from(`Content-Type: ${ct}\n\n`), Buffer.from(bytes)]))[0].text;
  assert.is(body([0xc3, 0xa9]), 'é');
  assert.is(body([0x80, 0xe9]), '€é');
  assert.is(body([0x81, 0xe9]), '\x81é');
  assert.is(body([0xe9], 'text/plain; charset="u\0\0\0d"'), 'é');
  assert.is(body([0xe9], 'text/plain'), 'é');
});

test('§6.2 inline diff: diff split from the comment, bytes exact', () => {
  assert.equal(extractPatch([{ subtype: 'plain', text: 'Fix it.\n\nSigned-off-by: A <a@x.com>\n---\n' + DIFF }]), {
    diff: DIFF,
    content: 'Fix it.\n\nSigned-off-by: A <a@x.com>\n---',
  });
});

test('§6.2 an x-patch attachment wins over an inline diff, which is lost', () => {
  const r = extractPatch([
    { subtype: 'plain', text: 'msg\n' + DIFF },
    { subtype: 'x-patch', text: 'From abc\nSubject: x\n\n' + DIFF },
  ]);
  assert.equal(r, { diff: 'From abc\nSubject: x\n\n' + DIFF, content: 'msg' });
});

test('§6.2 a plain part after an x-diff attachment is comment text, diff included', () => {
  const r = extractPatch([{ subtype: 'x-diff', text: DIFF }, { subtype: 'plain', text: 'note\n' + DIFF }]);
  assert.equal(r, { diff: DIFF, content: 'note\n' + DIFF.trimEnd() });
});

test('§6.2 HTML never leaks in; no text at all gives an empty comment and no diff', () => {
  assert.equal(extractPatch([{ subtype: 'plain', text: 'hi\n' }, { subtype: 'html', text: '<div>hi</div>' }]), { diff: null, content: 'hi' });
  assert.equal(extractPatch([]), { diff: null, content: '' });
});

test('§6.2 NULs are removed from diff and content', () => {
  assert.equal(extractPatch([{ subtype: 'plain', text: 'a\0b\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-\0\n+x\n' }]), {
    diff: '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-\n+x\n',
    content: 'ab',
  });
});

test('§6.3 comment extractor: plain parts only, no diff split', () => {
  assert.is(extractComment([{ subtype: 'plain', text: '> quoted\nreply\n' + DIFF }, { subtype: 'html', text: '<div>' }, { subtype: 'plain', text: '' }]), '> quoted\nreply\n' + DIFF.trimEnd());
});

const SIGNATURES: [string, string][] = [
  ['Test comment\nmore comment\n-- \nsig\n', 'Test comment\nmore comment'],
  ['text\n____\nLinuxppc-dev mailing list\n', 'text'],
  ['text\n--\nnot a sig\n', 'text\n--\nnot a sig'],
  ['text\n_x\nnot a footer\n', 'text\n_x\nnot a footer'],
  ['text\n-- ', 'text\n--'],
  ['  \n\x1ctext\n\x85', 'text'],
  ['text\n\0', 'text\n'],
  // Lines end at \n only (Python's re.M), not at a lone CR or U+2028.
  ['text\r-- \nsig\n', 'text\r-- \nsig'],
  ['text\u2028____\nfooter\n', 'text\u2028____\nfooter'],
  ['-- \nonly sig', ''],
];
for (const [text, stripped] of SIGNATURES) {
  test(`§6.4 ${JSON.stringify(text)}`, () => assert.is(stripSignature(text), stripped));
}

test('§6.4 a Mailman footer, before or after the diff: content cut at the underscores, diff still found', () => {
  const footer = '_______________\nLinuxppc-dev mailing list\n';
  assert.equal(extractPatch([{ subtype: 'plain', text: 'msg\n' + footer + DIFF }]), { diff: DIFF, content: 'msg' });
  assert.equal(extractPatch([{ subtype: 'plain', text: 'msg\n' + DIFF + footer }]), { diff: DIFF, content: 'msg' });
});

test.run();
