// Python's email.charset table (docs/compatibility.md, "Stored headers"):
// for each charset name, how header text in it is encoded (Q, B or the
// shorter), which charset it is written in and under which codec name, and
// the byte conversions with Python's semantics, unknown-8bit included.
import { encodeStrict } from './charset.ts';

export type HeaderEncoding = 'q' | 'b' | 'shortest' | null;

/** Python's email.charset.Charset: what a charset name means for headers. */
export interface MailCharset {
  /** Lower-cased name after the alias table; compared for equality. */
  name: string;
  encoding: HeaderEncoding;
  /** Name written in an encoded word's width budget. */
  output: string;
  /** Codec that decodes input bytes; null: us-ascii. */
  inputCodec: string | null;
  /** Codec (and name written in the encoded word); null: us-ascii. */
  outputCodec: string | null;
}

export const UNKNOWN_8BIT = 'unknown-8bit';

const TABLE: Record<string, [HeaderEncoding, string | null]> = {
  'iso-8859-1': ['q', null],
  'iso-8859-2': ['q', null],
  'iso-8859-3': ['q', null],
  'iso-8859-4': ['q', null],
  'iso-8859-9': ['q', null],
  'iso-8859-10': ['q', null],
  'iso-8859-13': ['q', null],
  'iso-8859-14': ['q', null],
  'iso-8859-15': ['q', null],
  'iso-8859-16': ['q', null],
  'windows-1252': ['q', null],
  viscii: ['q', null],
  'us-ascii': [null, null],
  big5: ['b', null],
  gb2312: ['b', null],
  'euc-jp': ['b', 'iso-2022-jp'],
  shift_jis: ['b', 'iso-2022-jp'],
  'iso-2022-jp': ['b', null],
  'koi8-r': ['b', null],
  'utf-8': ['shortest', 'utf-8'],
};

const ALIASES: Record<string, string> = {
  latin_1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  latin_2: 'iso-8859-2',
  'latin-2': 'iso-8859-2',
  latin_3: 'iso-8859-3',
  'latin-3': 'iso-8859-3',
  latin_4: 'iso-8859-4',
  'latin-4': 'iso-8859-4',
  latin_5: 'iso-8859-9',
  'latin-5': 'iso-8859-9',
  latin_6: 'iso-8859-10',
  'latin-6': 'iso-8859-10',
  latin_7: 'iso-8859-13',
  'latin-7': 'iso-8859-13',
  latin_8: 'iso-8859-14',
  'latin-8': 'iso-8859-14',
  latin_9: 'iso-8859-15',
  'latin-9': 'iso-8859-15',
  latin_10: 'iso-8859-16',
  'latin-10': 'iso-8859-16',
  cp949: 'ks_c_5601-1987',
  euc_jp: 'euc-jp',
  euc_kr: 'euc-kr',
  ascii: 'us-ascii',
};

const CODECS: Record<string, string | null> = { gb2312: 'eucgb2312_cn', big5: 'big5_tw', 'us-ascii': null };

const codecOf = (name: string) => (name in CODECS ? CODECS[name] : name);

/** Charset(name): an unknown name is encoded with the shorter of Q and B. */
export function mailCharset(label: string): MailCharset {
  const lower = label.toLowerCase();
  const name = ALIASES[lower] ?? lower;
  const [encoding, conversion] = TABLE[name] ?? ['shortest', null];
  const output = conversion ? (ALIASES[conversion] ?? conversion) : name;
  return { name, encoding, output, inputCodec: codecOf(name), outputCodec: codecOf(output) };
}

export const US_ASCII = mailCharset('us-ascii');
export const UTF_8 = mailCharset('utf-8');
export const UNKNOWN = mailCharset(UNKNOWN_8BIT);

/** The given charset cannot decode or re-encode the text: Python's
 * LookupError/UnicodeError, which upstream answers with unknown-8bit. */
export class CharsetFailure extends Error {}

/** Latin-1 bytes (one char per byte) as unknown-8bit text. */
export function escapeBytes(bytes: string): string {
  return bytes.replace(/[\x80-\xff]/g, (c) => String.fromCharCode(0xdc00 + c.charCodeAt(0)));
}

export function textBytes(text: string, codec: string | null): Buffer {
  if (codec === UNKNOWN_8BIT) {
    return Buffer.from(
      text.replace(/[\udc80-\udcff]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xdc00)),
      'latin1',
    );
  }
  // The common case, called once per character while packing words: no
  // codec lookup. Text here never holds a lone surrogate (it was decoded).
  if (codec === 'utf-8') return Buffer.from(text, 'utf8');
  const bytes = encodeStrict(text, codec ?? 'us-ascii');
  if (bytes === null) throw new CharsetFailure(codec ?? 'us-ascii');
  return bytes;
}
