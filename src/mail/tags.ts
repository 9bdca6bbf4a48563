// §9: tag counting from text. Patterns are the Tag table's (`^Acked-by:` and
// so on), matched case-insensitively with ^ at every line start, so quoted
// (`> Acked-by:`), indented and mid-line mentions do not count.

export interface TagPattern {
  pattern: string;
}

const compiled = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = tryRegExp(pattern, 'gimu') ?? tryRegExp(pattern, 'gim');
    compiled.set(pattern, re);
  }
  return re;
}

// Unicode mode makes \w and case folding match Python's, but it rejects
// identity escapes such as `\-` that Python accepts; those compile without it.
function tryRegExp(pattern: string, flags: string): RegExp | null {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}

/** Non-overlapping matches of each pattern in each text, summed: one count per
 * pattern, in the order given. A pattern JavaScript cannot compile counts 0. */
export function countTags(texts: readonly (string | null)[], patterns: readonly TagPattern[]): number[] {
  return patterns.map(({ pattern }) => {
    const re = compile(pattern);
    if (!re) return 0;
    let n = 0;
    for (const text of texts) {
      if (!text) continue;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        n++;
        if (m[0] === '') re.lastIndex++;
      }
    }
    return n;
  });
}
