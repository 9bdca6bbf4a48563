// Header block splitting and header-value decoding (INGEST.md §4.1-§4.4, §4.7).
// Messages are handled as latin-1 strings, one character per byte, so that
// bytes survive until a charset is known.
import { decodeStrict, knownCharset } from './charset.ts';
import { isPySpace, normaliseSpace, pyStrip } from './pytext.ts';

export interface RawHeader {
  name: string;
  /** name in lower case, for lookups */
  key: string;
  /** Value as received (latin-1 bytes), folding kept, leading blanks and final line end removed. */
  value: string;
}

export interface SplitMessage {
  headers: RawHeader[];
  /** Everything after the blank line that ends the headers (latin-1 bytes). */
  body: string;
}

const HEADER_LINE = /^(?:[\x21-\x39\x3b-\x7e]*:|[\t ])/;

/** Splits headers from body the way Python's email parser does: the header
 * block ends at a blank line or at the first line that is not a header. A
 * leading mbox `From ` line is skipped. */
export function splitMessage(text: string): SplitMessage {
  const headers: RawHeader[] = [];
  let pos = 0;
  let first = true;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    else end += 1;
    const line = text.slice(pos, end);
    if (line === '\n' || line === '\r\n') return { headers, body: text.slice(end) };
    if (first && line.startsWith('From ')) {
      first = false;
      pos = end;
      continue;
    }
    first = false;
    if (!HEADER_LINE.test(line)) break;
    if (line[0] === ' ' || line[0] === '\t') {
      const last = headers[headers.length - 1];
      if (last) last.value += '\n' + stripLineEnd(line);
    } else {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon);
      headers.push({ name, key: name.toLowerCase(), value: stripLineEnd(line.slice(colon + 1)).replace(/^[ \t]+/, '') });
    }
    pos = end;
  }
  return { headers, body: text.slice(pos) };
}

function stripLineEnd(line: string): string {
  return line.replace(/\r?\n$/, '');
}

/** Values of every header with this name (case-insensitive), in order. */
export function allHeaders(headers: RawHeader[], name: string): string[] {
  const key = name.toLowerCase();
  const values: string[] = [];
  for (const h of headers) if (h.key === key) values.push(h.value);
  return values;
}

/** Value of the first header with this name, or null. */
export function firstHeader(headers: RawHeader[], name: string): string | null {
  const key = name.toLowerCase();
  for (const h of headers) if (h.key === key) return h.value;
  return null;
}

export interface DecodeOptions {
  decodeRawUtf8?: boolean;
}

const HIGH = /[\x80-\xff]/;
const ENCODED_WORD = /=\?([^?]*?)\?([qQbB])\?(.*?)\?=/g;
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

interface Word {
  text: string;
  /** Lower-cased charset of an encoded word; null for plain text. */
  charset: string | null;
  bytes?: Buffer;
}

/** Upstream's clean_header: RFC 2047 decoding with Python's joining rules,
 * raw 8-bit bytes as U+FFFD (or UTF-8 when allowed), NULs removed, whitespace
 * normalised. */
export function cleanHeader(raw: string, options: DecodeOptions = {}): string {
  let text = raw;
  let fallback = false;
  if (HIGH.test(text)) {
    const utf8 = options.decodeRawUtf8 ? decodeStrict(Buffer.from(text, 'latin1'), 'utf-8') : null;
    if (utf8 === null) fallback = true;
    else text = utf8;
  }
  if (!text.includes('=?')) return finish(fallback ? replaceHigh(text) : text);
  const words = tokenize(text);
  if (words === null) return '';
  for (const w of words) {
    if (fallback || w.charset === null || !w.bytes) continue;
    const charset = w.charset.replace(/\*.*$/, '');
    const decoded = knownCharset(charset) ? decodeStrict(w.bytes, charset) : null;
    if (decoded === null) fallback = true;
    else w.text = decoded;
  }
  // One undecodable word (or raw 8-bit text) sends the whole header to the
  // fallback: ASCII kept, every other byte U+FFFD.
  if (fallback) for (const w of words) w.text = replaceHigh(w.bytes ? w.bytes.toString('latin1') : w.text);
  return finish(join(words));
}

function finish(s: string): string {
  return normaliseSpace(s.replace(/\0/g, ''));
}

function replaceHigh(s: string): string {
  return s.replace(/[\x80-\xff]/g, '\uFFFD');
}

/** Splits into plain and encoded words (Python's decode_header), or null when
 * a base64 word is undecodable. */
