// Hostile query strings for a list endpoint, built from what the OpenAPI
// document says it takes (shared by the abuse suite and bench/abuse.ts).

export interface ListEndpoint {
  /** Unversioned-looking path with ids filled in: /api/1.4/patches/1/comments/ */
  path: string;
  filters: string[];
  orderNames: string[];
  search: boolean;
}

/** The list endpoints of the served document, path ids set to 1. */
export async function listEndpoints(base: string): Promise<ListEndpoint[]> {
  const doc = (await (await fetch(`${base}/api/1.4/docs/?format=openapi`)).json()) as {
    paths: Record<string, { get?: { responses: Record<string, any>; parameters?: { name?: string; description?: string }[] } }>;
  };
  const out: ListEndpoint[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const get = item.get;
    if (get?.responses['200']?.content?.['application/json']?.schema?.type !== 'array') continue;
    const params = get.parameters ?? [];
    const order = params.find((p) => p.name === 'order');
    out.push({
      path: path.replace(/\{[^}]+\}/g, '1'),
      filters: params.map((p) => p.name).filter((n): n is string => !!n && n !== 'order' && n !== 'q'),
      orderNames: [...(order?.description ?? '').matchAll(/`([a-z_]+)`/g)].map((m) => m[1]),
      search: params.some((p) => p.name === 'q'),
    });
  }
  return out;
}

const WEIRD = ['', '-1', '0', '1', '99999999999999999999999', '1e308', 'NaN', 'null', "'", '"', '%', '_', '\\', '\0', '..', '*', 'é', '\u202e', '<x>', 'last', ' '];

/** One query string: a mix of long and repeated order lists, many search
 * terms, odd filter values, pages out of range and made-up parameters. */
export function hostileQuery(endpoint: ListEndpoint, random: (n: number) => number): string {
  const q = new URLSearchParams();
  const pick = <T>(xs: readonly T[]) => xs[random(xs.length)];
  const word = () => pick(WEIRD) + random(1_000_000).toString(36);
  const parts = 1 + random(4);
  for (let i = 0; i < parts; i++) {
    switch (random(7)) {
      case 0: {
        const names = [...endpoint.orderNames, 'nope', 'id', ''];
        const n = pick([1, 2, 3, 5, 8, 64, 65, 2001]);
        q.append('order', Array.from({ length: n }, () => (random(2) ? '-' : '') + pick(names)).join(','));
        break;
      }
      case 1: {
        const n = pick([1, 2, 5, 32, 33, 1000]);
        q.append('q', Array.from({ length: n }, word).join(pick([' ', ',', '  '])));
        break;
      }
      case 2:
        if (endpoint.filters.length) q.append(pick(endpoint.filters), pick([word(), pick(WEIRD), '1', '2026-01-01', '2026-13-45T99:99']));
        break;
      case 3:
        q.append('page', pick(['0', '-1', 'last', '999999999', word(), '2']));
        break;
      case 4:
        q.append('per_page', pick(['0', '-5', '1', '100', '1000000', word()]));
        break;
      default:
        q.append(`x${word()}`, 'y'.repeat(pick([1, 100, 4000])));
    }
  }
  return q.toString();
}
