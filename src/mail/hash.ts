// §10: patch hash, bit-identical to upstream's hasher (used by git hooks to
// match commits to patches, so the canonical form must not drift).
import { createHash } from 'node:crypto';
import { PY_NON_SPACE, pyStrip } from './pytext.ts';
import { HUNK_HEADER } from './diff.ts';

const FILE_LINE = new RegExp(`^(---|\\+\\+\\+) (${PY_NON_SPACE}+)`);
const [PLUS, MINUS, AT, SPACE] = [0x2b, 0x2d, 0x40, 0x20];

/** The hash of a diff: its file, hunk and change lines in canonical form
 * (file names without their first directory, hunk headers with their
 * counts only), SHA-1 over them. Lines are found by position and runs of
 * lines kept as they are copied whole; the patterns are tried only on lines
 * that start as they must. Most lines are changes and context. */
export function hashDiff(diff: string): string {
  const text = pyStrip(diff.replace(/\r/g, '')) + '\n';
  const parts: string[] = [];
  // Start of the run of lines kept as they are, -1 when there is none.
  let run = -1;
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at) + 1;
    const first = text.charCodeAt(at);
    let line: string | null = null;
    if (first === PLUS || first === MINUS) {
      if (text.startsWith('---', at) || text.startsWith('+++', at)) {
        const file = FILE_LINE.exec(text.slice(at, end - 1));
        if (file) line = `${file[1]} ${file[1] === '---' ? 'a/' : 'b/'}${file[2].split('/').slice(1).join('/')}\n`;
      }
    } else if (first === AT) {
      const hunk = HUNK_HEADER.exec(text.slice(at, end - 1));
      const n = (g: string | undefined) => (g === undefined ? '1' : BigInt(g).toString());
      line = hunk ? `@@ -${n(hunk[1])} +${n(hunk[2])} @@\n` : '';
    } else if (first !== SPACE) {
      line = '';
    }
    if (line === null) {
      if (run < 0) run = at;
    } else {
      if (run >= 0) parts.push(text.slice(run, at));
      run = -1;
      parts.push(line);
    }
    at = end;
  }
  if (run >= 0) parts.push(text.slice(run));
  return createHash('sha1').update(parts.join(''), 'utf8').digest('hex');
}
