// mbox regeneration of one patch or cover letter (INGEST.md §13.1, API.md
// §8.2), byte-compatible with what upstream's downloads give `git am`.
// Pure functions: the caller loads the rows, these only format them.
import { pyRstrip, pyStrip } from './pytext.ts';

export interface MboxSubmission {
  id: number;
  /** Stored naive UTC timestamp. */
  date: string;
  /** The stored header block: `Name: value` lines joined by `\n`. */
  headers: string;
  content: string | null;
  /** The patch's diff; null for a cover letter. */
  diff: string | null;
  submitterName: string | null;
  submitterEmail: string;
  delegateEmail: string | null;
  /** The project's list address: a From carrying it was munged by the list. */
  listEmail: string;
  /** Contents of the submission's own comments, oldest first. */
  comments: readonly (string | null)[];
}

// Python's `^`/`$` under re.M: only `\n` ends a line (JS's `m` flag also
// breaks at `\r`, U+2028 and U+2029).
const POSTSCRIPT = /(?<=^|\n)-{2,3} ?(?=\n|$)/;
const TRAILER = /(?<=^|\n)(Tested|Reviewed|Acked|Signed-off|Nacked|Reported)-by:[^\n]*/gi;

/** Commit message, then trailers from replies, then the `---` notes, then the diff. */
export function mboxBody(s: Pick<MboxSubmission, 'content' | 'diff' | 'comments'>): string {
  let body = s.content ? pyStrip(s.content) + '\n' : '';
  let postscript = '';
  const sep = POSTSCRIPT.exec(body);
  if (sep) {
    postscript = pyRstrip(body.slice(sep.index + sep[0].length));
    body = pyStrip(body.slice(0, sep.index)) + '\n';
  }
  for (const comment of s.comments) {
    if (!comment) continue;
    for (const m of comment.matchAll(TRAILER)) body += m[0] + '\n';
  }
  if (postscript) body += '---' + postscript + '\n';
  if (s.diff) body += '\n' + s.diff;
  return body;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

function utc(stored: string): Date {
  return new Date(stored.slice(0, 19) + 'Z');
}

const clock = (d: Date) => `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;

/** C's ctime(): `Wed Jun  1 20:00:54 2016`, the day padded with a space. */
export function ctime(stored: string): string {
  const d = utc(stored);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${clock(d)} ${d.getUTCFullYear()}`;
}

