// Validates API responses against an OpenAPI document (upstream's published
// v1.X.yaml, or any document object) with Ajv in JSON Schema 2020 mode.
// Upstream's own responses break its schemas in a few known places
// (../shared/upstream/README.md); exactly those are accepted, nothing else.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { VersionName } from '../../src/http/version.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** ../shared beside the repository (test data only; tests skip without it). */
export const SHARED = join(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared');
export const hasShared = existsSync(join(SHARED, 'upstream', 'openapi', 'v1.4.yaml'));

const ISO8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z?$/;
const URI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;

type Doc = { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, any> } };

const HEADER_VALUE = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

/** Known upstream deviations: a person's name may be null, a series' cover_letter may be null.
 * Also `headers`: the schema wants all values strings or all arrays, while upstream maps a
 * header seen once to a string and a repeated one (Received) to an array in the same object
 * (docs/api.md §7.3), so real mail always mixes both. And pull requests: upstream stores
 * `pull_url` as "<repository URL> <branch>" (docs/ingest.md §6.7; schema: format uri) and their
 * `hash` and `diff` are null (no diff; schema: string). */
function acceptKnownDeviations(doc: Doc): void {
  const schemas = doc.components?.schemas ?? {};
  const nullable = (props: Record<string, unknown> | undefined, key: string) => {
    if (props?.[key]) props[key] = { oneOf: [{ type: 'null' }, props[key]] };
  };
  for (const name of ['PatchList', 'PatchDetail']) {
    for (const part of [schemas[name], ...(schemas[name]?.allOf ?? [])]) {
      const props = part?.properties;
      if (props?.pull_url) props.pull_url = { type: ['string', 'null'], maxLength: 255 };
      nullable(props, 'hash');
      nullable(props, 'diff');
    }
  }
  const fixHeaders = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, any>)) {
      if (key === 'headers' && value && Array.isArray(value.anyOf)) {
        delete value.anyOf;
        value.type = 'object';
        value.additionalProperties = HEADER_VALUE;
      } else fixHeaders(value);
    }
  };
  fixHeaders(schemas);
  for (const name of ['Person', 'PersonEmbedded']) {
    const prop = schemas[name]?.properties?.name;
    if (prop) {
      prop.type = ['string', 'null'];
    }
  }
  const series = schemas.Series?.properties;
  if (series?.cover_letter) series.cover_letter = { oneOf: [{ type: 'null' }, series.cover_letter] };
}

export interface ResponseValidator {
  /** Errors for this response ([] when it conforms); path is the request path, e.g. /api/1.2/patches/3/. */
  validate(method: string, path: string, status: number, body: unknown): string[];
}

/** strictUris: a `uri` must be one (pwlite's own document describes "" and templates as plain strings). */
export function validatorFor(doc: Doc, id: string, options: { strictUris?: boolean } = {}): ResponseValidator {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('iso8601', ISO8601);
  // Unset URL fields are "" and URL templates hold {} (known upstream deviations).
  const uri = options.strictUris ? (s: string) => URI.test(s) : (s: string) => s === '' || URI.test(s) || s.includes('{}');
  ajv.addFormat('uri', uri);
  ajv.addFormat('url', uri);
  ajv.addSchema(doc as object, id);
  const templates = Object.keys(doc.paths).map((t) => ({
    template: t,
    re: new RegExp('^' + t.replace(/\/$/, '').replace(/\{[^}]+\}/g, '[^/]+') + '/?$'),
  }));
  const cache = new Map<string, ReturnType<Ajv2020['compile']>>();
  return {
    validate(method, path, status, body) {
      const p = path.split('?')[0];
      const match = templates.find((t) => t.re.test(p));
      if (!match) return [`no path in the document matches ${p}`];
      const op = (doc.paths[match.template] as Record<string, any>)[method.toLowerCase()];
      const content = op?.responses?.[String(status)]?.content?.['application/json'];
      if (!content) return [`${method} ${match.template} documents no JSON ${status} response`];
      const pointer = ['paths', match.template, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema']
        .map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/');
      let validate = cache.get(pointer);
      if (!validate) cache.set(pointer, (validate = ajv.compile({ $ref: `${id}#/${pointer}` })));
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} (${e.schemaPath})`);
    },
  };
}

const upstream = new Map<VersionName, ResponseValidator>();

/** Upstream's published document of a version (needs ../shared). Unversioned paths use 1.4. */
export function upstreamValidator(version: VersionName): ResponseValidator {
  let v = upstream.get(version);
  if (!v) {
    const doc = parse(readFileSync(join(SHARED, 'upstream', 'openapi', `v${version}.yaml`), 'utf8')) as Doc;
    acceptKnownDeviations(doc);
    const inner = validatorFor(doc, `upstream-${version}`);
    const prefix = `/api/${version}/`;
    v = {
      validate: (method, path, status, body) =>
        inner.validate(method, path.startsWith(prefix) ? path : path.replace(/^\/api\//, prefix), status, body),
    };
    upstream.set(version, v);
  }
  return v;
}
