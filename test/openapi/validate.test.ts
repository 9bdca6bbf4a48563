// Every version's document is a valid OpenAPI 3.1 document, and its
// references all resolve.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildDocument } from '../../src/openapi/document.ts';
import { parseVersion, VERSIONS } from '../../src/http/version.ts';

const variants = [null, ...VERSIONS];

for (const segment of variants) {
  test(`the ${segment ?? 'unversioned'} document validates as OpenAPI 3.1`, async () => {
    const doc = buildDocument(parseVersion(segment)!);
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as never);
    assert.ok(result.valid, JSON.stringify(result.errors, null, 1));
    assert.is(validator.version, '3.1');
  });
}

function refs(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.add(v);
      else refs(v, out);
    }
  }
  return out;
}

for (const segment of variants) {
  test(`every $ref of the ${segment ?? 'unversioned'} document resolves`, () => {
    const doc = buildDocument(parseVersion(segment)!);
    for (const r of refs(doc, new Set())) {
      assert.ok(r.startsWith('#/'), r);
      let node: unknown = doc;
      for (const part of r.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
      assert.ok(node, `${r} resolves`);
    }
  });
}

for (const segment of variants) {
  test(`operation ids of the ${segment ?? 'unversioned'} document are unique`, () => {
    const doc = buildDocument(parseVersion(segment)!);
    const ids = Object.values(doc.paths ?? {}).flatMap((item) =>
      (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((m) => (item[m]?.operationId ? [item[m]!.operationId!] : [])),
    );
    assert.ok(ids.length > 20);
    assert.is(new Set(ids).size, ids.length, ids.join(' '));
  });
}

test('an invalid document is refused (the validator is not a rubber stamp)', async () => {
  const doc = structuredClone(buildDocument(parseVersion('1.4')!)) as unknown as Record<string, unknown>;
  (doc.info as Record<string, unknown>).version = 14;
  const result = await new Validator().validate(doc as never);
  assert.not.ok(result.valid);
});

test.run();
