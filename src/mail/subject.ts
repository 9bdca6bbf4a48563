// §5: subject cleaning, prefixes, version, series marker, reply detection.
// Input is the cleaned Subject (§4.1).
import { PY_SPACE, normaliseSpace } from './pytext.ts';
import type { Subject } from './types.ts';

const REPLY_OR_FORWARD = new RegExp(`^(?:re|fwd?)[:${PY_SPACE.slice(1, -1)}]${PY_SPACE}*`, 'i');
const REPLY = new RegExp(`^re[:${PY_SPACE.slice(1, -1)}]`, 'i');
const PREFIX_GROUP = new RegExp(`^\\[([^\\]]*)\\]${PY_SPACE}*`);
const SPLIT = new RegExp(`[,${PY_SPACE.slice(1, -1)}]+`);
const MERCURIAL = /^PATCH (\d+ of \d+)(.*)$/s;
const VERSION_TOKEN = /^[vV](\d+)$/;
const VERSION_IN_NAME = /\([vV](\d+)\)/;

/** §5.1.1 */
export function splitPrefixes(group: string): string[] {
  const m = MERCURIAL.exec(group);
  const tokens = (s: string) => s.split(SPLIT).filter((t) => t !== '');
  return m ? ['PATCH', m[1], ...tokens(m[2])] : tokens(group);
}

/** §5.1: (name, prefixes); `drop` lists extra prefixes to remove (case-insensitive). */
export function cleanSubject(cleaned: string, drop: readonly string[] = []): { name: string; prefixes: string[] } {
  const dropped = new Set([...drop.map((d) => d.toLowerCase()), 'patch']);
  let rest = normaliseSpace(cleaned.replace(REPLY_OR_FORWARD, ' '));
  const prefixes: string[] = [];
  for (let m = PREFIX_GROUP.exec(rest); m; m = PREFIX_GROUP.exec(rest)) {
    for (const t of splitPrefixes(m[1])) if (!dropped.has(t.toLowerCase())) prefixes.push(t);
    rest = rest.slice(m[0].length);
  }
  rest = normaliseSpace(rest);
  return { name: prefixes.length ? `[${prefixes.join(',')}] ${rest}` : rest, prefixes };
}

/** Upstream stores version and total in 32-bit integer columns and a patch's
 * number in a small one; a larger number fails its database insert, losing the
 * mail. Here a number out of those ranges is not read as one, and the mail is
 * kept as if the token were plain text. */
const INT_MAX = 2 ** 31 - 1;
const SMALLINT_MAX = 2 ** 15 - 1;

/** The decimal digits as a number when at most `max`, else null. */
function boundedInt(digits: string, max: number): number | null {
  const significant = digits.replace(/^0+/, '');
  if (significant.length > String(max).length) return null;
  const value = Number(significant || '0');
  return value <= max ? value : null;
}

/** §5.2 */
export function parseVersion(name: string, prefixes: readonly string[]): number {
  for (const p of prefixes) {
    const m = VERSION_TOKEN.exec(p);
    const version = m && boundedInt(m[1], INT_MAX);
    if (version !== null) return version;
  }
  const m = VERSION_IN_NAME.exec(name);
  return (m && boundedInt(m[1], INT_MAX)) ?? 1;
}

const isDigit = (s: string, i: number) => i >= 0 && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;

/** Upstream's `^.*?([0-9]+)(?:/| of )([0-9]+)$` on one token, scanned from
 * the end: the regex backtracks quadratically on a long run of digits. */
function markerOf(token: string): { x: number; n: number } | null {
  let i = token.length;
  while (isDigit(token, i - 1)) i--;
  if (i === token.length) return null;
  let sep: number;
  if (token[i - 1] === '/') sep = i - 1;
  else if (token.slice(i - 4, i) === ' of ') sep = i - 4;
  else return null;
  let j = sep;
  while (isDigit(token, j - 1)) j--;
  if (j === sep) return null;
  const x = boundedInt(token.slice(j, sep), SMALLINT_MAX);
  const n = boundedInt(token.slice(i), INT_MAX);
  return x === null || n === null ? null : { x, n };
}

/** §5.3 */
export function parseSeriesMarker(prefixes: readonly string[]): { x: number; n: number } | null {
  for (const p of prefixes) {
    const marker = markerOf(p);
    if (marker) return marker;
  }
  return null;
}

/** §5.4 */
export function isReplySubject(cleaned: string): boolean {
  return REPLY.test(cleaned);
}

/** §5 all at once; the name is cut to 255 characters as stored. */
export function parseSubject(cleaned: string, drop: readonly string[] = []): Subject {
  const { name, prefixes } = cleanSubject(cleaned, drop);
  return {
    name: name.slice(0, 255),
    prefixes,
    version: parseVersion(name, prefixes),
    series: parseSeriesMarker(prefixes),
  };
}
