// Every API response a test server sends is checked against pwlite's own
// OpenAPI document of the request's version: the operation and status must
// be documented, the JSON body must match its schema (through the read
// side's Ajv validator), and documented Link/Location headers must be there.
// Problems are collected here; test/openapi/audit.test.ts, which runs after
// the API tests, fails on any.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { buildDocument } from '../../src/openapi/document.ts';
import { parseVersion } from '../../src/http/version.ts';
import { validatorFor, type ResponseValidator } from './openapi-validator.ts';

export interface Audited {
  method: string;
  path: string;
  status: number;
}

export const audit = { checked: [] as Audited[], problems: [] as string[] };

interface VersionDoc {
  doc: ReturnType<typeof buildDocument>;
  templates: { template: string; re: RegExp }[];
  validator: ResponseValidator;
}

const docs = new Map<string, VersionDoc>();

function versionDoc(segment: string | null): VersionDoc | null {
  const key = segment ?? '';
  let entry = docs.get(key);
  if (!entry) {
    const version = parseVersion(segment);
    if (!version) return null;
    const doc = buildDocument(version);
    entry = {
      doc,
      templates: Object.keys(doc.paths ?? {}).map((template) => ({
        template,
        re: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
      })),
      validator: validatorFor(doc as never, `pwlite-${key || 'latest'}`, { strictUris: true }),
    };
    docs.set(key, entry);
  }
  return entry;
}

/** Audits one response; exported so the audit itself can be tested. */
export function check(method: string, url: string, status: number, headers: Record<string, unknown>, text: string): void {
  const raw = url.split('?')[0];
  const m = /^\/api\/(\d+\.\d+)(\/.*|)$/.exec(raw);
  const entry = versionDoc(m ? m[1] : null);
  if (!entry) return; // an unknown version is no API route
  let path = m ? `/api/${m[1]}${m[2] || '/'}` : raw;
  if (!path.endsWith('/')) path += '/';
  const where = `${method} ${url} → ${status}`;
  const match = entry.templates.find((t) => t.re.test(path));
  const op = match ? (entry.doc.paths![match.template] as Record<string, any>)[method.toLowerCase()] : undefined;
  if (!op) {
    // A route or method that does not exist: only its refusal is expected.
    if (status !== 404 && status !== 405 && status !== 403) audit.problems.push(`${where}: undocumented operation answered`);
    return;
  }
  audit.checked.push({ method, path, status });
  const response = op.responses?.[String(status)];
  if (!response) {
    audit.problems.push(`${where}: status not documented for ${method} ${match!.template}`);
    return;
  }
  const resolved = response.$ref ? (entry.doc.components!.responses as Record<string, any>)[response.$ref.split('/').pop()] : response;
  for (const name of Object.keys(resolved.headers ?? {})) {
    if (headers[name.toLowerCase()] === undefined) audit.problems.push(`${where}: documented header ${name} missing`);
  }
  if (!resolved.content) {
    if (text !== '') audit.problems.push(`${where}: body where the document says none`);
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    audit.problems.push(`${where}: body is not JSON`);
    return;
  }
  for (const e of entry.validator.validate(method, path, status, body)) audit.problems.push(`${where}: ${e}`);
}

function tap(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  if (!/^\/api(\/|$|\?)/.test(url) || /^\/api\/(\d+\.\d+\/)?docs(\/|$|\?)/.test(url) || method === 'HEAD' || method === 'OPTIONS') return;
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const keep = (chunk: unknown) => {
    if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'function') keep(chunk);
    try {
      check(method, url, res.statusCode, res.getHeaders(), Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      audit.problems.push(`${method} ${url}: audit failed: ${(e as Error).message}`);
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
}

/** Checks every response of this server (runs before the app's handler sees the request). */
export function auditResponses(server: Server): void {
  server.prependListener('request', tap);
}
