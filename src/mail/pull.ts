// §6.7: pull request URL in a comment text. Upstream uses one regex:
//   ^The following changes since commit.*
//   ^are available in the git repository at:\s*\n
//   ^\s*([\w+-]+(?:://|@)[\w/.@:~-]+[\s\\]*[\w/._-]*)\s*$
// (dot matches newline, case-insensitive, multi-line). Its URL part
// backtracks quadratically on a long unterminated run, so the same match is
// computed here by scanning: the first "following changes" line, then the
// last "are available" line after it whose URL part matches.
import { isPySpace, normaliseSpace } from './pytext.ts';

const HEAD = /(?:^|\n)The following changes since commit/i;
const AVAILABLE = /\nare available in the git repository at:/gi;

const isScheme = (ch: string) => /[\p{L}\p{N}_+-]/u.test(ch);
const isA = (ch: string) => /[\p{L}\p{N}_/.@:~-]/u.test(ch);
const isB = (ch: string) => ch === '\\' || isPySpace(ch);
const isC = (ch: string) => /[\p{L}\p{N}_/.-]/u.test(ch);

/** The repository (and ref) of a `git request-pull` message, whitespace
 * runs as one space, cut to 255 characters; null when there is none. */
export function findPullUrl(text: string): string | null {
  const head = HEAD.exec(text);
  if (!head) return null;
  const starts: number[] = [];
  AVAILABLE.lastIndex = head.index + head[0].length;
  for (let m = AVAILABLE.exec(text); m; m = AVAILABLE.exec(text)) starts.push(m.index + m[0].length);
  for (let i = starts.length - 1; i >= 0; i--) {
    const url = urlAt(text, starts[i]);
    if (url !== null) return normaliseSpace(url).slice(0, 255);
  }
  return null;
}

/** `\s*\n^\s*(URL)\s*$` anchored at p, with the regex's greedy choices. */
function urlAt(text: string, p: number): string | null {
  let k = p;
  let newline = false;
  for (; k < text.length && isPySpace(text[k]); k++) if (text[k] === '\n') newline = true;
  if (!newline) return null;
  const u = k;
  let r = u;
  while (r < text.length && isScheme(text[r])) r++;
  if (r === u) return null;
  let a: number;
  if (text.startsWith('://', r)) a = r + 3;
  else if (text[r] === '@') a = r + 1;
  else return null;
  let e = a;
  while (e < text.length && isA(text[e])) e++;
  if (e === a) return null;
  let b = e;
  while (b < text.length && isB(text[b])) b++;
  // Longest B first, with C as long as it goes; then shorter B, where C is empty.
  let c = b;
  while (c < text.length && isC(text[c])) c++;
  if (endsLine(text, c)) return text.slice(u, c);
  let lineEndAhead = b === text.length;
  for (let q = b - 1; q >= e; q--) {
    lineEndAhead = isPySpace(text[q]) && (text[q] === '\n' || lineEndAhead);
    if (lineEndAhead) return text.slice(u, q);
  }
  return e === text.length ? text.slice(u, e) : null;
}

/** `\s*$` at i: the whitespace run from i reaches the end or holds a newline. */
function endsLine(text: string, i: number): boolean {
  for (; i < text.length; i++) {
    if (text[i] === '\n') return true;
    if (!isPySpace(text[i])) return false;
  }
  return true;
}
