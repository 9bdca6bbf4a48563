// Header.encode() of a value that is one us-ascii chunk, the case of most
// stored headers that need folding (Received, DKIM-Signature, ARC-*, long
// Cc lines). It gives what the general formatter of header-encode.ts gives
// for such a value (a test compares the two), without building that
// formatter's (whitespace, word) string pairs and joining them again
// (docs/PERFORMANCE.md, "Ingestion").
//
// The formatter's parts, as Python's re.split on `([ \t]+)` pairs them, are
// a run of blanks and the word after it. A line can break only where a part
// starts, that is where a run of blanks follows a word, and the output lines
// are ranges of the value, so positions are all this needs; indexOf and
// lastIndexOf find them faster than a loop over the characters of a value
// that is a slice of a larger text.
import { isBlank, isPySpace } from './pytext.ts';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;

/** Python's str.splitlines() breaks, within ASCII. */
const isBreak = (c: number) => (c >= LF && c <= CR) || (c >= 0x1c && c <= 0x1e);
// eslint-disable-next-line no-control-regex
const OTHER_BREAKS = /[\v\f\r\x1c-\x1e]/;

function onlySpaces(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isPySpace(s[i])) return false;
  return true;
}

/** Where the line being built may break, the rightmost place of each kind
 * (-1: none). A part starts where blanks follow a word; the formatter
 * breaks before the last part that follows a word ending in `;`, else in
 * `,`, else before the last part whose blanks start with a space, else
 * with a tab. Kept up to date as parts are added, so that finding a break
 * costs nothing however long the line or the value. */
class Breaks {
  semicolon = -1;
  comma = -1;
  space = -1;
  tab = -1;

  /** A part starting at `p` that is not the line's first. */
  add(value: string, p: number): void {
    const before = value.charCodeAt(p - 1);
    if (before === SEMICOLON) this.semicolon = p;
    else if (before === COMMA) this.comma = p;
    if (value.charCodeAt(p) === SPACE) this.space = p;
    else this.tab = p;
  }

  best(): number {
    return this.semicolon >= 0 ? this.semicolon : this.comma >= 0 ? this.comma : this.space >= 0 ? this.space : this.tab;
  }

  /** The line now starts at `from`: places at or before it are gone. */
  cut(from: number): void {
    if (this.semicolon <= from) this.semicolon = -1;
    if (this.comma <= from) this.comma = -1;
    if (this.space <= from) this.space = -1;
    if (this.tab <= from) this.tab = -1;
  }
}

const found = (index: number) => (index < 0 ? Infinity : index);

/** The ASCII value folded to `maxLength` columns, the header's name and
 * `: ` (`headerLength` characters) taken off the first line; null when a
 * line would look like another header, which Python refuses. */
export function foldAscii(value: string, headerLength: number, maxLength = 78): string | null {
  const n = value.length;
  if (n === 0) return '';
  const out: string[] = [];
  // Columns taken before the line's parts: the header name, on the first
  // line until it is first broken.
  let initial = headerLength;
  let multiline = false;
  // Line breaks other than LF are rare in a stored value: without them,
  // lines are found with indexOf rather than character by character.
  const lfOnly = !OTHER_BREAKS.test(value);
  let space = -1;
  let tab = -1;
  for (let at = 0; at < n; ) {
    let eol = lfOnly ? value.indexOf('\n', at) : at;
    if (eol < 0) eol = n;
    else if (!lfOnly) while (eol < n && !isBreak(value.charCodeAt(eol))) eol++;
    const next = eol < n && value.charCodeAt(eol) === CR && value.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1;
    multiline ||= next < n;
    // The output line is value[from, to); `spaced` puts a space before it
    // (a word moved off the first line, which had no blanks before it).
    let from = at;
    let to = eol;
    let spaced = false;
    const breaks = new Breaks();
    // A line that fits is not broken: only its end needs looking at.
    for (let i = initial + eol - at <= maxLength ? eol : at; i < eol; ) {
      const part = i;
      while (i < eol && isBlank(value.charCodeAt(i))) i++;
      const word = i;
      // The word ends at the next blank, found by indexOf and remembered
      // until passed (tabs are rare: most values are searched for one once).
      if (space < i) space = found(value.indexOf(' ', i));
      if (tab < i) tab = found(value.indexOf('\t', i));
      i = Math.min(space, tab, eol);
      to = i;
      if (part > from) breaks.add(value, part);
      if (initial + (spaced ? 1 : 0) + to - from <= maxLength) continue;
      const cut = breaks.best();
      if (cut >= 0) {
        out.push((spaced ? ' ' : '') + value.slice(from, cut));
        from = cut;
        breaks.cut(from);
        spaced = false;
        initial = 0;
      } else if (initial > 0) {
        // The one part leaves the first line, which keeps the name alone.
        out.push('');
        initial = 0;
        spaced = word === part;
        from = spaced ? word : part;
      }
    }
    // The line ends; the formatter drops a last part that is a lone space
    // (for a value of one line, its own empty part is dropped instead).
    if (multiline) {
      if (to > from && value.charCodeAt(to - 1) === SPACE && (to - 1 === from || !isBlank(value.charCodeAt(to - 2)))) to--;
    }
    if (initial + (spaced ? 1 : 0) + to - from > 0) {
      const line = (spaced ? ' ' : '') + value.slice(from, to);
      if (initial === 0 && out.length && onlySpaces(line)) out[out.length - 1] += line;
      else out.push(line);
    }
    initial = 0;
    at = next;
  }
  const folded = out.join('\n');
  // A line that starts with neither a space nor a tab could begin another header.
  for (let i = 1; i < out.length; i++) {
    const c = out[i].charCodeAt(0);
    if (c !== SPACE && c !== TAB) return /\n[^ \t]+:/.test(folded) ? null : folded;
  }
  return folded;
}
