// §4.5: splitting From into (name, email), address validation, and DMARC
// un-munging for mail a list re-sent under its own address.
import { PY_SPACE, PY_WORD, pyStrip } from './pytext.ts';
import { INVALID_FROM, MalformedMailError, type Author } from './types.ts';

const S = PY_SPACE;
const FORMS: [RegExp, (g: string[]) => [string | null, string]][] = [
  [new RegExp(`^"?(.*?)"?${S}*<([^>]+)>`), (g) => [g[1], g[2]]],
  [new RegExp(`^(.*?)${S}at${S}(.*?)${S}*\\(([^)]+)\\)`), (g) => [g[3], `${g[1]}@${g[2]}`]],
  [new RegExp(`^"?(.*?)"?${S}*\\(([^)]+)\\)`), (g) => [g[2], g[1]]],
];

/** The table of §4.5: the first form that matches the start of the value wins. */
export function splitAddress(value: string): { name: string | null; email: string } {
  for (const [re, pick] of FORMS) {
    const m = re.exec(value);
    if (m) {
      const [name, email] = pick(m);
      return { name, email };
    }
  }
  return { name: null, email: value };
}

const ATOM = `[${PY_WORD}!#$%&"*+/=?^\`{|}~-]+`;
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const ADDRESS = new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+${LABEL}$`, 'u');

export function isValidAddress(email: string): boolean {
  return ADDRESS.test(email);
}

/** (name, email) as upstream's parse of a cleaned From, with a null email when the address is invalid. */
export function parseFrom(cleaned: string): { name: string | null; email: string | null } {
  const { name, email } = splitAddress(cleaned);
  const trimmed = pyStrip(email);
  return { name: name === null ? null : pyStrip(name), email: isValidAddress(trimmed) ? trimmed : null };
}

/** DMARC un-munging inputs: cleaned X-Original-From, Reply-To and Cc values. */
export interface DmarcHeaders {
  xOriginalFrom: string | null;
  replyTo: string[];
  cc: string[];
}

function strippedName(name: string | null): string | null {
  if (name === null) return null;
  let base: string | null = null;
  const via = name.lastIndexOf(' via ');
  if (via >= 0) base = name.slice(0, via);
  else if (name.endsWith(' via')) base = name.slice(0, -4);
  if (base === null) return null;
  return pyStrip(base).replace(/^'+|'+$/g, '');
}

/** A name that strips to nothing stays '' (as upstream stores `<a@b>` or
 * `"" <a@b>`); only a From with no name part at all gives null. */
function limit(name: string | null): string | null {
  return name === null ? null : pyStrip(name).slice(0, 255);
}

/** §4.5 submitter from a cleaned From. Throws INVALID_FROM for an empty From or an
 * invalid address. When the address is the list's own (`listEmail`), the real
 * author is recovered from X-Original-From, Reply-To or Cc; where upstream
 * crashes (no name, unparsable X-Original-From) the list identity is kept. */
export function resolveAuthor(cleanedFrom: string, listEmail: string | null | undefined, dmarc: DmarcHeaders): Author {
  const parsed = cleanedFrom ? parseFrom(cleanedFrom) : null;
  if (!parsed || parsed.email === null) throw new MalformedMailError(INVALID_FROM);
  const author: Author = { name: limit(parsed.name), email: parsed.email.slice(0, 255) };
  if (!listEmail || author.email.toLowerCase() !== listEmail.toLowerCase()) return author;
  const name = strippedName(parsed.name);
  if (dmarc.xOriginalFrom) {
    const original = pyStrip(splitAddress(dmarc.xOriginalFrom).email);
    return isValidAddress(original) ? { name: limit(name), email: original.slice(0, 255) } : author;
  }
  if (name === null && parsed.name === null) return author;
  for (const value of [...dmarc.replyTo, ...dmarc.cc]) {
    for (const piece of value.split(',')) {
      const candidate = splitAddress(piece);
      const candidateName = candidate.name === null ? null : pyStrip(candidate.name);
      if (candidateName === name) {
        const email = pyStrip(candidate.email);
        if (isValidAddress(email)) return { name: limit(name), email: email.slice(0, 255) };
      }
    }
  }
  return author;
}
