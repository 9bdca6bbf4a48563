import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashDiff } from '../../src/mail/hash.ts';

const EMPTY = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

// docs/ingest.md §10 vectors.
const VECTORS: [string, string, string][] = [
  ['empty diff', '', EMPTY],
  ['rename only', 'diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n', EMPTY],
  ['mode only', 'diff --git a/s b/s\nold mode 100644\nnew mode 100755\n', EMPTY],
  ['empty new file', 'diff --git a/banana b/banana\nnew file mode 100644\nindex 0000000..e69de29\n', EMPTY],
  ['add-line patch', 'diff --git a/meep.text b/meep.text\nindex 3d75d48..a57f4dd 100644\n--- a/meep.text\n+++ b/meep.text\n@@ -1,1 +1,2 @@\n meep\n+meep\n',
    'f59149b3310fb8f337b1cfc845c060ed6ef85df8'],
  ['UTF-8 patch', 'diff --git a/meep.text b/meep.text\nindex 3d75d48..a57f4dd 100644\n--- a/meep.text\n+++ b/meep.text\n@@ -1,1 +1,2 @@\n meep\n+meëp\n',
    '10b45755273a7d1cf3f245d7d4013a820bbaa1bc'],
  ['SAMPLE_DIFF', '--- /dev/null\t2011-01-01 00:00:00.000000000 +0800\n+++ a\t2011-01-01 00:00:00.000000000 +0800\n@@ -0,0 +1 @@\n+a\n',
    '1a97d1ddffe62b958b582f5d5fdde34ba8d4d2c6'],
  ['only a signature line', 'GIT binary patch\nliteral 0\nHcmV?d00001\n\n-- \n2.35.3\n\n\n', '28bbf89195af1c065a2ebbfbdfaf0ee9dfe8296e'],
];
for (const [name, diff, hash] of VECTORS) {
  test(`§10 ${name}`, () => assert.is(hashDiff(diff), hash));
}

test('§10 the hash is SHA-1 of the canonical text', () => {
  assert.is(sha1('--- a/meep.text\n+++ b/meep.text\n@@ -1 +2 @@\n meep\n+meep\n'), 'f59149b3310fb8f337b1cfc845c060ed6ef85df8');
});

test('§10 canonical form: CRs, line numbers, timestamps, first path component and noise lines do not matter', () => {
  const canonical = '--- a/x/f\n+++ b/x/f\n@@ -3 +4 @@\n-a\n+b\n';
  assert.is(hashDiff('diff --git a/x/f b/x/f\r\nindex 1..2\r\n--- a/x/f\r\n+++ b/x/f\r\n@@ -10,3 +20,4 @@ fn()\r\n-a\r\n+b\r\n'), sha1(canonical));
  assert.is(hashDiff('--- old/x/f\t2020\n+++ new/x/f 2021\n@@ -1,3 +1,4 @@\n-a\n\\ No newline at end of file\n+b\n'), sha1(canonical));
  assert.is(hashDiff('--- f\n+++ f\n@@ -1,0 +1,007 @@\n'), sha1('--- a/\n+++ b/\n@@ -0 +7 @@\n'));
});

test('§10 a removed line starting "-- " is read as a file line', () => {
  assert.is(hashDiff('--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n--- sig\n'), sha1('--- a/f\n+++ b/f\n@@ -1 +0 @@\n--- a/\n'));
});

test('§10 Python strip: \\x1c-\\x1f and \\x85 are whitespace, the BOM is not', () => {
  assert.is(hashDiff('\x1c\x85+a\n\x1f'), sha1('+a\n'));
  assert.is(hashDiff('\uFEFF+a\n'), EMPTY);
});

test.run();
