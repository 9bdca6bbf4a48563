// RFC 2047 encoded words as Python's Charset.header_encode_lines() packs
// them (docs/compatibility.md, "Stored headers").
import { type MailCharset, textBytes, UNKNOWN_8BIT } from './mail-charset.ts';

const CHROME = 7;

/** Columns one byte takes in a Q word: 1 for a space (written `_`) and
 * the characters RFC 2047 lets stand for themselves, 3 for `=XX`. */
const Q_LENGTH = new Uint8Array(256).fill(3);
for (const ch of ' -!*+/ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') Q_LENGTH[ch.charCodeAt(0)] = 1;
const bLength = (n: number) => Math.ceil(n / 3) * 4;

function qEncode(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    out += b === 0x20 ? '_' : Q_LENGTH[b] === 1 ? String.fromCharCode(b) : '=' + b.toString(16).toUpperCase().padStart(2, '0');
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
  for (const b of bytes) q += Q_LENGTH[b];
  return bLength(bytes.length) < q;
}

/** Codecs whose bytes for a string are not the concatenation of each
 * character's bytes (a BOM, shift sequences). */
const STATEFUL = /^(utf[-_]?(16|32|7)|iso[-_]?2022|hz)/i;

/** Bytes a character (code point `cp`) takes in the codec, when that is
 * known without encoding it: UTF-8 by its value, one for unknown-8bit and
 * for a codec that gave one byte per character over the whole text; null
 * for the others (multi-byte tables), which are measured character by
 * character. */
function byteSizer(text: string, codec: string, total: number): ((cp: number) => number) | null {
  if (codec === 'utf-8') return (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
  if (codec === UNKNOWN_8BIT) return () => 1;
  let chars = 0;
  for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) chars++;
  return chars === total ? () => 1 : null;
}

/** Charset.header_encode_lines(): as many characters per encoded word as
 * fit the line (first line: `first` columns, later ones `next`), the RFC
 * 2047 chrome counted; a null first word means nothing fitted there. */
export function encodeLines(text: string, charset: MailCharset, first: number, next: number): (string | null)[] {
  const codec = charset.outputCodec ?? 'us-ascii';
  const all = textBytes(text, codec);
  const base64 = useBase64(charset, all);
  const extra = charset.output.length + CHROME;
  const sizeOf = STATEFUL.test(codec) ? null : byteSizer(text, codec, all.length);
  if (sizeOf === null) return encodeLinesByChar(text, codec, base64, first - extra, next - extra);
  // The text's bytes are its characters' bytes one after the other, so each
  // word is a slice of them: no character is encoded on its own.
  const lines: (string | null)[] = [];
  let start = 0;
  let end = 0;
  let chars = 0;
  let length = 0;
  let max = first - extra;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    const n = sizeOf(cp);
    let width = n;
    if (!base64) {
      width = 0;
      for (let k = end; k < end + n; k++) width += Q_LENGTH[all[k]];
    }
    if ((base64 ? bLength(length + n) : length + width) <= max) {
      length += width;
      end += n;
      chars++;
      continue;
    }
    if (lines.length === 0 && chars === 0) lines.push(null);
    else lines.push(encodedWord(all.subarray(start, end), base64, codec));
    start = end;
    end += n;
    chars = 1;
    length = width;
    max = next - extra;
  }
  lines.push(encodedWord(all.subarray(start, end), base64, codec));
  return lines;
}

/** encodeLines for codecs whose bytes per character are only known by
 * encoding: stateful ones (a BOM, shift sequences) measure the whole word
 * so far, multi-byte tables each character. */
function encodeLinesByChar(text: string, codec: string, base64: boolean, first: number, next: number): (string | null)[] {
  const stateful = STATEFUL.test(codec);
  const measure = (bytes: Buffer) => {
    if (base64) return bLength(bytes.length);
    let n = 0;
    for (const b of bytes) n += Q_LENGTH[b];
    return n;
  };
  const lines: (string | null)[] = [];
  let current: string[] = [];
  let length = 0;
  let max = first;
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
    max = next;
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
