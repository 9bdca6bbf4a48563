// What a response field looks like to a client, reduced from the several ways
// an OpenAPI schema can say it (type lists, oneOf with null, allOf around a
// $ref), so pwlite's and upstream's component schemas compare field by field.
type Node = Record<string, unknown>;

export interface Shape {
  types: string[];
  format?: string;
  enum?: string[];
  ref?: string;
  items?: Shape;
  properties?: Record<string, Shape>;
}

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/** A component's properties with allOf parts merged in, later parts winning per key. */
export function flatten(schema: Node, schemas: Record<string, Node>): Record<string, Node> {
  const out: Record<string, Node> = {};
  const merge = (props: Record<string, Node> | undefined) => {
    for (const [name, prop] of Object.entries(props ?? {})) out[name] = mergeNodes(out[name], prop);
  };
  for (const part of (schema.allOf as Node[] | undefined) ?? []) {
    const target = typeof part.$ref === 'string' ? schemas[refName(part.$ref)] : part;
    merge(flatten(target, schemas));
  }
  merge(schema.properties as Record<string, Node> | undefined);
  return out;
}

function mergeNodes(a: Node | undefined, b: Node): Node {
  if (!a) return b;
  const merged: Node = { ...a, ...b };
  if (a.properties || b.properties) {
    merged.properties = { ...((a.properties as Node) ?? {}), ...((b.properties as Node) ?? {}) };
  }
  return merged;
}

export function shape(node: Node, schemas: Record<string, Node>): Shape {
  const types = new Set<string>();
  const out: Shape = { types: [] };
  const take = (n: Node) => {
    if (typeof n.$ref === 'string') {
      out.ref = refName(n.$ref);
      types.add('object');
    }
    if (Array.isArray(n.type)) n.type.forEach((t) => types.add(String(t)));
    else if (typeof n.type === 'string') types.add(n.type);
    if (typeof n.format === 'string') out.format = n.format;
    if (Array.isArray(n.enum)) out.enum = n.enum.map(String).sort();
    if (n.items) out.items = shape(n.items as Node, schemas);
    if (n.properties) {
      out.properties = Object.fromEntries(
        Object.entries(flatten(n, schemas)).map(([k, v]) => [k, shape(v, schemas)]),
      );
    }
    for (const alt of [...((n.oneOf as Node[]) ?? []), ...((n.anyOf as Node[]) ?? []), ...((n.allOf as Node[]) ?? [])]) take(alt);
  };
  take(node);
  out.types = [...types].sort();
  if (!out.properties) delete out.properties;
  return out;
}

/** Differences between two shapes, as 'path: what' lines. */
export function compareShapes(path: string, ours: Shape, theirs: Shape): string[] {
  const diffs: string[] = [];
  if (ours.types.join('|') !== theirs.types.join('|')) diffs.push(`${path}: type ${ours.types.join('|')} (upstream ${theirs.types.join('|')})`);
  if (ours.format !== theirs.format) diffs.push(`${path}: format ${ours.format ?? 'none'} (upstream ${theirs.format ?? 'none'})`);
  if ((ours.enum ?? []).join(',') !== (theirs.enum ?? []).join(',')) {
    diffs.push(`${path}: enum ${ours.enum?.join(',') ?? 'none'} (upstream ${theirs.enum?.join(',') ?? 'none'})`);
  }
  if (ours.ref !== theirs.ref) diffs.push(`${path}: refers to ${ours.ref ?? 'nothing'} (upstream ${theirs.ref ?? 'nothing'})`);
  if (ours.items || theirs.items) {
    if (!ours.items || !theirs.items) diffs.push(`${path}: items ${ours.items ? 'described' : 'undescribed'} (upstream ${theirs.items ? 'described' : 'undescribed'})`);
    else diffs.push(...compareShapes(`${path}[]`, ours.items, theirs.items));
  }
  if (ours.properties && theirs.properties) diffs.push(...compareProperties(path, ours.properties, theirs.properties));
  return diffs;
}

export function compareProperties(path: string, ours: Record<string, Shape>, theirs: Record<string, Shape>): string[] {
  const diffs: string[] = [];
  for (const name of Object.keys(theirs)) {
    if (!(name in ours)) diffs.push(`${path}.${name}: missing`);
    else diffs.push(...compareShapes(`${path}.${name}`, ours[name], theirs[name]));
  }
  for (const name of Object.keys(ours)) if (!(name in theirs)) diffs.push(`${path}.${name}: not upstream`);
  return diffs;
}

/** All differences between two documents' component schemas. */
export function compareComponents(ours: Record<string, Node>, theirs: Record<string, Node>): string[] {
  const diffs: string[] = [];
  const props = (schema: Node, all: Record<string, Node>) =>
    Object.fromEntries(Object.entries(flatten(schema, all)).map(([k, v]) => [k, shape(v, all)]));
  for (const name of Object.keys(theirs)) {
    if (!ours[name]) diffs.push(`${name}: missing`);
    else diffs.push(...compareProperties(name, props(ours[name], ours), props(theirs[name], theirs)));
  }
  for (const name of Object.keys(ours)) if (!theirs[name]) diffs.push(`${name}: not upstream`);
  return diffs;
}
