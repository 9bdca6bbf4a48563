// Header values written the way Python's email.header.Header.encode() writes
// them (docs/compatibility.md, "Stored headers"). Upstream stores every
// header decoded and encoded again with it, and its mbox downloads fold
// every header with it, so byte parity with upstream means doing exactly
// what that class does: the charset table, the choice of Q or B per line,
// how many characters fit in one encoded word, and where ASCII text folds.
// No npm library reproduces those choices, hence this module.
import { decodeStrict, encodeStrict } from './charset.ts';
import { decodeHeader } from './clean-header.ts';
import { encodeLines } from './encoded-words.ts';
import { foldAscii } from './fold-ascii.ts';
import { CharsetFailure, escapeBytes, type MailCharset, mailCharset, UNKNOWN, UNKNOWN_8BIT, US_ASCII, UTF_8 } from './mail-charset.ts';
import { isBlank, isPySpace, pyLstrip, pySplitlines } from './pytext.ts';

/** One run of text in one charset. Text in unknown-8bit keeps its raw bytes
 * 0x80-0xFF as U+DC80-U+DCFF, as Python's surrogateescape does, so they are
 * never taken for whitespace or line breaks. */
export interface Chunk {
  text: string;
  charset: MailCharset;
}

/** Header.append() of bytes (latin-1 string) in a charset. */
function appendBytes(chunks: Chunk[], bytes: string, charset: MailCharset): void {
  const codec = charset.inputCodec ?? 'us-ascii';
  let text: string;
  if (codec === 'us-ascii' && ASCII.test(bytes)) {
    chunks.push({ text: bytes, charset });
    return;
  }
  if (codec === UNKNOWN_8BIT) {
    text = escapeBytes(bytes);
  } else {
    // Python refuses a codec name holding a NUL before looking it up.
    const decoded = codec.includes('\0') ? null : decodeStrict(Buffer.from(bytes, 'latin1'), codec);
    if (decoded === null) throw new CharsetFailure(codec);
    text = decoded;
  }
  const output = charset.outputCodec ?? 'us-ascii';
  if (output !== UNKNOWN_8BIT && (output.includes('\0') || encodeStrict(text, output) === null)) {
    if (output !== 'us-ascii') throw new CharsetFailure(output);
    charset = UTF_8;
  }
  chunks.push({ text, charset });
}

/** make_header() over decode_header()'s (bytes, charset name or null)
 * pairs, with upstream's fallback: when any part fails its charset, every
 * part is taken as unknown-8bit. */
export function makeHeader(parts: readonly { text: string; charset: string | null }[]): Chunk[] {
  try {
    const chunks: Chunk[] = [];
    for (const p of parts) appendBytes(chunks, p.text, p.charset === null ? US_ASCII : mailCharset(p.charset));
    return normalise(chunks);
  } catch (e) {
    if (!(e instanceof CharsetFailure)) throw e;
    return normalise(parts.map((p) => ({ text: escapeBytes(p.text), charset: UNKNOWN })));
  }
}

/** Adjacent chunks of one charset become one, joined by a space. */
function normalise(chunks: Chunk[]): Chunk[] {
  const out: Chunk[] = [];
  for (const c of chunks) {
    const last = out[out.length - 1];
    if (last && last.charset.name === c.charset.name) last.text += ' ' + c.text;
    else out.push({ ...c });
  }
  return out;
}

export interface EncodeOptions {
  /** Its length plus `: ` is taken off the first line. */
  headerName?: string;
  /** Put before each continuation line of encoded words. */
  continuation?: string;
  maxLineLength?: number;
}

const SPLITCHARS = ';, \t';
const isAsciiCharset = (c: MailCharset | null) => c === null || c.name === 'us-ascii';
const nonCText = (ch: string) => isPySpace(ch) || ch === '(' || ch === ')' || ch === '\\';

/** Header.encode(): the chunks folded into lines joined by `\n`; null when
 * the result would hold what looks like another header (Python refuses). */
export function encodeChunks(chunks: readonly Chunk[], options: EncodeOptions = {}): string | null {
  const headerLength = options.headerName === undefined ? 0 : options.headerName.length + 2;
  const f = new Formatter(headerLength, options.maxLineLength ?? 78, options.continuation ?? ' ');
  let lastCharset: MailCharset | null = null;
  let lastSpace = false;
  chunks.forEach(({ text, charset }, i) => {
    if (i > 0) {
      const hasSpace = text !== '' && nonCText(text[0]);
      if (!isAsciiCharset(lastCharset)) {
        if (!hasSpace || !isAsciiCharset(charset)) f.transition();
      } else if (!isAsciiCharset(charset) && !lastSpace) {
        f.transition();
      }
    }
    lastSpace = text !== '' && nonCText(text[text.length - 1]);
    lastCharset = charset;
    const lines = pySplitlines(text);
    f.feed('', lines.length ? lines[0] : '', charset);
    for (const line of lines.slice(1)) {
      f.newline();
      const stripped = pyLstrip(line);
      if (charset.encoding !== null) f.feed(f.continuation, ' ' + stripped, charset);
      else f.feed(line.slice(0, line.length - stripped.length), stripped, charset);
    }
    if (lines.length > 1) f.newline();
  });
  if (chunks.length) f.transition();
  const value = f.finish();
  return /\n[^ \t]+:/.test(value) ? null : value;
}

