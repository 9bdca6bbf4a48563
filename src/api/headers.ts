// Computed text fields of patch/cover/comment details (docs/api.md §7.3, §7.4).
import { JsonText } from '../http/json.ts';

/** The stored header block as an object, as upstream builds it: each name
 * as stored, in order of first appearance, maps to the values of every
 * header with that name in any case (a case variant such as `CC` next to
 * `Cc` gets the same list); one value is a string, more an array. Values
 * stay as stored (folding and encoded words kept). */
export function headersObject(block: string): Record<string, string | string[]> {
  // A scan rather than split and a regex per line: blocks of real mail run
  // to 8 KB (Received chains), and this runs for every detail and every
  // comment rendered.
  const names: string[] = [];
  const values: string[] = [];
  for (let start = 0; start < block.length; ) {
    let end = block.indexOf('\n', start);
    if (end < 0) end = block.length;
    const first = block.charCodeAt(start);
    if ((first === 0x20 || first === 0x09) && names.length > 0) {
      values[values.length - 1] += '\n' + block.slice(start, end);
    } else {
      const colon = block.indexOf(':', start);
      if (colon > start && colon < end) {
        let at = colon + 1;
        while (at < end && (block.charCodeAt(at) === 0x20 || block.charCodeAt(at) === 0x09)) at++;
        names.push(block.slice(start, colon));
        values.push(block.slice(at, end));
      }
    }
    start = end + 1;
  }
  const byKey = new Map<string, string[]>();
  for (let i = 0; i < names.length; i++) {
    const key = names[i].toLowerCase();
    const list = byKey.get(key);
    if (list) list.push(values[i]);
    else byKey.set(key, [values[i]]);
  }
  // Entries, not assignments: a header may be called `__proto__`.
  const entries = new Map<string, string | string[]>();
  for (const name of names) {
    if (entries.has(name)) continue;
    const list = byKey.get(name.toLowerCase())!;
    entries.set(name, list.length === 1 ? list[0] : list);
  }
  return Object.fromEntries(entries);
}

/** The `headers` field's JSON: the object of headersObject() as text. One
 * JSON.stringify of this flat object of strings takes half the time of the
 * field-by-field writer (src/http/json.ts) walking it, and gives the same
 * bytes. */
export function headersJson(block: string): JsonText {
  return new JsonText(JSON.stringify(headersObject(block)));
}

/** Tokens of the leading `[...]` groups of a stored name, without `PATCH`. */
export function prefixesOf(name: string): string[] {
  const tokens: string[] = [];
  let rest = name;
  for (let m = /^\s*\[([^\]]*)\]/.exec(rest); m; m = /^\s*\[([^\]]*)\]/.exec(rest)) {
    for (const t of m[1].split(/[\s,]+/)) if (t !== '' && t.toUpperCase() !== 'PATCH') tokens.push(t);
    rest = rest.slice(m[0].length);
  }
  return tokens;
}