function tokenize(text: string): Word[] | null {
  const words: Word[] = [];
  for (const line of text.split(LINE_BREAK)) {
    let last = 0;
    let first = true;
    const plain = (s: string) => {
      if (first) s = s.replace(/^\s+/, '');
      first = false;
      if (s) words.push({ text: s, charset: null });
    };
    for (const m of line.matchAll(ENCODED_WORD)) {
      plain(line.slice(last, m.index));
      const bytes = decodeWord(m[2].toLowerCase(), m[3]);
      if (bytes === null) return null;
      words.push({ text: '', charset: m[1].toLowerCase(), bytes });
      last = m.index! + m[0].length;
    }
    plain(line.slice(last));
  }
  // Whitespace between two encoded words disappears.
  return words.filter(
    (w, i) => !(w.charset === null && i > 0 && i < words.length - 1 && words[i - 1].charset !== null && words[i + 1].charset !== null && pyStrip(w.text) === ''),
  );
}

function decodeWord(encoding: string, encoded: string): Buffer | null {
  if (encoding === 'q') {
    return Buffer.from(
      encoded.replace(/_/g, ' ').replace(/=([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  }
  const data = encoded.replace(/[^A-Za-z0-9+/]/g, '');
  if (data.length % 4 === 1) return null;
  return Buffer.from(data, 'base64');
}

const isAsciiCharset = (c: string | null) => c === null || c === 'us-ascii';

/** Joins decoded words like Python's str(make_header(...)): adjacent words of
 * one charset merge (plain ones with a space), and a space separates an
 * encoded word from plain text it touches. */
function join(words: Word[]): string {
  const chunks: Word[] = [];
  for (const w of words) {
    const prev = chunks[chunks.length - 1];
    if (prev && prev.charset === w.charset) prev.text += (w.charset === null ? ' ' : '') + w.text;
    else chunks.push({ text: w.text, charset: w.charset });
  }
  let out = '';
  let lastCharset: string | null = null;
  let lastSpace = false;
  chunks.forEach((c, i) => {
    let next = c.charset;
    if (i > 0) {
      const hasSpace = c.text !== '' && nonCText(c.text[0]);
      if (!isAsciiCharset(lastCharset)) {
        if (isAsciiCharset(next) && !hasSpace) {
          out += ' ';
          next = null;
        }
      } else if (!isAsciiCharset(next) && !lastSpace) {
        out += ' ';
      }
    }
    lastSpace = c.text !== '' && nonCText(c.text[c.text.length - 1]);
    lastCharset = next;
    out += c.text;
  });
  return out;
}

function nonCText(ch: string): boolean {
  return isPySpace(ch) || ch === '(' || ch === ')' || ch === '\\';
}

const BRACKETED = /<[^>]+>/;
const BRACKETED_ALL = /<[^>]+>/g;

/** §4.3/§4.4: the first `<...>` token, or the whole value; cut to 255. */
export function firstMsgid(cleaned: string): string {
  const m = BRACKETED.exec(cleaned);
  return (m ? m[0] : pyStrip(cleaned)).slice(0, 255);
}

/** §4.4: In-Reply-To values in header order, then References tokens newest first, no repeats from References. */
export function findRefs(headers: RawHeader[], options: DecodeOptions = {}): string[] {
  const refs: string[] = [];
  for (const v of allHeaders(headers, 'In-Reply-To')) {
    const cleaned = cleanHeader(v, options);
    if (cleaned) refs.push(firstMsgid(cleaned));
  }
  for (const v of allHeaders(headers, 'References')) {
    const cleaned = cleanHeader(v, options);
    if (!cleaned) continue;
    const tokens = (cleaned.match(BRACKETED_ALL) ?? []).reverse();
    for (const t of tokens) {
      const ref = t.slice(0, 255);
      if (!refs.includes(ref)) refs.push(ref);
    }
  }
  return refs;
}

/** §4.7: candidate list-ids from List-ID, X-Mailing-List and X-list, in that order. */
export function listIdCandidates(headers: RawHeader[], options: DecodeOptions = {}): string[] {
  const ids: string[] = [];
  for (const name of ['List-ID', 'X-Mailing-List', 'X-list']) {
    const raw = firstHeader(headers, name);
    if (raw === null) continue;
    const value = cleanHeader(raw, options);
    if (!value) continue;
    const bracketed = value.match(BRACKETED_ALL);
    if (bracketed) ids.push(bracketed[bracketed.length - 1].slice(1, -1));
    else if (!/\s/.test(value)) ids.push(value);
  }
  return ids;
}

/** §4.2: every header as `Name: value`, folding kept, CRLF as LF, joined by `\n`.
 * Raw 8-bit values are kept as UTF-8 text when valid, else as RFC 2047 words
 * with charset unknown-8bit, so the block stays valid header syntax. */
export function storedHeaders(headers: RawHeader[]): string {
  return headers
    .map((h) => `${h.name}: ${storedValue(h.value)}`)
    .join('\n')
    .replace(/\r\n/g, '\n')
    .replace(/\0/g, '');
}

function storedValue(value: string): string {
  if (!HIGH.test(value)) return value;
  const bytes = Buffer.from(value, 'latin1');
  const utf8 = decodeStrict(bytes, 'utf-8');
  if (utf8 !== null) return utf8;
  return `=?unknown-8bit?b?${bytes.toString('base64')}?=`;
}
