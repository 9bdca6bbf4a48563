// Upstream is Python: its str.strip(), str.isspace() and re's \s use Unicode
// whitespace, which differs from JavaScript's (Python includes \x1c-\x1f and
// \x85, and excludes the BOM). Results that must match upstream use these.

const WS = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Python's `\s` as a character class body, for building regexes. */
export const PY_SPACE = `[${WS}]`;
export const PY_NON_SPACE = `[^${WS}]`;

const runs = new RegExp(`[${WS}]+`, 'g');

function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** Python's str.strip(). A loop, because a /\s+$/ regex rescans every
 * whitespace run of a large body from each of its positions. */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpaceCode(s.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Python's str.rstrip(). */
export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isSpaceCode(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** A space or a tab, by character code: the blanks that header folding
 * splits values at (Python's `[ \t]+`). */
export const isBlank = (c: number) => c === 0x20 || c === 0x09;

/** Python's str.isspace() for one character. */
export function isPySpace(ch: string): boolean {
  return ch.length === 1 && isSpaceCode(ch.charCodeAt(0));
}

/** Every run of whitespace becomes one space, ends trimmed (upstream's normalise_space). */
export function normaliseSpace(s: string): string {
  return pyStrip(s.replace(runs, ' '));
}

/** Python's `\w` (Unicode letters, digits, underscore) as a class body for `u` regexes. */
export const PY_WORD = '\\p{L}\\p{N}_';

/** Python's str.lstrip(). */
export function pyLstrip(s: string): string {
  let start = 0;
  while (start < s.length && isSpaceCode(s.charCodeAt(start))) start++;
  return start === 0 ? s : s.slice(start);
}

const LINE_BREAKS = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Python's str.splitlines(): no empty last line for a final line break. */
export function pySplitlines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split(LINE_BREAKS);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
