// JSON text written straight from the response value (docs/PERFORMANCE.md,
// "Serialization"). The API's serializer renders each object once, as text
// (`JsonText`); a list is then the items' texts joined, not objects that
// JSON.stringify would walk a second time. Output is byte for byte what
// JSON.stringify gives for the same value (compact, non-ASCII kept raw).

/** A value already rendered as JSON text, written as it is. */
export class JsonText {
  constructor(readonly text: string) {}

  /** For a JSON.stringify that meets one (it cannot splice text in). */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** Skipped as an object member, `null` in an array, as JSON.stringify does. */
const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function write(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (value instanceof JsonText) return value.text;
      if (Array.isArray(value)) return writeArray(value);
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return write((value as { toJSON(): unknown }).toJSON());
      return writeObject(value as Record<string, unknown>);
    default:
      // bigint throws in JSON.stringify too; undefined, functions and
      // symbols are handled by the callers.
      return JSON.stringify(value) ?? 'null';
  }
}

function writeArray(items: readonly unknown[]): string {
  if (items.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    const item = items[i];
    out += skipped(item) ? 'null' : write(item);
  }
  return out + ']';
}

function writeObject(object: Record<string, unknown>): string {
  let out = '';
  for (const key of Object.keys(object)) {
    const v = object[key];
    if (skipped(v)) continue;
    out += (out === '' ? '{' : ',') + JSON.stringify(key) + ':' + write(v);
  }
  return out === '' ? '{}' : out + '}';
}

/** The JSON text of a value; `JsonText` parts go in unchanged. */
export function toJson(value: unknown): string {
  return skipped(value) ? 'null' : write(value);
}
