// RFC 2047 encoded words as Python's Charset.header_encode_lines() packs
// them (docs/compatibility.md, "Stored headers").
import { type MailCharset, textBytes } from './mail-charset.ts';

const CHROME = 7;

const Q_LITERAL = /^[-!*+/A-Za-z0-9]$/;
const qLength = (byte: number) => (byte === 0x20 || Q_LITERAL.test(String.fromCharCode(byte)) ? 1 : 3);
const bLength = (n: number) => Math.ceil(n / 3) * 4;

function qEncode(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out += b === 0x20 ? '_' : Q_LITERAL.test(ch) ? ch : '=' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** One encoded word; empty bytes give an empty string. */
function encodedWord(bytes: Buffer, base64: boolean, codec: string): string {
  if (bytes.length === 0) return '';
  return base64 ? `=?${codec}?b?${bytes.toString('base64')}?=` : `=?${codec}?q?${qEncode(bytes)}?=`;
}

/** Whether Q or B is used: fixed per charset, or for utf-8 and charsets
 * Python does not list, B only when strictly shorter over the whole text. */
function useBase64(charset: MailCharset, bytes: Buffer): boolean {
  if (charset.encoding === 'b') return true;
  if (charset.encoding === 'q') return false;
  let q = 0;
  for (const b of bytes) q += qLength(b);
  return bLength(bytes.length) < q;
}

/** Codecs whose bytes for a string are not the concatenation of each
 * character's bytes (a BOM, shift sequences). */
const STATEFUL = /^(utf[-_]?(16|32|7)|iso[-_]?2022|hz)/i;

/** Charset.header_encode_lines(): as many characters per encoded word as
 * fit the line (first line: `first` columns, later ones `next`), the RFC
 * 2047 chrome counted; a null first word means nothing fitted there. */
export function encodeLines(text: string, charset: MailCharset, first: number, next: number): (string | null)[] {
  const codec = charset.outputCodec ?? 'us-ascii';
  const base64 = useBase64(charset, textBytes(text, codec));
  const extra = charset.output.length + CHROME;
  const stateful = STATEFUL.test(codec);
  const measure = (bytes: Buffer) => {
    if (base64) return bLength(bytes.length);
    let n = 0;
    for (const b of bytes) n += qLength(b);
    return n;
  };
  const lines: (string | null)[] = [];
  let current: string[] = [];
  let length = 0;
  let max = first - extra;
  for (const ch of text) {
    current.push(ch);
    let fits: boolean;
    if (stateful) {
      fits = measure(textBytes(current.join(''), codec)) <= max;
    } else {
      const bytes = textBytes(ch, codec);
      const grown = base64 ? bLength(length + bytes.length) : length + measure(bytes);
      fits = grown <= max;
      if (fits) length += base64 ? bytes.length : measure(bytes);
    }
    if (fits) continue;
    current.pop();
    if (lines.length === 0 && current.length === 0) lines.push(null);
    else lines.push(encodedWord(textBytes(current.join(''), codec), base64, codec));
    current = [ch];
    const bytes = textBytes(ch, codec);
    length = base64 ? bytes.length : measure(bytes);
    max = next - extra;
  }
  lines.push(encodedWord(textBytes(current.join(''), codec), base64, codec));
  return lines;
}

/** Charset.header_encode(): the whole text as one encoded word (formataddr
 * writes a non-ASCII display name so). */
export function headerEncode(text: string, charset: MailCharset): string {
  const codec = charset.outputCodec ?? 'us-ascii';
  const bytes = textBytes(text, codec);
  return encodedWord(bytes, useBase64(charset, bytes), codec);
}
