import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeFallback, decodeStrict, knownCharset } from '../../src/mail/charset.ts';
import { normaliseCodecName } from '../../src/mail/python-codecs.ts';

const b = (...bytes: number[]) => Buffer.from(bytes);

// Which names Python's codecs.lookup() knows (docs/ingest.md §6.1): known names
// decode strictly, unknown ones fall back.
const KNOWN: [string, boolean][] = [
  ['utf-8', true], ['UTF8', true], ['utf_8', true], ['us-ascii', true], ['ANSI_X3.4-1968', true], ['latin-1', true],
  ['iso-8859-1', true], ['ISO_8859-15', true], ['windows-1252', true], ['cp1252', true], ['koi8-r', true],
  ['gb2312', true], ['ks_c_5601-1987', true], ['shift_jis', true], ['iso-2022-jp', true], ['big5', true],
  ['windows-874', false], ['none', false], ['bogus', false], ['x-unknown', false], ['u\0\0\0d', false], ['', false],
];
for (const [name, known] of KNOWN) {
  test(`charset ${JSON.stringify(name)} known=${known}`, () => assert.is(knownCharset(name), known));
}

const STRICT: [string, string, Buffer, string | null][] = [
  ['UTF-8', 'valid', Buffer.from('café'), 'café'],
  ['UTF-8', 'invalid byte', b(0x63, 0xff), null],
  ['UTF-8', 'BOM kept', b(0xef, 0xbb, 0xbf, 0x61), '\uFEFFa'],
  ['us-ascii', '8-bit byte', b(0x61, 0xe9), null],
  ['iso-8859-1', 'any byte', b(0x80, 0xe9), '\x80é'],
  ['windows-1252', 'euro and quotes', b(0x80, 0x93, 0x94), '€“”'],
  ['windows-1252', 'undefined 0x81', b(0x81), null],
  ['koi8-r', 'cyrillic', b(0xf0, 0xd2, 0xc9), 'При'],
  ['gb2312', 'GB2312 text', Buffer.from('1tDOxA==', 'base64'), '中文'],
  ['gb2312', 'GBK-only bytes', b(0x81, 0x40), null],
  ['iso-2022-jp', 'escape sequences', Buffer.from('1b2442242224241b2842', 'hex'), 'あい'],
  ['windows-874', 'unknown to Python', b(0x61), null],
  // Single-byte tables as Python's, where iconv-lite's differ.
  ['mac-roman', 'Apple logo, euro, omega', b(0xf0, 0xdb, 0xbd), '\uF8FF\u20AC\u03A9'],
  ['macintosh', 'euro, not currency sign', b(0xdb), '\u20AC'],
  ['mac-cyrillic', 'Ukrainian Ghe', b(0xa2), '\u0490'],
  ['tis-620', 'C1 controls, then Thai', b(0x85, 0xa1), '\x85\u0E01'],
  ['windows-1255', 'undefined 0xCA', b(0xca), null],
  ['utf-16', 'no BOM is little-endian', b(0x41, 0x00), 'A'],
  ['utf-16', 'big-endian BOM dropped', b(0xfe, 0xff, 0x00, 0x41), 'A'],
  ['utf-16', 'little-endian BOM dropped once', b(0xff, 0xfe, 0xff, 0xfe, 0x41, 0x00), '\uFEFFA'],
  ['utf-16', 'odd byte count', b(0x41, 0x00, 0x42), null],
  ['utf-16', 'lone surrogate', b(0x00, 0xd8, 0x41, 0x00), null],
  ['utf-16-le', 'BOM kept', b(0xff, 0xfe, 0x41, 0x00), '\uFEFFA'],
  ['utf-16-be', 'odd byte count', b(0x00, 0x41, 0x00), null],
];
for (const [name, what, bytes, text] of STRICT) {
  test(`strict ${name}: ${what}`, () => assert.is(decodeStrict(bytes, name), text));
}

test('fallback: UTF-8, then windows-1252, then latin-1', () => {
  assert.is(decodeFallback(Buffer.from('é')), 'é');
  assert.is(decodeFallback(b(0x80, 0xe9)), '€é');
  assert.is(decodeFallback(b(0x81, 0xe9)), '\x81é');
});

test("Python's name normalisation", () => {
  assert.is(normaliseCodecName('ISO-8859-15'), 'iso_8859_15');
  assert.is(normaliseCodecName('  -Latin 1- '), 'latin_1');
  assert.is(normaliseCodecName('ANSI_X3.4-1968'), 'ansi_x3.4_1968');
});

test.run();
