// Computed text fields of patch/cover/comment details (docs/api.md §7.3, §7.4).

/** The stored header block as an object, as upstream builds it: each name
 * as stored, in order of first appearance, maps to the values of every
 * header with that name in any case (a case variant such as `CC` next to
 * `Cc` gets the same list); one value is a string, more an array. Values
 * stay as stored (folding and encoded words kept). */
export function headersObject(block: string): Record<string, string | string[]> {
  const fields: [string, string][] = [];
  for (const line of block.split('\n')) {
    if (line === '') continue;
    const last = fields[fields.length - 1];
    if ((line[0] === ' ' || line[0] === '\t') && last) {
      last[1] += '\n' + line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+/, '')]);
  }
  const byKey = new Map<string, string[]>();
  for (const [name, value] of fields) {
    const key = name.toLowerCase();
    const values = byKey.get(key);
    if (values) values.push(value);
    else byKey.set(key, [value]);
  }
  // Entries, not assignments: a header may be called `__proto__`.
  const entries = new Map<string, string | string[]>();
  for (const [name] of fields) {
    if (entries.has(name)) continue;
    const values = byKey.get(name.toLowerCase())!;
    entries.set(name, values.length === 1 ? values[0] : values);
  }
  return Object.fromEntries(entries);
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