/** RFC 2822 date in UTC with the `-0000` zone, as Python's formatdate() writes it. */
export function rfc2822Date(stored: string): string {
  const d = utc(stored);
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${clock(d)} -0000`;
}

const SPECIALS = /[()<>@,:;".[\]\\]/;
const QP_LITERAL = /[-!*+/A-Za-z0-9]/;
const qLength = (bytes: Buffer) => bytes.reduce((n, b) => n + (b === 0x20 || (b < 0x80 && QP_LITERAL.test(String.fromCharCode(b))) ? 1 : 3), 0);
const bLength = (bytes: Buffer) => Math.ceil(bytes.length / 3) * 4;

function qEncode(bytes: Buffer): string {
  let q = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    q += byte === 0x20 ? '_' : byte < 0x80 && QP_LITERAL.test(ch) ? ch : '=' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return q;
}

/** Python's SHORTEST choice for utf-8: B when strictly shorter, else Q. */
const useBase64 = (bytes: Buffer) => bLength(bytes) < qLength(bytes);

const word = (bytes: Buffer, base64: boolean) =>
  base64 ? `=?utf-8?b?${bytes.toString('base64')}?=` : `=?utf-8?q?${qEncode(bytes)}?=`;

/** RFC 2047 encoded word in utf-8, Q or B, whichever is shorter (Q on a tie). */
export function encodeWord(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return word(bytes, useBase64(bytes));
}

/** `Name <email>` as Python's formataddr() writes it: specials quoted, a
 * non-ASCII name encoded, no name → the bare address. */
export function formatAddress(name: string | null, email: string): string {
  if (!name) return email;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(name)) return `${encodeWord(name)} <${email}>`;
  const quote = SPECIALS.test(name) ? '"' : '';
  return `${quote}${name.replace(/[\\"]/g, '\\$&')}${quote} <${email}>`;
}

const MAX_LINE = 78;

/** Folds one header the way Python's compat32 generator does for ASCII
 * values: existing line breaks are kept; a line longer than 78 columns is
 * broken at whitespace, preferring a break after `;`, then after `,`, then
 * at the last space or tab that keeps the line short enough. */
export function foldHeader(name: string, value: string): string {
  const out: string[] = [];
  const lines = value.split('\n');
  for (let li = 0; li < lines.length; li++) {
    // Chunks are (leading whitespace, word) pairs, as Python splits them.
    const chunks: Chunk[] = [];
    const re = /([ \t]*)([^ \t]*)/g;
    const text = lines[li];
    for (let m = re.exec(text); m && (m[0] !== '' || re.lastIndex < text.length); m = re.exec(text)) {
      chunks.push([m[1], m[2]]);
      if (m[0] === '') re.lastIndex++;
    }
    let initial = li === 0 ? name.length + 2 : 0;
    let current: Chunk[] = [];
    const width = () => initial + current.reduce((n, [f, w]) => n + f.length + w.length, 0);
    for (const chunk of chunks) {
      current.push(chunk);
      if (width() <= MAX_LINE) continue;
      const at = splitPoint(current);
      if (at > 0) {
        out.push(joinChunks(current.slice(0, at)));
        current = current.slice(at);
        initial = 0;
      } else if (initial > 0) {
        // One word longer than the line: give it a line of its own.
        const last = current.pop()!;
        endLine(out, current, initial, true);
        current = [[last[0] || ' ', last[1]]];
        initial = 0;
      }
    }
    // Python ends every line of a multi-line value the same way, but a
    // one-line value is closed differently and keeps its trailing space.
    endLine(out, current, initial, lines.length > 1);
  }
  return `${name}: ${out.join('\n')}`;
}

type Chunk = [string, string];

const joinChunks = (chunks: Chunk[]) => chunks.map(([f, w]) => f + w).join('');

/** Python's end of a folded line: one trailing space is dropped (when
 * `trim`), an empty continuation line disappears, a blank one joins the
 * line before. */
function endLine(out: string[], chunks: Chunk[], initial: number, trim: boolean): void {
  const last = chunks[chunks.length - 1];
  if (trim && last && last[0] === ' ' && last[1] === '') chunks = chunks.slice(0, -1);
  const text = joinChunks(chunks);
  if (initial + text.length === 0) return;
  if (initial === 0 && text.trim() === '' && out.length > 0) out[out.length - 1] += text;
  else out.push(text);
}

function splitPoint(parts: Chunk[]): number {
  for (const ch of [';', ',', ' ', '\t']) {
    for (let i = parts.length - 1; i > 0; i--) {
      if (ch === ' ' || ch === '\t') {
        if (parts[i][0].startsWith(ch)) return i;
      }
      const prev = parts[i - 1][1];
      if (prev.endsWith(ch)) return i;
    }
  }
  return 0;
}

/** Splits a stored header block into (name, value) fields; continuation
 * lines stay in the value with their line breaks. */
export function headerFields(block: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const line of block.split('\n')) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1][1] += '\n' + line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+/, '')]);
  }
  return fields;
}

/** The address of a From value, split as upstream's parser splits it. */
export function fromAddress(value: string): string {
  const angle = /^"?(.*?)"?\s*<([^>]+)>/.exec(value);
  if (angle) return angle[2].trim();
  const at = /^(.*?)\sat\s(.*?)\s*\(([^)]+)\)/.exec(value);
  if (at) return `${at[1]}@${at[2]}`.trim();
  const paren = /^"?(.*?)"?\s*\(([^)]+)\)/.exec(value);
  if (paren) return paren[1].trim();
  return value.trim();
}

