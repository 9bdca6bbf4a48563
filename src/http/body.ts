// Request bodies (docs/api.md §1.6): JSON, urlencoded and multipart forms. git-pw
// and b4 send forms with repeated keys for lists, pwclient sends JSON; the
// parsed result is flattened the way DRF reads a QueryDict (last value for a
// scalar field, every value for a list field).
import type { IncomingMessage } from 'node:http';
import { badRequest, payloadTooLarge, unsupportedMediaType, validationError } from './errors.ts';

/** Bodies are a handful of fields; anything larger is not a client of ours. */
export const MAX_BODY_BYTES = 1 << 20;

export type RequestBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'form'; fields: Map<string, string[]> };

function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(payloadTooLarge(MAX_BODY_BYTES));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function formFields(entries: Iterable<[string, unknown]>): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [key, value] of entries) {
    // Uploaded files go to DRF's request.FILES, never to the data fields.
    if (typeof value !== 'string') continue;
    const list = fields.get(key);
    if (list) list.push(value);
    else fields.set(key, [value]);
  }
  return fields;
}

/** Parses a raw body by its Content-Type. Pure apart from multipart, which
 * uses the platform's (undici's) form-data parser. */
export async function parseBody(contentType: string | undefined, raw: Buffer): Promise<RequestBody> {
  if (raw.length === 0) return { kind: 'none' };
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType)) {
    try {
      return { kind: 'json', value: JSON.parse(raw.toString('utf8')) };
    } catch (e) {
      throw badRequest(`JSON parse error - ${(e as Error).message}`);
    }
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    return { kind: 'form', fields: formFields(new URLSearchParams(raw.toString('utf8'))) };
  }
  if (mediaType === 'multipart/form-data') {
    try {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType! } }).formData();
      return { kind: 'form', fields: formFields(form.entries()) };
    } catch (e) {
      throw badRequest(`Multipart form parse error - ${(e as Error).message}`);
    }
  }
  throw unsupportedMediaType(contentType ?? '');
}

export async function readBody(req: IncomingMessage): Promise<RequestBody> {
  return parseBody(req.headers['content-type'], await readRaw(req));
}

/** Python's name for a JSON value's type, as DRF's messages show it. */
export function pythonType(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'NoneType';
}

/** The body as one object of fields. `listKeys` name the fields that take
 * every value of a repeated form key. Throws DRF's 400 for a JSON body that
 * is not an object. */
export function bodyFields(body: RequestBody, listKeys: readonly string[] = []): Record<string, unknown> {
  if (body.kind === 'none') return {};
  if (body.kind === 'form') {
    const out: Record<string, unknown> = {};
    for (const [key, values] of body.fields) out[key] = listKeys.includes(key) ? values : values[values.length - 1];
    return out;
  }
  const value = body.value;
  if (value === null) throw validationError({ non_field_errors: ['No data provided'] });
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw validationError({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`] });
  }
  return value as Record<string, unknown>;
}
