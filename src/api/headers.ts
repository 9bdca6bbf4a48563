// Computed text fields of patch/cover/comment details (API.md §7.3, §7.4).

/** The stored header block as an object: names as stored, in order of first
 * appearance; a repeated header maps to an array. Values stay raw (folding
 * and encoded-words kept). */
export function headersObject(block: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let name: string | null = null;
  let value = '';
  const flush = () => {
    if (name === null) return;
    const prev = out[name];
    if (prev === undefined) out[name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[name] = [prev, value];
  };
  for (const line of block.split('\n')) {
    if (line === '') continue;
    if ((line[0] === ' ' || line[0] === '\t') && name !== null) {
      value += '\n' + line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    flush();
    name = line.slice(0, colon);
    value = line.slice(colon + 1).replace(/^[ \t]+/, '');
  }
  flush();
  return out;
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
