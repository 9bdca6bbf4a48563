// Header value decoding, upstream's clean_header (docs/ingest.md §4.1): RFC 2047
// encoded words joined as Python's decode_header and make_header join them,
// raw 8-bit bytes, undecodable words, NULs and whitespace.
import { decodeStrict, knownCharset } from './charset.ts';
import { isPySpace, normaliseSpace, pyStrip } from './pytext.ts';

export interface DecodeOptions {
  decodeRawUtf8?: boolean;
}

const HIGH = /[\x80-\xff]/;
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

export interface Word {
  /** Lower-cased charset of an encoded word; null for plain text. */
  charset: string | null;
  /** Plain text, or the encoded word's bytes as latin-1. */
  text: string;
}

/** Upstream's clean_header: RFC 2047 decoding with Python's joining rules
 * (decode_header, then str(make_header(...))), raw 8-bit bytes as U+FFFD
 * (or UTF-8 when allowed), NULs removed, whitespace normalised. Null when
 * the header cannot be decoded at all (a broken base64 word): upstream then
 * treats it as absent. */
export function cleanHeader(raw: string, options: DecodeOptions = {}): string | null {
  let text = raw;
  if (HIGH.test(text)) {
    // Python hands such a header over as unknown-8bit as a whole: encoded
    // words in it stay undecoded.
    const utf8 = options.decodeRawUtf8 ? decodeStrict(Buffer.from(text, 'latin1'), 'utf-8') : null;
    if (utf8 === null) return finish(replaceHigh(text));
    text = utf8;
  }
  if (!text.includes('=?')) return finish(text);
  const chunks = decodeHeader(text);
  if (chunks === null) return null;
  const decoded: Word[] = [];
  for (const c of chunks) {
    if (c.charset === null) {
      decoded.push(c);
      continue;
    }
    const charset = c.charset.replace(/\*.*$/, '');
    const value = knownCharset(charset) ? decodeStrict(Buffer.from(c.text, 'latin1'), charset) : null;
    // One undecodable word sends the whole header to the fallback: every
    // chunk as unknown-8bit, joined by spaces, ASCII kept, other bytes U+FFFD.
    if (value === null) return finish(chunks.map((w) => replaceHigh(w.text)).join(' '));
    decoded.push({ charset, text: value });
  }
  return finish(render(decoded));
}

/** Python's decode_header on a header without raw 8-bit bytes: plain and
 * encoded chunks, each run of one charset merged; null when a base64 word
 * does not decode (HeaderParseError). */
export function decodeHeader(text: string): Word[] | null {
  const words = tokenize(text);
  return words === null ? null : collapse(words);
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
    for (const m of encodedWords(line)) {
      plain(line.slice(last, m.start));
      const bytes = decodeWord(m.encoding, m.encoded);
      if (bytes === null) return null;
      words.push({ text: bytes, charset: m.charset.toLowerCase() });
      last = m.end;
    }
    plain(line.slice(last));
  }
  // Whitespace between two encoded words disappears.
  return words.filter(
    (w, i) => !(w.charset === null && i > 0 && i < words.length - 1 && words[i - 1].charset !== null && words[i + 1].charset !== null && pyStrip(w.text) === ''),
  );
}

interface EncodedWord {
  start: number;
  end: number;
  charset: string;
  encoding: string;
  encoded: string;
}

/** Matches of Python's `=\?([^?]*?)\?([qQbB])\?(.*?)\?=` in one line, found
 * by scanning: the regex rescans to the line end from every `=?` when no
 * `?=` follows, which is quadratic on a long header. */
function* encodedWords(line: string): Generator<EncodedWord> {
  let from = 0;
  for (;;) {
    const start = line.indexOf('=?', from);
    if (start < 0) return;
    const q = line.indexOf('?', start + 2);
    if (q < 0) return;
    const encoding = line[q + 1];
    if ((encoding === 'q' || encoding === 'Q' || encoding === 'b' || encoding === 'B') && line[q + 2] === '?') {
      const close = line.indexOf('?=', q + 3);
      if (close < 0) return;
      yield { start, end: close + 2, charset: line.slice(start + 2, q), encoding: encoding.toLowerCase(), encoded: line.slice(q + 3, close) };
      from = close + 2;
    } else {
      from = start + 1;
    }
  }
}

/** Encoded word payload as latin-1 bytes, or null for base64 that Python's
 * binascii rejects (one data character too many). */
function decodeWord(encoding: string, encoded: string): string | null {
  if (encoding === 'q') {
    return encoded.replace(/_/g, ' ').replace(/=([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  const data = encoded.replace(/[^A-Za-z0-9+/]/g, '');
  if (data.length % 4 === 1) return null;
  return Buffer.from(data, 'base64').toString('latin1');
}

/** decode_header's last step: adjacent words of one charset merge, plain
 * ones with a space, encoded ones byte to byte (so a character split across
 * two words decodes whole). */
function collapse(words: Word[]): Word[] {
  const out: Word[] = [];
  for (const w of words) {
    const prev = out[out.length - 1];
    if (prev && prev.charset === w.charset) prev.text += (w.charset === null ? ' ' : '') + w.text;
    else out.push({ ...w });
  }
  return out;
}

const asciiKey = (c: string | null) => (c === null || c === 'us-ascii' || c === 'ascii' ? null : c);

/** str(make_header(...)): chunks of one charset (plain text counts as
 * us-ascii) join with a space, and a space separates an encoded chunk from
 * plain text it touches. */
function render(words: Word[]): string {
  const chunks: Word[] = [];
  for (const w of words) {
    const key = asciiKey(w.charset);
    const prev = chunks[chunks.length - 1];
    if (prev && prev.charset === key) prev.text += ' ' + w.text;
    else chunks.push({ text: w.text, charset: key });
  }
  let out = '';
  let lastCharset: string | null = null;
  let lastSpace = false;
  chunks.forEach((c, i) => {
    let next = c.charset;
    if (i > 0) {
      const hasSpace = c.text !== '' && nonCText(c.text[0]);
      if (lastCharset !== null) {
        if (next === null && !hasSpace) {
          out += ' ';
          next = null;
        }
      } else if (next !== null && !lastSpace) {
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

