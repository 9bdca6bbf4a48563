// §4.5: splitting From into (name, email), address validation, and DMARC
// un-munging for mail a list re-sent under its own address.
import { isPySpace, PY_WORD, pyStrip } from './pytext.ts';
import { INVALID_FROM, MalformedMailError, type Author } from './types.ts';

/** The table of §4.5: the first form that matches the start of the value wins.
 * The forms are, as regular expressions (JavaScript's `.`, Python's `\s`):
 *   1. `^"?(.*?)"?\s*<([^>]+)>`            name, email
 *   2. `^(.*?)\sat\s(.*?)\s*\(([^)]+)\)`  email user, email domain, name
 *   3. `^"?(.*?)"?\s*\(([^)]+)\)`          email, name
 * They are matched here by hand with the same leftmost, shortest-group
 * results, because a backtracking engine runs them in time quadratic or worse
 * in the header (`x at ` repeated: a 200 kB From took 25 s). Each form is one
 * pass over the value with O(1) work per position. */
export function splitAddress(value: string): { name: string | null; email: string } {
  const scan = new AddressScan(value);
  const angle = scan.quotedThenBracket('<', '>');
  if (angle) return { name: angle[0], email: angle[1] };
  const at = scan.userAtDomain();
  if (at) return { name: at[2], email: `${at[0]}@${at[1]}` };
  const paren = scan.quotedThenBracket('(', ')');
  if (paren) return { name: paren[1], email: paren[0] };
  return { name: null, email: value };
}

/** Ends a `.` run: JavaScript's `.` without the s flag stops at these. */
function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

class AddressScan {
  private readonly s: string;
  /** blankEnd[i]: the first index >= i that is not Python whitespace. */
  private readonly blankEnd: Int32Array;

  constructor(s: string) {
    this.s = s;
    this.blankEnd = new Int32Array(s.length + 1);
    this.blankEnd[s.length] = s.length;
    for (let i = s.length - 1; i >= 0; i--) this.blankEnd[i] = isPySpace(s[i]) ? this.blankEnd[i + 1] : i;
  }

  /** Where `\s*` then `open[^close]+close` matches from i: the index of `open`, or -1. */
  private bracketAt(i: number, open: string, closeChar: string, lastClose: number): number {
    const k = this.blankEnd[i];
    const s = this.s;
    return s[k] === open && k + 1 < s.length && s[k + 1] !== closeChar && lastClose >= k + 2 ? k : -1;
  }

  private inside(k: number, closeChar: string): string {
    return this.s.slice(k + 1, this.s.indexOf(closeChar, k + 1));
  }

  /** Forms 1 and 3: `^"?(.*?)"?\s*` then the bracketed group; [group 1, bracketed]. */
  quotedThenBracket(open: string, closeChar: string): [string, string] | null {
    const s = this.s;
    const lastClose = s.lastIndexOf(closeChar);
    if (lastClose < 0) return null;
    for (const start of s[0] === '"' ? [1, 0] : [0]) {
      for (let e = start; e <= s.length; e++) {
        const k = this.bracketAt(s[e] === '"' ? e + 1 : e, open, closeChar, lastClose);
        if (k >= 0) return [s.slice(start, e), this.inside(k, closeChar)];
        if (e === s.length || isLineTerminator(s.charCodeAt(e))) break;
      }
    }
    return null;
  }

  /** Form 2; [user, domain, name]. */
  userAtDomain(): [string, string, string] | null {
    const s = this.s;
    const n = s.length;
    const lastClose = s.lastIndexOf(')');
    if (lastClose < 0) return null;
    // nearest[p]: the shortest end >= p of a `.*?` group starting at p that `\s*\(...\)` follows, or -1.
    const nearest = new Int32Array(n + 1);
    nearest[n] = -1;
    for (let p = n - 1; p >= 0; p--) {
      if (this.bracketAt(p, '(', ')', lastClose) >= 0) nearest[p] = p;
      else nearest[p] = isLineTerminator(s.charCodeAt(p)) ? -1 : nearest[p + 1];
    }
    for (let e = 0; e + 4 <= n; e++) {
      if (isPySpace(s[e]) && s[e + 1] === 'a' && s[e + 2] === 't' && isPySpace(s[e + 3]) && nearest[e + 4] >= 0) {
        const end = nearest[e + 4];
        return [s.slice(0, e), s.slice(e + 4, end), this.inside(this.bracketAt(end, '(', ')', lastClose), ')')];
      }
      if (isLineTerminator(s.charCodeAt(e))) break;
    }
    return null;
  }
}

const ATOM = `[${PY_WORD}!#$%&"*+/=?^\`{|}~-]+`;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+${LABEL}$`, 'u');

export function isValidAddress(email: string): boolean {
  return ADDRESS.test(email);
}

/** (name, email) as upstream's parse of a cleaned From, with a null email when the address is invalid. */
export interface ParsedFrom {
  name: string | null;
  email: string | null;
}

export function parseFrom(cleaned: string): ParsedFrom {
  const { name, email } = splitAddress(cleaned);
  const trimmed = pyStrip(email);
  return { name: name === null ? null : pyStrip(name), email: isValidAddress(trimmed) ? trimmed : null };
}

/** DMARC un-munging inputs: cleaned X-Original-From, Reply-To and Cc values. */
export interface DmarcHeaders {
  xOriginalFrom: string | null;
  replyTo: string[];
  cc: string[];
}

function strippedName(name: string | null): string | null {
  if (name === null) return null;
  let base: string | null = null;
  const via = name.lastIndexOf(' via ');
  if (via >= 0) base = name.slice(0, via);
  else if (name.endsWith(' via')) base = name.slice(0, -4);
  if (base === null) return null;
  return pyStrip(base).replace(/^'+|'+$/g, '');
}

/** A name that strips to nothing stays '' (as upstream stores `<a@b>` or
 * `"" <a@b>`); only a From with no name part at all gives null. */
function limit(name: string | null): string | null {
  return name === null ? null : pyStrip(name).slice(0, 255);
}

/** §4.5 submitter from a parsed From (parseFrom; an empty From has no email).
 * Throws INVALID_FROM for an empty From or an invalid address. When the
 * address is the list's own (`listEmail`), the real author is recovered from
 * X-Original-From, Reply-To or Cc; where upstream crashes (no name,
 * unparsable X-Original-From) the list identity is kept. */
export function resolveAuthor(parsed: ParsedFrom, listEmail: string | null | undefined, dmarc: DmarcHeaders): Author {
  if (parsed.email === null) throw new MalformedMailError(INVALID_FROM);
  const author: Author = { name: limit(parsed.name), email: parsed.email.slice(0, 255) };
  if (!listEmail || author.email.toLowerCase() !== listEmail.toLowerCase()) return author;
  const name = strippedName(parsed.name);
  if (dmarc.xOriginalFrom) {
    const original = pyStrip(splitAddress(dmarc.xOriginalFrom).email);
    return isValidAddress(original) ? { name: limit(name), email: original.slice(0, 255) } : author;
  }
  if (name === null && parsed.name === null) return author;
  for (const value of [...dmarc.replyTo, ...dmarc.cc]) {
    for (const piece of value.split(',')) {
      const candidate = splitAddress(piece);
      const candidateName = candidate.name === null ? null : pyStrip(candidate.name);
      if (candidateName === name) {
        const email = pyStrip(candidate.email);
        if (isValidAddress(email)) return { name: limit(name), email: email.slice(0, 255) };
      }
    }
  }
  return author;
}
