// Pure conversions from what a remote's API shows back to what pwlite
// stores (docs/mirrors.md "Fidelity"): dates, the header block behind a
// `headers` object, patch numbers.
import { parseFilterDate } from '../util/time.ts';

/** An API date (`2024-03-01T09:15:02`, optional fraction, optional Z) as stored. */
export function storedDate(api: string): string {
  const stored = parseFilterDate(api);
  if (stored === null) throw new Error(`unreadable date '${api}'`);
  return stored;
}

export type HeadersObject = Record<string, string | string[]>;

/** (name, value) fields in the order the `headers` object implies: names in
 * order of first appearance, a repeated name's values together. */
export function objectFields(headers: HeadersObject): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    for (const v of Array.isArray(value) ? value : [value]) fields.push([name, v]);
  }
  return fields;
}

export const hasRepeatedHeader = (headers: HeadersObject) => Object.values(headers).some(Array.isArray);

/** Names the mbox writes before the stored headers (docs/mirrors.md). */
const MBOX_PREAMBLE = new Set(['content-type', 'mime-version', 'content-transfer-encoding', 'x-patchwork-submitter', 'x-patchwork-id', 'x-patchwork-delegate']);
/** Stored names the mbox leaves out (compared case-sensitively, as upstream does). */
const MBOX_SKIPPED = new Set(['Content-Type', 'Content-Transfer-Encoding']);

/** Header names of an mbox message's header block, in order, without the
 * preamble pwlite and upstream write before the stored headers. */
export function mboxHeaderNames(mbox: string): string[] {
  const end = mbox.indexOf('\n\n');
  const lines = (end < 0 ? mbox : mbox.slice(0, end)).split('\n');
  const names: string[] = [];
  let preamble = true;
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line)) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon);
    if (preamble && MBOX_PREAMBLE.has(name.toLowerCase())) continue;
    preamble = false;
    names.push(name === 'X-Patchwork-Original-From' ? 'From' : name);
  }
  return names;
}

/** The stored order of a header block whose `headers` object repeats a
 * name: the object gives the values and the order of first appearance but
 * not how repeated names interleave; the remote's mbox, written from the
 * stored block in its order, gives that. Names the mbox leaves out are put
 * back where the object's first-appearance order puts them. */
export function orderFields(headers: HeadersObject, mboxNames: readonly string[]): [string, string][] {
  const queues = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) queues.set(name, Array.isArray(value) ? [...value] : [value]);
  const ordered: [string, string][] = [];
  let fromSeen = false;
  for (const name of mboxNames) {
    // A munged From is written twice (original, then the submitter): one stored field.
    if (name === 'From') {
      if (fromSeen && ordered[ordered.length - 1]?.[0] === 'From') continue;
      fromSeen = true;
    }
    const queue = queues.get(name);
    if (queue?.length) ordered.push([name, queue.shift()!]);
  }
  const keys = Object.keys(headers);
  const rank = new Map(keys.map((k, i) => [k, i]));
  // Names the mbox skipped, and anything left unmatched, go before the first
  // field of a later-appearing name, keeping first-appearance order intact.
  for (const name of keys) {
    const rest = queues.get(name)!;
    if (rest.length === 0) continue;
    const r = rank.get(name)!;
    let at = ordered.findIndex(([n]) => rank.get(n)! > r);
    const last = ordered.map(([n]) => n).lastIndexOf(name);
    if (last >= 0) at = last + 1;
    if (at < 0) at = ordered.length;
    ordered.splice(at, 0, ...rest.map((v): [string, string] => [name, v]));
    rest.length = 0;
  }
  return ordered;
}

export function isMboxSkipped(name: string): boolean {
  return MBOX_SKIPPED.has(name);
}

/** The stored header block for fields. */
export function headerBlock(fields: readonly [string, string][]): string {
  return fields.map(([name, value]) => `${name}: ${value}`).join('\n');
}

/** A patch's number in its series, from the `n/m` prefix of its name. */
export function patchNumber(name: string): number | null {
  const group = /^\s*\[([^\]]*)\]/.exec(name);
  if (!group) return null;
  for (const token of group[1].split(/[\s,]+/)) {
    const m = /^(\d+)\/(\d+)$/.exec(token);
    if (m) return Number(m[1]);
  }
  return null;
}

/** The id at the end of an API URL such as `.../series/12/`. */
export function idOfUrl(url: string): number {
  const m = /\/(\d+)\/?(?:[?#].*)?$/.exec(url);
  if (!m) throw new Error(`no id in '${url}'`);
  return Number(m[1]);
}

/** The patch ids of an mbox download, in order (X-Patchwork-Id headers). */
export function mboxPatchIds(mbox: string): number[] {
  return [...mbox.matchAll(/^From patchwork [^\n]*\n(?:[^\n]+\n)*?X-Patchwork-Id: (\d+)$/gm)].map((m) => Number(m[1]));
}
