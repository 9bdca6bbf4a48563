// Strict text decoding with Python's codec semantics (docs/ingest.md §6.1).
// Which names count as known follows Python's registry (python-codecs.ts).
// iconv-lite does most charset tables: Node 20's TextDecoder maps
// windows-1252 (and its us-ascii/latin1 labels) to plain latin-1, so 0x80
// would become U+0080 instead of '€'. iconv-lite never throws; it substitutes
// U+FFFD for bytes a charset does not define, which these charsets cannot
// otherwise produce, so a U+FFFD in its output means "invalid for the charset".
import iconv from 'iconv-lite';
import { pythonCodec } from './python-codecs.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Sig = new TextDecoder('utf-8', { fatal: true });
const iso2022jp = new TextDecoder('iso-2022-jp', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true });

/** Python's utf-16: a BOM picks the byte order and is dropped; without one,
 * little-endian (the native order of the machines upstream runs on). */
function decodeUtf16(bytes: Buffer): string | null {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return tryDecode(utf16be, bytes.subarray(2));
  return tryDecode(utf16le, bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2) : bytes);
}

/** iconv-lite's names for the codecs whose Python names it does not know. */
const ICONV_NAME: Record<string, string> = { mac_latin2: 'maccenteuro', ptcp154: 'pt154', kz1048: 'rk1048' };

/** Codecs that are ASCII-compatible byte for byte, so ASCII input needs no table. */
const NOT_ASCII_COMPATIBLE = /^(utf_(16|32|7)|iso2022|hz)/;

/** Whether a charset name is one Python knows and we can decode. */
export function knownCharset(name: string): boolean {
  return pythonCodec(name) !== null;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

/** EUC double-byte layout (GB2312, EUC-KR): iconv-lite decodes these as
 * their supersets GBK and CP949, which accept bytes Python's codecs reject. */
function isEucDoubleByte(bytes: Uint8Array, lastLead: number): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const t = bytes[i + 1];
    if (b < 0xa1 || b > lastLead || t === undefined || t < 0xa1 || t > 0xfe) return false;
    i++;
  }
  return true;
}

function tryDecode(decoder: TextDecoder, bytes: Buffer): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** Single-byte codecs whose iconv-lite table differs from Python's, and the
 * bytes where they differ: Python's code point, or null where Python has none. */
const PYTHON_BYTES: Record<string, Record<number, number | null>> = {
  cp1255: { 0xca: null },
  mac_croatian: { 0xbd: 0x3a9, 0xd8: 0xf8ff, 0xdb: 0x20ac },
  mac_cyrillic: { 0xa2: 0x490, 0xb6: 0x491, 0xff: 0x20ac },
  mac_greek: { 0x9c: 0x20ac, 0xaf: 0xb7, 0xff: 0xad },
  mac_iceland: { 0xbd: 0x3a9, 0xdb: 0x20ac, 0xf0: 0xf8ff },
  mac_roman: { 0xbd: 0x3a9, 0xdb: 0x20ac, 0xf0: 0xf8ff },
  mac_turkish: { 0xbd: 0x3a9, 0xf0: 0xf8ff, 0xf5: 0xf8a0 },
  // Python's TIS-620 maps 0x80-0x9F to the C1 controls.
  tis_620: Object.fromEntries(Array.from({ length: 32 }, (_, i) => [0x80 + i, 0x80 + i])),
};

const byteTables = new Map<string, (string | null)[]>();

/** For a codec of PYTHON_BYTES: each byte's character (null: invalid), iconv-lite's table with Python's corrections. */
function byteTable(codec: string): (string | null)[] | undefined {
  const fixes = PYTHON_BYTES[codec];
  if (!fixes) return undefined;
  let table = byteTables.get(codec);
  if (!table) {
    table = [];
    for (let b = 0; b < 256; b++) {
      const fix = fixes[b];
      const ch = fix === undefined ? iconv.decode(Buffer.of(b), ICONV_NAME[codec] ?? codec) : fix === null ? '\uFFFD' : String.fromCharCode(fix);
      table.push(ch === '\uFFFD' ? null : ch);
    }
    byteTables.set(codec, table);
  }
  return table;
}

/** Decodes bytes strictly with a charset Python knows; null when the bytes are
 * invalid for it, or when the name is unknown. */
