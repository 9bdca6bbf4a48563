// Walks a pwlite's API the way a client would (index, every list page,
// details, nested checks and comments, every mbox) and answers each path's
// status, Link header and body with the host taken out, so two servers can
// be compared path by path.
export interface Walk {
  /** path → normalised answer */
  answers: Map<string, string>;
}

export const API_PREFIXES = ['', '1.0/', '1.1/', '1.2/', '1.3/', '1.4/'];

async function get(base: string, path: string, token?: string): Promise<{ status: number; link: string; body: string }> {
  const res = await fetch(base + path, { headers: token ? { Authorization: `Token ${token}` } : {} });
  const body = await res.text();
  return { status: res.status, link: res.headers.get('link') ?? '', body };
}

const strip = (base: string, text: string) => text.split(base).join('HOST');

export interface WalkOptions {
  token?: string;
  /** Details of every n-th object, a different n-th in each version (every list page and mbox is always read). */
  sampleEvery?: number;
}

/** The paths a client can reach from the index, in every API version. */
export async function walk(base: string, options: WalkOptions = {}): Promise<Walk> {
  const answers = new Map<string, string>();
  const fetchOne = async (path: string) => {
    const a = await get(base, path, options.token);
    answers.set(path, `${a.status}\n${strip(base, a.link)}\n${strip(base, a.body)}`);
    return a;
  };
  const rel = (url: string) => url.slice(base.length);
  const mboxes = new Set<string>();
  for (const [v, prefix] of API_PREFIXES.entries()) {
    const minor = prefix === '' ? 4 : Number(prefix[2]);
    const every = options.sampleEvery ?? 1;
    const index = JSON.parse((await fetchOne(`/api/${prefix}`)).body) as Record<string, string>;
    for (const [name, listUrl] of Object.entries(index)) {
      let url: string | null = `${rel(listUrl)}?per_page=100`;
      const items: any[] = [];
      while (url) {
        const page = await fetchOne(url);
        if (page.status !== 200) break;
        items.push(...(JSON.parse(page.body) as any[]));
        const next = /<([^>]*)>;\s*rel="next"/.exec(page.link);
        url = next ? rel(next[1]) : null;
      }
      if (name === 'events') continue;
      for (const [i, item] of items.entries()) {
        if (item.mbox) mboxes.add(rel(item.mbox));
        if (i % every !== v % every || !item.url) continue;
        const detail = await fetchOne(rel(item.url));
        if (name === 'patches' || name === 'covers') {
          if (name === 'patches') {
            const checks = await fetchOne(rel(item.checks));
            for (const c of JSON.parse(checks.body) as any[]) await fetchOne(rel(c.url));
          }
          if (minor >= 1) {
            const comments = await fetchOne(rel(JSON.parse(detail.body).comments).replace('/api/', `/api/${prefix}`));
            if (minor >= 3) for (const c of JSON.parse(comments.body) as any[]) await fetchOne(rel(c.url));
          }
        }
      }
    }
  }
  for (const path of mboxes) await fetchOne(path);
  return { answers };
}

/** Paths whose answers differ (and paths only one side has), first few in full. */
export function differences(a: Walk, b: Walk, limit = 3): string[] {
  const out: string[] = [];
  for (const [path, answer] of a.answers) {
    const other = b.answers.get(path);
    if (other === answer) continue;
    out.push(out.length < limit ? `${path}\n--- source\n${answer.slice(0, 1500)}\n--- mirror\n${(other ?? '(not reached)').slice(0, 1500)}` : path);
  }
  for (const path of b.answers.keys()) if (!a.answers.has(path)) out.push(`${path} (mirror only)`);
  return out;
}
