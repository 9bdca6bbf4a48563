// §10: patch hash, bit-identical to upstream's hasher (used by git hooks to
// match commits to patches, so the canonical form must not drift).
import { createHash } from 'node:crypto';
import { PY_NON_SPACE, pyStrip } from './pytext.ts';
import { HUNK_HEADER } from './diff.ts';

const FILE_LINE = new RegExp(`^(---|\\+\\+\\+) (${PY_NON_SPACE}+)`);

export function hashDiff(diff: string): string {
  const kept: string[] = [];
  const text = pyStrip(diff.replace(/\r/g, '')) + '\n';
  for (let line of text.split('\n')) {
    if (line === '') continue;
    const file = FILE_LINE.exec(line);
    if (file) {
      const rest = file[2].split('/').slice(1).join('/');
      line = `${file[1]} ${file[1] === '---' ? 'a/' : 'b/'}${rest}`;
    } else {
      const hunk = HUNK_HEADER.exec(line);
      if (hunk) {
        const n = (g: string | undefined) => (g === undefined ? '1' : BigInt(g).toString());
        line = `@@ -${n(hunk[1])} +${n(hunk[2])} @@`;
      } else if (line[0] !== '-' && line[0] !== '+' && line[0] !== ' ') {
        continue;
      }
    }
    kept.push(line + '\n');
  }
  return createHash('sha1').update(kept.join(''), 'utf8').digest('hex');
}
