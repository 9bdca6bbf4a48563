// Header block splitting and the headers read from it (docs/ingest.md §4.2-§4.4, §4.7).
// Messages are handled as latin-1 strings, one character per byte, so that
// bytes survive until a charset is known.
import { cleanHeader, type DecodeOptions } from './clean-header.ts';
import { reencodeHeader } from './header-encode.ts';
import { pyStrip } from './pytext.ts';

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

/** A header line's start: an mbox `From `, a name and its colon, or a
 * continuation's blank. Tested where a line starts in the whole text,
 * without cutting the line out (the pattern never reaches a line end). */
const HEADER_LINE_AT = /From |[\x21-\x39\x3b-\x7e]*:|[\t ]/y;

function isHeaderLineAt(text: string, at: number): boolean {
  HEADER_LINE_AT.lastIndex = at;
  return HEADER_LINE_AT.test(text);
}

/** Splits headers from body the way Python's email parser does: the header
 * block ends at a blank line (dropped) or at the first line that is not a
 * header (kept as the body's first line). A leading mbox `From ` line is
 * skipped; a later one is ignored, unless it is the block's last line, which
 * then starts the body. A line starting with ':' is ignored, and so is a
 * continuation line with no header before it. This runs over every header
 * of every mail: lines are found with indexOf, and a folded value whose
 * lines end in `\n` is cut from the text once rather than joined line by
 * line (a joined string is also slower to scan afterwards). */
export function splitMessage(text: string): SplitMessage {
  const headers: RawHeader[] = [];
  const lines = new LineEnds(text);
  let current: RawHeader | null = null;
  // current's value so far: text[start, stop), or `joined` once a line
  // break other than \n has been replaced.
  let start = 0;
  let stop = 0;
  let joined: string | null = null;
  const close = () => {
    if (current) current.value = joined ?? text.slice(start, stop);
    current = null;
  };
  let pos = 0;
  while (pos < text.length) {
    const end = lines.after(pos);
    const contentStop = contentEnd(text, end);
    if (contentStop === pos && end > pos) {
      close();
      return { headers, body: text.slice(end) };
    }
    if (!isHeaderLineAt(text, pos)) break;
    const first = text.charCodeAt(pos);
    if (first === 0x20 || first === 0x09) {
      if (current) {
        if (joined === null && pos === stop + 1 && text.charCodeAt(stop) === 0x0a) stop = contentStop;
        else joined = (joined ?? text.slice(start, stop)) + '\n' + text.slice(pos, contentStop);
      }
    } else {
      close();
      if (text.startsWith('From ', pos)) {
        const line = text.slice(pos, end);
        const next = text.slice(end, lines.after(end));
        if (pos > 0 && (next === '' || isBlankLine(next) || !isHeaderLineAt(text, end))) {
          return { headers, body: line + text.slice(isBlankLine(next) ? end + next.length : end) };
        }
      } else {
        const colon = text.indexOf(':', pos);
        if (colon > pos) {
          const name = text.slice(pos, colon);
          start = colon + 1;
          while (start < contentStop && (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09)) start++;
          stop = contentStop;
          joined = null;
          current = { name, key: name.toLowerCase(), value: '' };
          headers.push(current);
        }
      }
    }
    pos = end;
  }
  close();
  return { headers, body: text.slice(pos) };
}

const isBlankLine = (line: string) => line === '\n' || line === '\r\n' || line === '\r';

/** Where lines end: like Python's email parser, a lone CR ends a line too.
 * The next CR and LF are remembered, so each search moves forward only and
 * a text without a CR is searched for one once. */
class LineEnds {
  private cr = -1;
  private lf = -1;
  constructor(private readonly text: string) {}

  /** Index after the line that starts at `at`. */
  after(at: number): number {
    const { text } = this;
    if (this.cr < at) this.cr = found(text.indexOf('\r', at));
    if (this.lf < at) this.lf = found(text.indexOf('\n', at));
    if (this.cr < this.lf) return this.cr + 1 === this.lf ? this.lf + 1 : this.cr + 1;
    return this.lf === Infinity ? text.length : this.lf + 1;
  }
}

const found = (index: number) => (index < 0 ? Infinity : index);

/** Where the line ending at `end` (LineEnds' answer) stops before its line break. */
function contentEnd(text: string, end: number): number {
  const last = text.charCodeAt(end - 1);
  if (last === 10) return text.charCodeAt(end - 2) === 13 ? end - 2 : end - 1;
  return last === 13 ? end - 1 : end;
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

/** Every `<...>` token (upstream's `<[^>]+>`), left to right. Found with
 * indexOf: the regular expression rescans to the end from every `<` that no
 * `>` follows, quadratic in a header of `<` alone. */
function bracketedTokens(value: string, max = Infinity): string[] {
  const tokens: string[] = [];
  let open = value.indexOf('<');
  while (open >= 0 && tokens.length < max) {
    const close = value.indexOf('>', open + 1);
    if (close < 0) break;
    if (close > open + 1) tokens.push(value.slice(open, close + 1));
    open = value.indexOf('<', close + 1);
  }
  return tokens;
}

/** §4.3/§4.4: the first `<...>` token, or the whole value; cut to 255. */
export function firstMsgid(cleaned: string): string {
  const [token] = bracketedTokens(cleaned, 1);
  return (token ?? pyStrip(cleaned)).slice(0, 255);
}

/** §4.4: In-Reply-To values in header order, then References tokens newest first, no repeats from References. */
export function findRefs(headers: RawHeader[], options: DecodeOptions = {}): string[] {
  const refs: string[] = [];
  // A set beside the list: a reply may carry tens of thousands of ids, and a
  // scan of the list per id would make this quadratic in the header's size.
  const seen = new Set<string>();
  for (const v of allHeaders(headers, 'In-Reply-To')) {
    const cleaned = cleanHeader(v, options);
    if (!cleaned) continue;
    const ref = firstMsgid(cleaned);
    refs.push(ref);
    seen.add(ref);
  }
  for (const v of allHeaders(headers, 'References')) {
    const cleaned = cleanHeader(v, options);
    if (!cleaned) continue;
    const tokens = bracketedTokens(cleaned).reverse();
    for (const t of tokens) {
      const ref = t.slice(0, 255);
      if (seen.has(ref)) continue;
      seen.add(ref);
      refs.push(ref);
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
    const bracketed = bracketedTokens(value);
    if (bracketed.length) ids.push(bracketed[bracketed.length - 1].slice(1, -1));
    else if (!/\s/.test(value)) ids.push(value);
  }
  return ids;
}

/** §4.2: every header as upstream stores it, `Name: value` lines joined by
 * `\n`, each value decoded and encoded again as Python's email package
 * does (src/mail/header-encode.ts); NULs removed. */
export function storedHeaders(headers: RawHeader[]): string {
  const lines: string[] = [];
  for (const h of headers) {
    const value = reencodeHeader(h.name, h.value);
    if (value !== null) lines.push(`${h.name}: ${value}`);
  }
  return lines.join('\n').replace(/\0/g, '');
}
