// JSON text written straight from the response value (docs/PERFORMANCE.md,
// "Serialization"). The API's serializer renders each object once, as text
// (`JsonText`); a list is then the items' texts joined, not objects that
// JSON.stringify would walk a second time. Output is byte for byte what
// JSON.stringify gives for the same value (compact, non-ASCII kept raw).

/** A value already rendered as JSON text, written as it is. */
export class JsonText {
  #text: string | undefined;
  #bytes: Buffer | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  get text(): string {
    this.#text ??= this.#bytes!.toString();
    return this.#text;
  }

  /** The UTF-8 bytes, encoded once. */
  get bytes(): Buffer {
    this.#bytes ??= Buffer.from(this.#text!);
    return this.#bytes;
  }

  /** Keeps the bytes only, for a text held long: a list copies them into
   * its answer instead of encoding the text again. */
  compact(): this {
    void this.bytes;
    this.#text = undefined;
    return this;
  }

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

const OPEN = 0x5b; // [
const COMMA = 0x2c;
const CLOSE = 0x5d; // ]

/** The UTF-8 bytes of a response body. A list of rendered items is their
 * bytes copied side by side, without encoding any text again. */
export function jsonBytes(value: unknown): Buffer {
  if (value instanceof JsonText) return value.bytes;
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => v instanceof JsonText)) return Buffer.from(toJson(value));
  const parts = value.map((v: JsonText) => v.bytes);
  const out = Buffer.allocUnsafe(parts.reduce((n, b) => n + b.length + 1, 1));
  out[0] = OPEN;
  let at = 1;
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) out[at++] = COMMA;
    out.set(parts[i], at);
    at += parts[i].length;
  }
  out[at] = CLOSE;
  return out;
}