type Part = [fws: string, text: string];

const isVisible = (c: number) => c >= 0x21 && c <= 0x7e;

function skipBlanks(s: string, i: number): number {
  while (i < s.length && isBlank(s.charCodeAt(i))) i++;
  return i;
}

/** The line being built: a prefix length (the header name on the first
 * line) and (folding whitespace, text) parts. */
class Line {
  parts: Part[] = [];
  private size = 0;
  constructor(public initial: number) {}
  get length(): number {
    return this.initial + this.size;
  }
  push(fws: string, text: string): void {
    this.parts.push([fws, text]);
    this.size += fws.length + text.length;
  }
  pop(): Part {
    const p = this.parts.pop();
    if (!p) return ['', ''];
    this.size -= p[0].length + p[1].length;
    return p;
  }
  popFrom(i: number): Part[] {
    const tail = this.parts.splice(i);
    for (const p of tail) this.size -= p[0].length + p[1].length;
    return tail;
  }
  reset(parts: Part[] = []): void {
    this.parts = [];
    this.size = 0;
    this.initial = 0;
    for (const p of parts) this.push(p[0], p[1]);
  }
  toString(): string {
    let out = '';
    for (const p of this.parts) out += p[0] + p[1];
    return out;
  }
  /** Python's `not line or str(line).isspace()` on a line without prefix. */
  onlyWhitespace(): boolean {
    if (this.initial !== 0) return false;
    if (this.parts.length === 0) return true;
    if (this.size === 0) return false;
    for (const [fws, text] of this.parts) {
      for (let i = 0; i < fws.length; i++) if (!isPySpace(fws[i])) return false;
      for (let i = 0; i < text.length; i++) if (!isPySpace(text[i])) return false;
    }
    return true;
  }
}

/** Python's _ValueFormatter. */
class Formatter {
  private lines: string[] = [];
  private line: Line;
  constructor(
    headerLength: number,
    private maxLength: number,
    readonly continuation: string,
  ) {
    this.line = new Line(headerLength);
  }

  finish(): string {
    this.newline();
    return this.lines.join('\n');
  }

  newline(): void {
    const end = this.line.pop();
    if (!(end[0] === ' ' && end[1] === '')) this.line.push(end[0], end[1]);
    if (this.line.length > 0) {
      if (this.line.onlyWhitespace() && this.lines.length) this.lines[this.lines.length - 1] += this.line.toString();
      else this.lines.push(this.line.toString());
    }
    this.line.reset();
  }

  transition(): void {
    this.line.push(' ', '');
  }

  feed(fws: string, text: string, charset: MailCharset): void {
    if (charset.encoding === null) {
      this.asciiSplit(fws, text);
      return;
    }
    const lines = encodeLines(text, charset, this.maxLength - this.line.length, this.maxLength - this.continuation.length);
    const first = lines.shift();
    if (first !== null && first !== undefined) this.append(fws, first);
    const last = lines.pop();
    if (last === undefined) return;
    this.newline();
    this.line.push(this.continuation, last!);
    for (const l of lines) this.lines.push(this.continuation + l);
  }

  /** Each run of spaces and tabs with the text after it, as Python's
   * re.split on `([ \t]+)` pairs them; a scan rather than the split, which
   * was a fifth of the re-encoding time on real archives. */
  private asciiSplit(fws: string, text: string): void {
    const s = fws + text;
    const n = s.length;
    if (n === 0) return;
    let i = skipBlanks(s, 0);
    let ws = s.slice(0, i);
    for (;;) {
      let k = i;
      while (k < n && !isBlank(s.charCodeAt(k))) k++;
      this.append(ws, s.slice(i, k));
      if (k === n) return;
      i = skipBlanks(s, k);
      ws = s.slice(k, i);
      if (i === n) return this.append(ws, '');
    }
  }