export function decodeStrict(bytes: Buffer, name: string): string | null {
  const codec = pythonCodec(name);
  if (codec === null) return null;
  switch (codec) {
    case 'utf_8':
      return tryDecode(utf8, bytes);
    case 'utf_8_sig':
      return tryDecode(utf8Sig, bytes);
    case 'ascii':
      return isAscii(bytes) ? bytes.toString('latin1') : null;
    case 'latin_1':
      return bytes.toString('latin1');
    // WHATWG's decoder rejects an escape sequence that another follows at
    // once (two words' bytes joined, as decode_header joins them); Python
    // takes the second, so the first is dropped.
    case 'iso2022_jp':
      return tryDecode(iso2022jp, Buffer.from(bytes.toString('latin1').replace(/\x1b(?:\([BJI]|\$[@B])(?=\x1b)/g, ''), 'latin1'));
    // Strict: an odd byte count or a lone surrogate fails, as in Python.
    case 'utf_16':
      return decodeUtf16(bytes);
    case 'utf_16_le':
      return tryDecode(utf16le, bytes);
    case 'utf_16_be':
      return tryDecode(utf16be, bytes);
    case 'gb2312':
      if (!isEucDoubleByte(bytes, 0xf7)) return null;
      break;
    case 'euc_kr':
      if (!isEucDoubleByte(bytes, 0xfe)) return null;
      break;
  }
  if (!NOT_ASCII_COMPATIBLE.test(codec) && isAscii(bytes)) return bytes.toString('latin1');
  const table = byteTable(codec);
  if (table) {
    let text = '';
    for (const byte of bytes) {
      const ch = table[byte];
      if (ch === null) return null;
      text += ch;
    }
    return text;
  }
  const text = iconv.decode(bytes, ICONV_NAME[codec] ?? codec, { stripBOM: false });
  return text.includes('\uFFFD') ? null : text;
}

/** No charset or an unknown one: strict UTF-8, then windows-1252, then latin-1 (always works). */
export function decodeFallback(bytes: Buffer): string {
  return decodeStrict(bytes, 'utf-8') ?? decodeStrict(bytes, 'windows-1252') ?? bytes.toString('latin1');
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);

/** Encodes text strictly with a charset Python knows, as str.encode(name)
 * does; null when a character has no encoding there, or the name is unknown
 * or has no encoder here. */
export function encodeStrict(text: string, name: string): Buffer | null {
  const codec = pythonCodec(name);
  if (codec === null) return null;
  switch (codec) {
    case 'utf_8':
      return wellFormed(text) ? Buffer.from(text, 'utf8') : null;
    case 'ascii':
      return ASCII_ONLY.test(text) ? Buffer.from(text, 'latin1') : null;
    case 'latin_1':
      return /^[\x00-\xff]*$/.test(text) ? Buffer.from(text, 'latin1') : null;
    // Python's utf-16 writes a BOM in the machine's (little-endian) order.
    case 'utf_16':
      return wellFormed(text) ? Buffer.concat([Buffer.of(0xff, 0xfe), Buffer.from(text, 'utf16le')]) : null;
    case 'utf_16_le':
      return wellFormed(text) ? Buffer.from(text, 'utf16le') : null;
  }
  if (codec === 'iso2022_jp') return encodeIso2022Jp(text);
  if (!NOT_ASCII_COMPATIBLE.test(codec) && ASCII_ONLY.test(text)) return Buffer.from(text, 'latin1');
  const iconvName = ICONV_NAME[codec] ?? codec;
  if (!iconv.encodingExists(iconvName)) return null;
  // iconv-lite substitutes what it cannot encode: a round trip tells.
  const bytes = iconv.encode(text, iconvName, { addBOM: false });
  return decodeStrict(bytes, name) === text ? bytes : null;
}

const ESC_ASCII = [0x1b, 0x28, 0x42];
const ESC_JIS_X_0208 = [0x1b, 0x24, 0x42];
const ESC_JIS_X_0201_ROMAN = [0x1b, 0x28, 0x4a];

/** Six JIS X 0208 codes that Python's table gives another character than
 * WHATWG's (iconv-lite's, TextDecoder's): both characters encode to the code,
 * as text decoded here holds WHATWG's. */
const JIS_X_0208_PYTHON: Record<string, number> = {
  '\u301c': 0x2141, '\uff5e': 0x2141, '\u2016': 0x2142, '\u2225': 0x2142, '\u2212': 0x215d, '\uff0d': 0x215d,
  '\u00a2': 0x2171, '\uffe0': 0x2171, '\u00a3': 0x2172, '\uffe1': 0x2172, '\u00ac': 0x224c, '\uffe2': 0x224c,
};

/** A character's JIS X 0208 code as Python's table has it: EUC-JP's two
 * bytes less 0x80, without the NEC and IBM rows (13, 89-92) Python lacks. */
function jisX0208(ch: string): number | null {
  const fixed = JIS_X_0208_PYTHON[ch];
  if (fixed !== undefined) return fixed;
  const euc = iconv.encode(ch, 'eucjp');
  if (euc.length !== 2 || euc[0] < 0xa1 || euc[1] < 0xa1 || iconv.decode(euc, 'eucjp') !== ch) return null;
  const row = euc[0] - 0x80;
  if (row === 0x2d || row >= 0x79) return null;
  return (row << 8) | (euc[1] - 0x80);
}

/** Python's iso2022_jp encoder, which iconv-lite lacks: ASCII, then JIS X
 * 0208 (its codes are EUC-JP's two bytes less 0x80), then JIS X 0201 Roman
 * for the yen sign and overline, each run opened by its escape sequence and
 * the text closed back in ASCII. */
function encodeIso2022Jp(text: string): Buffer | null {
  const out: number[] = [];
  let state = ESC_ASCII;
  const use = (set: number[]) => {
    if (state !== set) out.push(...set);
    state = set;
  };
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) {
      use(ESC_ASCII);
      out.push(c);
      continue;
    }
    const code = jisX0208(ch);
    if (code !== null) {
      use(ESC_JIS_X_0208);
      out.push(code >> 8, code & 0xff);
    } else if (c === 0xa5 || c === 0x203e) {
      use(ESC_JIS_X_0201_ROMAN);
      out.push(c === 0xa5 ? 0x5c : 0x7e);
    } else {
      return null;
    }
  }
  use(ESC_ASCII);
  return Buffer.from(out);
}
