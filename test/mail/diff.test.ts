import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitDiff } from '../../src/mail/diff.ts';

const HUNK = '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n';
const GIT = 'diff --git a/f b/f\nindex 1234567..89abcde 100644\n' + HUNK;

// docs/ingest.md §6.5 consequences: [case, body, diff, comment].
const CASES: [string, string, string | null, string | null][] = [
  ['prose only', 'hello\nworld\n', null, 'hello\nworld\n\n'],
  ['empty text', '', null, '\n'],
  ['words starting with diff are not headers', 'difficult\nDifferent\n', null, 'difficult\nDifferent\n\n'],
  ['a lone --- line stays in the comment', 'a\n--- not a diff\nb\n', null, 'a\n--- not a diff\nb\n\n'],
  ['git diff after a message', 'msg\n---\n f | 2 +-\n\n' + GIT, GIT, 'msg\n---\n f | 2 +-\n\n\n'],
  ['bare unified diff, trailing text returns to the comment', 'text\n' + HUNK + 'trailing text\n', HUNK, 'text\ntrailing text\n\n'],
  ['signature after the last hunk goes to the comment', GIT + '-- \n2.30.0\n', GIT, '-- \n2.30.0\n\n'],
  ['missing count means 1; zero stays zero', 'x\n--- /dev/null\n+++ b/n\n@@ -0,0 +1,2 @@\n+1\n+2\ntail\n', '--- /dev/null\n+++ b/n\n@@ -0,0 +1,2 @@\n+1\n+2\n', 'x\ntail\n\n'],
  ['empty lines inside a hunk count as context', '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n', '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n', '\n'],
  ['two files', GIT + 'diff --git a/g b/g\n--- a/g\n+++ b/g\n@@ -1 +1 @@\n-c\n+d\n', GIT + 'diff --git a/g b/g\n--- a/g\n+++ b/g\n@@ -1 +1 @@\n-c\n+d\n', '\n'],
  ['CVS diff starts at Index', 'msg\nIndex: f.c\n===\nRCS file: /cvs/f.c,v\nretrieving revision 1.1\ndiff -u -r1.1 f.c\n' + HUNK,
    'Index: f.c\n===\nRCS file: /cvs/f.c,v\nretrieving revision 1.1\ndiff -u -r1.1 f.c\n' + HUNK, 'msg\n\n'],
  ['rename without content', 'm\ndiff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n',
    'diff --git a/x b/y\nsimilarity index 100%\nrename from x\nrename to y\n', 'm\n\n'],
  ['mode change', 'm\ndiff --git a/s.sh b/s.sh\nold mode 100644\nnew mode 100755\n', 'diff --git a/s.sh b/s.sh\nold mode 100644\nnew mode 100755\n', 'm\n\n'],
  ['empty new file', 'm\ndiff --git a/banana b/banana\nnew file mode 100644\nindex 0000000..e69de29\n',
    'diff --git a/banana b/banana\nnew file mode 100644\nindex 0000000..e69de29\n', 'm\n\n'],
  ['one extended line then "Binary files differ" is not a diff', 'm\ndiff --git a/x b/x\nindex 1..2 100644\nBinary files a/x and b/x differ\n',
    null, 'm\ndiff --git a/x b/x\nindex 1..2 100644\nBinary files a/x and b/x differ\n\n'],
  ['no newline markers stay in the diff', '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n',
    '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n', '\n'],
  ['an update section before the diff stays in the comment', 'Test comment\nmore comment\n---\nUpdate: test update\n' + GIT,
    GIT, 'Test comment\nmore comment\n---\nUpdate: test update\n\n'],
  ['CRs are kept', 'm\r\n--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n', '--- a/f\r\n+++ b/f\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n', 'm\r\n\n'],
  ['whitespace inside the diff survives', '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n \n-a \t\n+b  \n', '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n \n-a \t\n+b  \n', '\n'],
  ['a body without a final newline', 'm\n' + HUNK.slice(0, -1), HUNK, 'm\n'],
];

for (const [name, body, diff, comment] of CASES) {
  test(`§6.5 ${name}`, () => assert.equal(splitDiff(body), { diff, comment }));
}

test('§6.5 binary patch: lines up to the next diff line, signature included when last', () => {
  const bin = 'diff --git a/p.bmp b/p.bmp\nnew file mode 100644\nindex 0000000..1111111\nGIT binary patch\nliteral 142\nzcmV\n\nliteral 0\nHcmV?d00001\n\n';
  const { diff, comment } = splitDiff('m\n---\n' + bin + '-- \n2.35.3\n\n');
  assert.is(diff, bin + '-- \n2.35.3\n\n\n');
  assert.is(comment, 'm\n---\n');
});

test('§6.5 after a binary block the next file header is held and its mode lines go to the comment', () => {
  const bin = 'diff --git p.bmp p.bmp\nnew file mode 100644\nindex 0000000..1111111\nGIT binary patch\nliteral 1\nx\n\n';
  const text = 'diff --git quit.sh quit.sh\nnew file mode 100755\nindex 0000000..2222222\n--- /dev/null\n+++ quit.sh\n@@ -0,0 +1 @@\n+exit\n';
  const { diff, comment } = splitDiff('m\n' + bin + text);
  assert.is(diff, bin + 'diff --git quit.sh quit.sh\n--- /dev/null\n+++ quit.sh\n@@ -0,0 +1 @@\n+exit\n');
  assert.is(comment, 'm\nnew file mode 100755\nindex 0000000..2222222\n\n');
});

test('§6.5 a diff line with no diff following holds everything after it for the comment', () => {
  assert.equal(splitDiff('a\ndiff this\nb\nc'), { diff: null, comment: 'a\ndiff this\nb\nc\n' });
});

test.run();
