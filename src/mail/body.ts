// §6.2-§6.4: the patch and comment extractors over decoded text parts.
import { splitDiff } from './diff.ts';
import type { TextPart } from './mime.ts';
import { pyStrip } from './pytext.ts';

// A line starts only after \n, as under Python's re.M (JS's m flag also breaks at \r and U+2028).
const SIGNATURE = /(?<=^|\n)(?:-- |_+)\n[\s\S]*/;

/** §6.4: cut at the first `-- ` or all-underscore line, then trim, then drop
 * NULs (in that order, as upstream: a NUL shields whitespace from the trim). */
export function stripSignature(text: string): string {
  return pyStrip(text.replace(SIGNATURE, '')).replace(/\0/g, '');
}

/** §6.2, for mails that are not replies. */
export function extractPatch(parts: readonly TextPart[]): { diff: string | null; content: string } {
  let diff: string | null = null;
  let comment = '';
  for (const { subtype, text } of parts) {
    if (subtype === 'x-patch' || subtype === 'x-diff') {
      diff = text;
    } else if (subtype === 'plain') {
      let c: string | null = text;
      if (!diff) ({ diff, comment: c } = splitDiff(text));
      if (c !== null) comment += pyStrip(c) + '\n';
    }
  }
  return { diff: diff === null ? null : diff.replace(/\0/g, ''), content: stripSignature(comment) };
}

/** §6.3, for replies: plain parts only, no diff split. */
export function extractComment(parts: readonly TextPart[]): string {
  let comment = '';
  for (const { subtype, text } of parts) if (subtype === 'plain' && text) comment += pyStrip(text) + '\n';
  return stripSignature(comment);
}
