// Hostile mails (issue: per-mail cost linear in the mail). Each input is sized
// so that the quadratic code it replaced ran for tens of seconds (the suite
// would stall); the assertions are on the results, never on time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitAddress } from '../../src/mail/from.ts';
import { reencodeHeader } from '../../src/mail/header-encode.ts';
import { findRefs, splitMessage } from '../../src/mail/headers.ts';
import { parseMail } from '../../src/mail/parse.ts';
import { PY_SPACE as S } from '../../src/mail/pytext.ts';

const mail = (headers: string, body = 'body\n') =>
  parseMail(Buffer.from(`From: Jane <jane@example.com>\nSubject: Re: x\nMessage-Id: <m@example.com>\n${headers}\n\n${body}`, 'latin1'));

test('References: 200,000 ids (quadratic: minutes) are all kept, newest first, repeats dropped', () => {
  const ids = Array.from({ length: 200_000 }, (_, i) => `<id${i}@example.com>`);
  const refs = mail(`In-Reply-To: <id199999@example.com>\nReferences: ${ids.join(' ')} ${ids.slice(0, 100).join(' ')}`).refs;
  assert.is(refs.length, 200_000);
  assert.is(refs[0], '<id199999@example.com>');
  assert.is(refs[1], '<id99@example.com>');
  assert.is(refs[refs.length - 1], '<id100@example.com>');
});

test('Message-Id and In-Reply-To of 200,000 unclosed "<" fall back to the stripped value', () => {
  const lt = '<'.repeat(200_000);
  const parsed = mail(`In-Reply-To: ${lt}x>`.replace('Message-Id', 'X'));
  assert.is(parsed.refs.length, 1);
  assert.is(parsed.refs[0], lt.slice(0, 255));
  const headers = splitMessage(`References: ${lt}\n\n`).headers;
  assert.equal(findRefs(headers), []);
});

test('From: "x at " × 200,000 (backtracking: minutes) is one unparsable address, not a stall', () => {
  const parsed = parseMail(Buffer.from(`From: ${'x at '.repeat(200_000)}\nSubject: x\nMessage-Id: <m@x>\n\nb\n`, 'latin1'));
  assert.equal(parsed.from, { name: null, email: null });
});

test('From: a 200 kB name still yields its address', () => {
  const name = 'x at y '.repeat(30_000);
  const angle = splitAddress(`${name}<jane@example.com>`);
  assert.is(angle.email, 'jane@example.com');
  assert.ok(angle.name === name.trimEnd(), 'name kept whole');
  const at = splitAddress(`${'a at '.repeat(30_000)}b (Jane)`);
  assert.is(at.name, 'Jane');
  assert.ok(at.email === `a@${'a at '.repeat(29_999)}b`, 'user at the first " at ", domain up to the comment');
});

// The three forms of docs/ingest.md §4.5 as regular expressions: the reference the
// hand-written matcher must agree with on every short value.
const FORMS: [RegExp, (g: string[]) => { name: string | null; email: string }][] = [
  [new RegExp(`^"?(.*?)"?${S}*<([^>]+)>`), (g) => ({ name: g[1], email: g[2] })],
  [new RegExp(`^(.*?)${S}at${S}(.*?)${S}*\\(([^)]+)\\)`), (g) => ({ name: g[3], email: `${g[1]}@${g[2]}` })],
  [new RegExp(`^"?(.*?)"?${S}*\\(([^)]+)\\)`), (g) => ({ name: g[2], email: g[1] })],
];
function byTable(value: string) {
  for (const [re, pick] of FORMS) {
    const m = re.exec(value);
    if (m) return pick(m);
  }
  return { name: null, email: value };
}

test('From forms: the linear matcher agrees with the §4.5 patterns on 100,000 short values', () => {
  const alphabet = ['"', ' ', '\t', '\n', '\r', '<', '>', '(', ')', 'a', 't', 'x', ' at ', '\x1c', '\u2028'];
  let seed = 1;
  const next = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) >>> 16) % n;
  for (let i = 0; i < 100_000; i++) {
    let value = '';
    for (let j = next(14); j > 0; j--) value += alphabet[next(alphabet.length)];
    assert.equal(splitAddress(value), byTable(value), JSON.stringify(value));
  }
});

test('a 100 kB MIME boundary splits the parts instead of failing', () => {
  const b = 'b'.repeat(100_000);
  const parsed = parseMail(
    Buffer.from(
      `From: a <a@b.com>\nSubject: [PATCH] x\nMessage-Id: <m@x>\nContent-Type: multipart/mixed; boundary="${b}"\n\n` +
        `--${b}\nContent-Type: text/plain\n\nhello\n--${b}\nContent-Type: text/x-patch\n\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n--${b}--\n`,
      'latin1',
    ),
  );
  const body = parsed.body();
  assert.is(body.content, 'hello');
  assert.is(body.diff, '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b');
});

test('a boundary repeated on 20,000 lines is a linear scan', () => {
  const b = 'a'.repeat(500);
  const lines = `${'a'.repeat(499)}\n`.repeat(20_000);
  const parsed = parseMail(
    Buffer.from(`From: a <a@b.com>\nSubject: x\nMessage-Id: <m@x>\nContent-Type: multipart/mixed; boundary="${b}"\n\n--${b}\n\n${lines}--${b}--\n`, 'latin1'),
  );
  assert.is(parsed.body().content.length, lines.length - 1);
});

test('a boundary of dashes against lines of dashes (a search from each find: quadratic) splits in one pass', () => {
  const b = '-'.repeat(10_000);
  const lines = `x${'-'.repeat(1_999_999)}\n${'-'.repeat(2_000_000)}\n`;
  const parsed = parseMail(
    Buffer.from(`From: a <a@b.com>\nSubject: x\nMessage-Id: <m@x>\nContent-Type: multipart/mixed; boundary="${b}"\n\n--${b}\n\n${lines}--${b}--\n`, 'latin1'),
  );
  assert.is(parsed.body().content.length, lines.length - 1);
});

test('a stored header of 1,000,000 words (a search back through the value per line: minutes) folds to lines that fit', () => {
  const value = Array.from({ length: 1_000_000 }, (_, i) => (i % 7 === 3 ? 'a;' : 'ab')).join(' ');
  const folded = reencodeHeader('Received', value)!;
  const lines = folded.split('\n');
  assert.ok(lines.every((line, i) => line.length + (i === 0 ? 'Received: '.length : 0) <= 78));
  assert.is(folded.replace(/\n/g, ''), value, 'every break is before a space, nothing lost');
  // Breaks prefer a word ending in ';' when the line holds one.
  assert.ok(lines.slice(0, -1).every((line) => !line.slice(1).includes('; ') || line.endsWith(';')));
});

test('a 2 MB word then 100,000 short ones: the word gets a line of its own, the rest fold', () => {
  const word = 'x'.repeat(2_000_000);
  const folded = reencodeHeader('Received', `${word}${' a b c d e f g h i j'.repeat(10_000)}`)!;
  const lines = folded.split('\n');
  assert.is(lines[0], '');
  assert.is(lines[1], ` ${word}`);
  assert.ok(lines.slice(2).every((line) => line.length <= 78 && line.startsWith(' ')));
});

test.run();
