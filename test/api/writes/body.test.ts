// Request bodies (docs/api.md §1.6) and field coercion with DRF's messages, as
// tables: what a client sends → what the server reads or answers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bodyFields, parseBody } from '../../../src/http/body.ts';
import { HttpError as ApiError } from '../../../src/http/errors.ts';
import {
  booleanField,
  charField,
  integerField,
  nestedField,
  parseFields,
  pkField,
  pkListField,
  requestBodySchema,
  slugField,
  urlField,
} from '../../../src/api/validation.ts';

async function parsed(type: string | undefined, text: string, lists: string[] = []) {
  return bodyFields(await parseBody(type, Buffer.from(text)), lists);
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

test('bodies: JSON, urlencoded and multipart read alike; repeated keys become lists only for list fields', async () => {
  const multipart =
    '--XX\r\nContent-Disposition: form-data; name="state"\r\n\r\naccepted\r\n' +
    '--XX\r\nContent-Disposition: form-data; name="related"\r\n\r\n2\r\n' +
    '--XX\r\nContent-Disposition: form-data; name="related"\r\n\r\n3\r\n--XX--\r\n';
  const cases: [string | undefined, string, Record<string, unknown>][] = [
    ['application/json', '{"state":"accepted","related":[2,3]}', { state: 'accepted', related: [2, 3] }],
    ['application/json; charset=utf-8', '{"archived":true}', { archived: true }],
    ['application/x-www-form-urlencoded', 'state=accepted&related=2&related=3', { state: 'accepted', related: ['2', '3'] }],
    ['application/x-www-form-urlencoded', 'state=new&state=accepted', { state: 'accepted' }],
    ['application/x-www-form-urlencoded', 'commit_ref=&name=a+b%21', { commit_ref: '', name: 'a b!' }],
    ['multipart/form-data; boundary=XX', multipart, { state: 'accepted', related: ['2', '3'] }],
    // An empty body is no data, whatever its type says.
    [undefined, '', {}],
    ['text/plain', '', {}],
    // JSON sent as a form (curl's default type) is one unknown key.
    ['application/x-www-form-urlencoded', '{"state":"new"}', { '{"state":"new"}': '' }],
  ];
  for (const [type, text, expected] of cases) assert.equal(await parsed(type, text, ['related']), expected, `${type} ${text}`);
});

test('bodies: unsupported types, broken JSON and non-objects answer as DRF does', async () => {
  const cases: [string | undefined, string, number, (body: Record<string, unknown>) => boolean][] = [
    ['text/plain', 'state=new', 415, (b) => b.detail === 'Unsupported media type "text/plain" in request.'],
    [undefined, 'state=new', 415, (b) => b.detail === 'Unsupported media type "" in request.'],
    ['application/json', '{"state": ', 400, (b) => typeof b.detail === 'string' && b.detail.startsWith('JSON parse error - ')],
    ['multipart/form-data; boundary=XX', 'garbage', 400, (b) => String(b.detail).startsWith('Multipart form parse error - ')],
  ];
  for (const [type, text, status, check] of cases) {
    const e = await failure(parsed(type, text));
    assert.is(e.status, status, `${type}`);
    assert.ok(check(e.body), JSON.stringify(e.body));
  }
  for (const [text, message] of [
    ['[1,2]', 'Invalid data. Expected a dictionary, but got list.'],
    ['"x"', 'Invalid data. Expected a dictionary, but got str.'],
    ['null', 'No data provided'],
  ]) {
    const e = await failure(parsed('application/json', text));
    assert.is(e.status, 400);
    assert.equal(e.body, { non_field_errors: [message] });
  }
});

const FIELDS = {
  flag: booleanField(),
  maybe: booleanField({ nullable: true }),
  text: charField({ maxLength: 5, allowBlank: false }),
  note: charField({ maxLength: 5, allowBlank: true, nullable: true }),
  link: urlField({ maxLength: 40, allowBlank: true, nullable: true }),
  context: slugField({ maxLength: 10 }),
  count: integerField({ min: 0, max: 100 }),
  who: pkField({ nullable: true }),
  ids: pkListField(),
  settings: nestedField({ on: booleanField(), n: integerField({ min: 0 }) }),
};

test('fields: accepted values and what they become', () => {
  const cases: [string, unknown, unknown][] = [
    ...['true', 'True', 'TRUE', 't', 'yes', 'Y', 'on', '1', 1, true].map((v): [string, unknown, unknown] => ['flag', v, true]),
    ...['false', 'False', 'f', 'no', 'N', 'off', '0', 0, false].map((v): [string, unknown, unknown] => ['flag', v, false]),
    ['maybe', 'null', null],
    ['maybe', '', null],
    ['maybe', null, null],
    ['maybe', 'True', true],
    ['text', '  abc  ', 'abc'],
    ['text', 12, '12'],
    ['text', '😀ok', '😀ok'],
    ['note', '', ''],
    ['note', '   ', ''],
    ['note', null, null],
    ['link', 'https://ci.example.org/build/1?x=y', 'https://ci.example.org/build/1?x=y'],
    ['link', 'http://127.0.0.1:8080/', 'http://127.0.0.1:8080/'],
    ['link', 'ftp://files.example.org/a', 'ftp://files.example.org/a'],
    ['link', '', ''],
    ['context', 'build_x-86', 'build_x-86'],
    ['count', '42', 42],
    ['count', 7, 7],
    ['who', 3, 3],
    ['who', '3', 3],
    ['who', '', null],
    ['who', null, null],
    ['ids', [1, '2'], [1, 2]],
    ['ids', [], []],
    ['settings', { on: 'true' }, { on: true }],
  ];
  for (const [name, value, expected] of cases) {
    const { values, errors } = parseFields(FIELDS, { [name]: value }, { partial: true });
    assert.equal(errors, {}, `${name}=${JSON.stringify(value)}`);
    assert.equal((values as Record<string, unknown>)[name], expected, `${name}=${JSON.stringify(value)}`);
  }
});

test('fields: rejected values carry DRF messages', () => {
  const cases: [string, unknown, unknown][] = [
    ['flag', 'maybe', ['Must be a valid boolean.']],
    ['flag', '', ['Must be a valid boolean.']],
    ['flag', null, ['This field may not be null.']],
    ['maybe', 'perhaps', ['Must be a valid boolean.']],
    ['text', '', ['This field may not be blank.']],
    ['text', 'abcdef', ['Ensure this field has no more than 5 characters.']],
    ['text', null, ['This field may not be null.']],
    ['text', true, ['Not a valid string.']],
    ['text', ['a'], ['Not a valid string.']],
    ['text', 'a\u0000b', ['Null characters are not allowed.']],
    ['text', 'a\ud800', ['Surrogate characters are not allowed: U+D800.']],
    ['link', 'not a url', ['Enter a valid URL.']],
    ['link', 'mailto:a@b.org', ['Enter a valid URL.']],
    ['link', 'https://' + 'a'.repeat(40) + '.org', ['Ensure this field has no more than 40 characters.']],
    ['context', 'has space', ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.']],
    ['context', '', ['This field may not be blank.']],
    ['count', 'x', ['A valid integer is required.']],
    ['count', 1.5, ['A valid integer is required.']],
    ['count', -1, ['Ensure this value is greater than or equal to 0.']],
    ['count', 101, ['Ensure this value is less than or equal to 100.']],
    ['who', 'abc', ['Incorrect type. Expected pk value, received str.']],
    ['who', true, ['Incorrect type. Expected pk value, received bool.']],
    ['who', [1], ['Incorrect type. Expected pk value, received list.']],
    ['ids', '1', ['Expected a list of items but got type "str".']],
    ['ids', 5, ['Expected a list of items but got type "int".']],
    ['ids', ['x'], ['Incorrect type. Expected pk value, received str.']],
    ['settings', 'x', { non_field_errors: ['Invalid data. Expected a dictionary, but got str.'] }],
    ['settings', { n: -2, on: 'x' }, { on: ['Must be a valid boolean.'], n: ['Ensure this value is greater than or equal to 0.'] }],
  ];
  for (const [name, value, expected] of cases) {
    const { errors } = parseFields(FIELDS, { [name]: value }, { partial: true });
    assert.equal(errors, { [name]: expected }, `${name}=${JSON.stringify(value)}`);
  }
});

test('fields: full updates require fields; forms give absent booleans false as DRF does', () => {
  const { errors } = parseFields(FIELDS, {}, { partial: false, required: ['text', 'ids'] });
  assert.equal(errors, { text: ['This field is required.'], ids: ['This field is required.'] });
  assert.equal(parseFields(FIELDS, {}, { partial: false, form: true }).values, { flag: false });
  assert.equal(parseFields(FIELDS, {}, { partial: true, form: true }).values, {});
});

test('the request body schema for the OpenAPI document comes from the same fields', () => {
  const schema = requestBodySchema(FIELDS, ['text']);
  assert.equal(schema.required, ['text']);
  assert.equal(schema.properties!.flag, { type: 'boolean' });
  assert.equal(schema.properties!.who, { type: ['integer', 'null'] });
  assert.equal((schema.properties!.settings as { properties: object }).properties, { on: { type: 'boolean' }, n: { type: 'integer', minimum: 0 } });
});

test.run();