/** One header for emission. A value holding non-ASCII text (a header stored
 * as UTF-8) is written as encoded words, as upstream's generator does. */
function emit(name: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(value) ? `${name}: ${encodeWords(name, value)}` : foldHeader(name, value);
}

/** Python's header_encode_lines(): one encoding chosen for the whole text,
 * then as many characters per word as fit the line (78 columns; the first
 * line also holds `Name: `). */
function encodeWords(name: string, value: string): string {
  const lines: string[] = [];
  value.split('\n').forEach((line, i) => {
    const text = i === 0 ? line : ' ' + line.trimStart();
    const base64 = useBase64(Buffer.from(text, 'utf8'));
    const measure = base64 ? bLength : qLength;
    let limit = (i === 0 ? MAX_LINE - name.length - 2 : MAX_LINE) - 12;
    const words: string[] = [];
    let piece = '';
    for (const ch of text) {
      if (piece && measure(Buffer.from(piece + ch, 'utf8')) > limit) {
        words.push(word(Buffer.from(piece, 'utf8'), base64));
        piece = '';
        limit = MAX_LINE - 1 - 12;
      }
      piece += ch;
    }
    words.push(word(Buffer.from(piece, 'utf8'), base64));
    lines.push((i === 0 ? '' : ' ') + words[0], ...words.slice(1).map((w) => ' ' + w));
  });
  return lines.join('\n');
}

/** One submission as an mbox message: the `From ` line, headers, a blank line, the body. */
export function submissionMbox(s: MboxSubmission): string {
  const body = mboxBody(s);
  const submitter = formatAddress(s.submitterName, s.submitterEmail);
  // eslint-disable-next-line no-control-regex
  const cte = /[^\x00-\x7f]/.test(body) ? '8bit' : '7bit';
  const lines = [
    `From patchwork ${ctime(s.date)}`,
    'Content-Type: text/plain; charset="utf-8"',
    'MIME-Version: 1.0',
    `Content-Transfer-Encoding: ${cte}`,
    emit('X-Patchwork-Submitter', submitter),
    `X-Patchwork-Id: ${s.id}`,
  ];
  // A delegate without an e-mail address still gets the header, as upstream writes it.
  if (s.delegateEmail !== null) lines.push(emit('X-Patchwork-Delegate', s.delegateEmail));
  let hasDate = false;
  for (const [name, value] of headerFields(s.headers)) {
    // Upstream compares these names case-sensitively; `Content-type` passes.
    if (name === 'Content-Type' || name === 'Content-Transfer-Encoding') continue;
    if (name.toLowerCase() === 'date') hasDate = true;
    if (name === 'From' && fromAddress(value) === s.listEmail) {
      lines.push(emit('X-Patchwork-Original-From', value));
      lines.push(emit('From', submitter));
      continue;
    }
    lines.push(emit(name, value));
  }
  if (!hasDate) lines.push(`Date: ${rfc2822Date(s.date)}`);
  // Upstream's generator writes every CRLF or lone CR of the body as `\n`.
  return lines.join('\n') + '\n\n' + body.replace(/\r\n?/g, '\n');
}

/** Multi-message downloads: the messages joined by a single `\n`, yielded
 * one at a time so a large download never sits in memory whole. */
export function* joinMessages(messages: Iterable<string>): Generator<string> {
  let first = true;
  for (const message of messages) {
    yield first ? message : '\n' + message;
    first = false;
  }
}

/** Download file name: runs outside `[-_A-Za-z0-9.]` become `-`, then `-`
 * is trimmed from both ends. */
export function downloadFilename(name: string): string {
  return name.replace(/[^-_A-Za-z0-9.]+/g, '-').replace(/^-+|-+$/g, '');
}
