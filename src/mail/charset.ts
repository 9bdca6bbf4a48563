// Strict text decoding with Python's codec semantics (INGEST.md §6.1).
// iconv-lite does the charset tables: Node 20's TextDecoder maps
// windows-1252 (and its us-ascii/latin1 labels) to plain latin-1, so 0x80
// would become U+0080 instead of '€'. iconv-lite never throws; it substitutes
// U+FFFD for bytes a charset does not define, which these charsets cannot
// otherwise produce, so a U+FFFD in its output means "invalid for the charset".
import iconv from 'iconv-lite';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const ASCII = new Set(['ascii', 'us-ascii', '646', 'us']);
const LATIN1 = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin-1', 'latin1', 'latin_1', 'l1', 'cp819', '8859']);
const UTF8 = new Set(['utf-8', 'utf8', 'utf_8', 'u8', 'utf']);

/** Whether a charset name (already lower-cased) is one we can decode. */
export function knownCharset(name: string): boolean {
  if (ASCII.has(name) || LATIN1.has(name) || UTF8.has(name)) return true;
  if (name.includes('\0') || name === '') return false;
  return iconv.encodingExists(name);
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 0x7f) return false;
  return true;
}

/** Decodes bytes strictly with a known charset; null when the bytes are invalid for it. */
export function decodeStrict(bytes: Buffer, name: string): string | null {
  if (UTF8.has(name)) {
    try {
      return utf8.decode(bytes);
    } catch {
      return null;
    }
  }
  if (ASCII.has(name)) return isAscii(bytes) ? bytes.toString('latin1') : null;
  if (LATIN1.has(name)) return bytes.toString('latin1');
  if (isAscii(bytes) && !/^(utf-?(16|32)|ucs|utf-?7|iso-?2022|csiso2022|hz)/.test(name)) return bytes.toString('latin1');
  const text = iconv.decode(bytes, name, { stripBOM: false });
  return text.includes('\uFFFD') ? null : text;
}

/** No charset or an unknown one: strict UTF-8, then windows-1252, then latin-1 (always works). */
export function decodeFallback(bytes: Buffer): string {
  return decodeStrict(bytes, 'utf-8') ?? decodeStrict(bytes, 'windows-1252') ?? bytes.toString('latin1');
}
