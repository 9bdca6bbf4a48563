// Python's fnmatch as delegation rules use it (docs/ingest.md §11): `*` matches
// anything including `/`, `?` one character, `[seq]` and `[!seq]` a set;
// case-sensitive (POSIX); the whole name must match.

const cache = new Map<string, RegExp>();

function fnmatchRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else if (ch === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        out += '\\[';
        continue;
      }
      let set = pattern.slice(i + 1, j);
      i = j;
      const negate = set.startsWith('!');
      if (negate) set = set.slice(1);
      // Inside a class only backslash, caret and closing bracket need escaping; a hyphen keeps its range meaning.
      set = set.replace(/[\\^\]]/g, '\\$&');
      out += set === '' ? (negate ? '[\\s\\S]' : '(?!)') : `[${negate ? '^' : ''}${set}]`;
    } else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  re = new RegExp(`^${out}$`);
  cache.set(pattern, re);
  return re;
}

export function fnmatch(name: string, pattern: string): boolean {
  return fnmatchRegExp(pattern).test(name);
}
