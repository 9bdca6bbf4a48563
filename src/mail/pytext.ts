// Upstream is Python: its str.strip(), str.isspace() and re's \s use Unicode
// whitespace, which differs from JavaScript's (Python includes \x1c-\x1f and
// \x85, and excludes the BOM). Results that must match upstream use these.

const WS = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Python's `\s` as a character class body, for building regexes. */
export const PY_SPACE = `[${WS}]`;
export const PY_NON_SPACE = `[^${WS}]`;

const leading = new RegExp(`^[${WS}]+`);
const trailing = new RegExp(`[${WS}]+$`);
const runs = new RegExp(`[${WS}]+`, 'g');
const single = new RegExp(`^[${WS}]$`);

/** Python's str.strip(). */
export function pyStrip(s: string): string {
  return s.replace(leading, '').replace(trailing, '');
}

/** Python's str.isspace() for one character. */
export function isPySpace(ch: string): boolean {
  return single.test(ch);
}

/** Every run of whitespace becomes one space, ends trimmed (upstream's normalise_space). */
export function normaliseSpace(s: string): string {
  return pyStrip(s.replace(runs, ' '));
}

/** Python's `\w` (Unicode letters, digits, underscore) as a class body for `u` regexes. */
export const PY_WORD = '\\p{L}\\p{N}_';
