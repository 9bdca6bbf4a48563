// mbox regeneration of one patch or cover letter (docs/ingest.md §13.1, docs/api.md
// §8.2), byte-compatible with what upstream's downloads give `git am`.
// Pure functions: the caller loads the rows, these only format them.
import { headerEncode } from './encoded-words.ts';
import { foldValue } from './header-encode.ts';
import { UTF_8 } from './mail-charset.ts';
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
/** RFC 2047 encoded word in utf-8, Q or B, whichever is shorter (Q on a tie). */
export function encodeWord(text: string): string {
  return headerEncode(text, UTF_8);
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

/** One header as upstream's generator writes it: folded at 78 columns,
 * non-ASCII text as utf-8 encoded words (src/mail/header-encode.ts). */
export function foldHeader(name: string, value: string): string {
  return `${name}: ${foldValue(name, value) ?? value}`;
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
    foldHeader('X-Patchwork-Submitter', submitter),
    `X-Patchwork-Id: ${s.id}`,
  ];
  // A delegate without an e-mail address still gets the header, as upstream writes it.
  if (s.delegateEmail !== null) lines.push(foldHeader('X-Patchwork-Delegate', s.delegateEmail));
  let hasDate = false;
  for (const [name, value] of headerFields(s.headers)) {
    // Upstream compares these names case-sensitively; `Content-type` passes.
    if (name === 'Content-Type' || name === 'Content-Transfer-Encoding') continue;
    if (name.toLowerCase() === 'date') hasDate = true;
    if (name === 'From' && fromAddress(value) === s.listEmail) {
      lines.push(foldHeader('X-Patchwork-Original-From', value));
      lines.push(foldHeader('From', submitter));
      continue;
    }
    lines.push(foldHeader(name, value));
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