  /** Adds a part; past the width, breaks the line at the last split
   * character (preferring `;`, then `,`, then space, then tab), or gives an
   * unbreakable part a line of its own. */
  private append(fws: string, text: string): void {
    this.line.push(fws, text);
    if (this.line.length <= this.maxLength) return;
    const parts = this.line.parts;
    for (const ch of SPLITCHARS) {
      for (let i = parts.length - 1; i > 0; i--) {
        if ((ch === ' ' || ch === '\t') && parts[i][0] !== '' && parts[i][0][0] === ch) return this.breakAt(i);
        const prev = parts[i - 1][1];
        if (prev !== '' && prev[prev.length - 1] === ch) return this.breakAt(i);
      }
    }
    let [lastFws, lastText] = this.line.pop();
    if (this.line.initial > 0) {
      this.newline();
      // After a header name the whitespace is always a space.
      if (!lastFws) lastFws = ' ';
    }
    this.line.push(lastFws, lastText);
  }

  private breakAt(i: number): void {
    const rest = this.line.popFrom(i);
    this.lines.push(this.line.toString());
    this.line.reset(rest);
  }
}

/** Whether Python's decode_header finds an encoded word anywhere in the
 * value (`=?charset?q|b?text?=`, the text within one line). A scan, not a
 * regex: the lazy pattern rescans to the line end from every `=?`. */
export function hasEncodedWord(value: string): boolean {
  // Both searches move forward only, so the scan stays linear.
  let close = -1;
  let eol = -1;
  for (let start = value.indexOf('=?'); start >= 0; start = value.indexOf('=?', start + 1)) {
    const q = value.indexOf('?', start + 2);
    if (q < 0) return false;
    if (!'qQbB'.includes(value[q + 1] ?? '\n') || value[q + 2] !== '?') continue;
    if (close < q + 3) close = value.indexOf('?=', q + 3);
    if (close < 0) return false;
    if (eol !== Infinity && eol < q + 3) eol = value.indexOf('\n', q + 3);
    if (eol < 0) eol = Infinity;
    if (close < eol) return true;
  }
  return false;
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Whether Header.encode() gives a plain ASCII value back unchanged: one
 * that needs no folding (every line fits), with no line that is empty,
 * blank or ends in whitespace, which the formatter would drop or join.
 * Lines are printable ASCII and tabs; the first starts with a visible
 * character, each next one with blanks and then a visible character. This
 * runs for every header of every mail, and most come back as they are: the
 * characters are checked by one regular expression and lines found with
 * indexOf, which outrun a loop over the characters of a value cut from a
 * larger text. */
function unchanged(name: string, value: string): boolean {
  const n = value.length;
  if (n === 0 || !isVisible(value.charCodeAt(0)) || NOT_PLAIN.test(value)) return false;
  let start = 0;
  let limit = 78 - name.length - 2;
  for (;;) {
    const lf = value.indexOf('\n', start);
    const end = lf < 0 ? n : lf;
    if (end - start > limit || isBlank(value.charCodeAt(end - 1))) return false;
    if (lf < 0) return !hasEncodedWord(value);
    let next = lf + 1;
    while (next < n && isBlank(value.charCodeAt(next))) next++;
    if (next === lf + 1 || next === n || !isVisible(value.charCodeAt(next))) return false;
    start = lf + 1;
    limit = 78;
  }
}

// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[^\t\n\x20-\x7e]/;

/** Upstream's stored form of one header: the value decoded (raw 8-bit
 * bytes as unknown-8bit, else RFC 2047 words), rebuilt, and encoded again
 * with tab continuation; null when upstream leaves the header out (a base64
 * word that does not decode, or a value that would hold another header). */
export function reencodeHeader(name: string, raw: string): string | null {
  if (unchanged(name, raw)) return raw;
  let parts: { text: string; charset: string | null }[];
  const options = { headerName: name, continuation: '\t' };
  if (/[\x80-\xff]/.test(raw)) {
    parts = [{ text: raw, charset: UNKNOWN_8BIT }];
  } else if (!hasEncodedWord(raw)) {
    // make_header's one us-ascii chunk, without checking again that it is ASCII.
    return foldAscii(raw, name.length + 2);
  } else {
    const words = decodeHeader(raw);
    if (words === null) return null;
    parts = words;
  }
  return encodeChunks(makeHeader(parts), options);
}

/** Header(value, header_name=name).encode(): how the mbox generator writes
 * each header it is given as text (non-ASCII text as utf-8 words). */
export function foldValue(name: string, value: string): string | null {
  // Stored headers were folded this way at ingestion, so most come back as
  // they are; the continuation string only matters for encoded words.
  if (unchanged(name, value)) return value;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(value)) return encodeChunks([{ text: value, charset: UTF_8 }], { headerName: name });
  return foldAscii(value, name.length + 2);
}
