// The JSON writer answers the bytes JSON.stringify would.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JsonText, jsonBytes, toJson } from '../../src/http/json.ts';
import { headersObject } from '../../src/api/headers.ts';

test('same text as JSON.stringify for every kind of value', () => {
  const nullProto = Object.assign(Object.create(null), { a: 1, b: [2] });
  const values: unknown[] = [
    null,
    0,
    -0,
    1.5e300,
    -42,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    false,
    '',
    'plain',
    'quote " backslash \\ slash / tab \t newline \n nul \u0000 del \u007f',
    'café 日本 😀 \u2028 \u2029',
    'lone \ud800 surrogate \udfff',
    [],
    {},
    [1, 'a', null, undefined, () => 1, [[]], {}],
    { a: undefined, b: () => 1, c: Symbol('s'), d: null, e: { f: [] } },
    { 'key "quoted"': 1, 'clé': 2, '': 3, 10: 'numeric keys first', __proto__x: 4 },
    new Date(Date.UTC(2024, 0, 31, 10, 0, 0)),
    { toJSON: () => ({ swapped: true }) },
    { toJSON: 'not a function' },
    nullProto,
    headersObject('__proto__: p\nconstructor: c\ntoJSON: t\nReceived: a\nReceived: b'),
  ];
  for (const v of values) assert.is(toJson(v), JSON.stringify(v), String(JSON.stringify(v)));
  assert.is(toJson(undefined), 'null');
});

test('rendered text goes in as it is, wherever it sits', () => {
  const item = new JsonText('{"id":1,"name":"x"}');
  assert.is(toJson(item), '{"id":1,"name":"x"}');
  assert.is(toJson([item, item]), '[{"id":1,"name":"x"},{"id":1,"name":"x"}]');
  assert.is(toJson({ a: item, b: [item] }), '{"a":{"id":1,"name":"x"},"b":[{"id":1,"name":"x"}]}');
  // JSON.stringify meeting one still gives the same value.
  assert.is(JSON.stringify({ a: item }), '{"a":{"id":1,"name":"x"}}');
});

test('a body of rendered items is their bytes joined; kept texts keep their bytes', () => {
  const a = new JsonText('{"name":"café 😀"}').compact();
  const b = new JsonText('{"id":2}');
  assert.is(jsonBytes([a, b, a]).toString(), '[{"name":"café 😀"},{"id":2},{"name":"café 😀"}]');
  assert.is(jsonBytes([a]).toString(), '[{"name":"café 😀"}]');
  assert.is(jsonBytes([]).toString(), '[]');
  assert.is(jsonBytes(b).toString(), '{"id":2}');
  assert.is(jsonBytes({ x: [a, null] }).toString(), '{"x":[{"name":"café 😀"},null]}');
  assert.is(a.text, '{"name":"café 😀"}');
});

test.run();
