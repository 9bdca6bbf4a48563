// Pure parts of the read side, table-driven.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { headersJson, headersObject, prefixesOf } from '../../src/api/headers.ts';
import { toJson } from '../../src/http/json.ts';
import { searchTerms } from '../../src/api/search.ts';
import { orderTerms } from '../../src/api/order.ts';
import { pageRequest, resolvePage } from '../../src/api/pagination.ts';
import { aggregateCheck } from '../../src/api/resources/patches.ts';
import { listArchiveUrl } from '../../src/api/resources/embedded.ts';
import type { ProjectRow } from '../../src/db/projects.ts';
import { storedSubject } from '../../src/db/comments.ts';
import { pathSegment } from '../../src/http/urls.ts';

test('headersObject: order, repeats as arrays, folding kept, raw values; headersJson: the same as JSON', () => {
  const cases: [string, Record<string, string | string[]>][] = [
    ['', {}],
    ['Subject: hi\nFrom: A <a@x>', { Subject: 'hi', From: 'A <a@x>' }],
    ['Received: one\nX: y\nReceived: two\n\tfolded', { Received: ['one', 'two\n\tfolded'], X: 'y' }],
    ['Subject: =?utf-8?q?caf=C3=A9?=', { Subject: '=?utf-8?q?caf=C3=A9?=' }],
    ['To: a\n b', { To: 'a\n b' }],
    ['Empty:', { Empty: '' }],
    // Upstream's get_all() ignores case: each spelling lists every value.
    ['Cc: a\nX: y\nCC: b', { Cc: ['a', 'b'], X: 'y', CC: ['a', 'b'] }],
    ['__proto__: p\nconstructor: c', { ['__proto__']: 'p', constructor: 'c' }],
  ];
  for (const [block, expected] of cases) {
    assert.equal(headersObject(block), expected, block);
    assert.equal(Object.keys(headersObject(block)), Object.keys(expected));
    assert.is(headersJson(block).text, toJson(expected), block);
  }
});

test('prefixesOf: tokens of the leading group without PATCH', () => {
  const cases: [string, string[]][] = [
    ['[v2,1/3] net: fix foo', ['v2', '1/3']],
    ['net: fix foo', []],
    ['[1 of 3] hg style', ['1', 'of', '3']],
    ['[PATCH RFC] x', ['RFC']],
    ['[a][b,c] two groups', ['a', 'b', 'c']],
    ['fix [x] later', []],
  ];
  for (const [name, expected] of cases) assert.equal(prefixesOf(name), expected, name);
});

test('searchTerms: whitespace and commas split, quotes keep phrases', () => {
  const cases: [string, string[]][] = [
    ['', []],
    ['net fix', ['net', 'fix']],
    ['net,fix ,, x', ['net', 'fix', 'x']],
    ['"fix foo" bar', ['fix foo', 'bar']],
    ['""', []],
  ];
  for (const [q, expected] of cases) assert.equal(searchTerms(q), expected, q);
});

test('aggregateCheck: fail > warning > pending > success; no checks = pending', () => {
  const cases: [number[], string][] = [
    [[], 'pending'],
    [[1], 'success'],
    [[1, 1], 'success'],
    [[1, 3, 2], 'fail'],
    [[1, 0], 'pending'],
    [[0, 2], 'warning'],
  ];
  for (const [states, expected] of cases) assert.is(aggregateCheck(states), expected, JSON.stringify(states));
});

test('orderTerms: valid names kept, unknown dropped, default otherwise, id tie-breaker', () => {
  const def = { fields: { id: 'id', name: 'name', date: 'date' }, default: [{ sql: 'id', desc: false }], tieBreaker: 'id' };
  const cases: [string, [string, boolean][]][] = [
    ['', [['id', false]]],
    ['-date', [['date', true], ['id', true]]],
    ['name,-id', [['name', false], ['id', true]]],
    ['bogus,name', [['name', false], ['id', false]]],
    ['toString', [['id', false]]],
  ];
  for (const [order, expected] of cases) {
    const q = new URLSearchParams(order ? { order } : {});
    assert.equal(orderTerms(q, def).map((t) => [t.sql, t.desc]), expected, order);
  }
});

test('pageRequest/resolvePage: page numbers, last, and clamping', () => {
  assert.equal(pageRequest(new URLSearchParams('per_page=500&page=2')), { page: 2, perPage: 250 });
  assert.equal(pageRequest(new URLSearchParams('page=last')), { page: 'last', perPage: 30 });
  assert.throws(() => pageRequest(new URLSearchParams('page=0')));
  assert.equal(resolvePage({ page: 'last', perPage: 10 }, 0), { number: 1, numPages: 1, perPage: 10, offset: 0 });
  assert.equal(resolvePage({ page: 'last', perPage: 10 }, 21), { number: 3, numPages: 3, perPage: 10, offset: 20 });
  assert.throws(() => resolvePage({ page: 2, perPage: 10 }, 10));
});

test('listArchiveUrl: format with {} → bare msgid, null when unset', () => {
  const project = (f: string) => ({ list_archive_url_format: f }) as ProjectRow;
  assert.is(listArchiveUrl(project('https://lore/r/{}'), '<a/b@x>'), 'https://lore/r/a/b@x');
  assert.is(listArchiveUrl(project(''), '<a@x>'), null);
  assert.is(listArchiveUrl(project('https://lore/{}'), ''), null);
});


test('comment subject: the first Subject in any case, folding kept, as Message.get() finds it', () => {
  const cases: [string, string][] = [
    ['X: a\nSUBJECT: Re: x\n y\nSubject: second', 'Re: x\n y'],
    ['Subject:', ''],
    ['X-Subject: no', ''],
  ];
  for (const [block, subject] of cases) assert.is(storedSubject(block), subject, block);
});


test('pathSegment: unreserved and !$&\'()*+,;=:@~ literal, everything else percent-encoded', () => {
  const reference = (v: string) => encodeURIComponent(v).replace(/%(24|26|2B|2C|3B|3D|3A|40)/g, (m) => decodeURIComponent(m));
  const chars = Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(i)).concat(['é', '日', '😀', ' ']);
  for (const c of chars) {
    assert.is(pathSegment(`a${c}b`), reference(`a${c}b`), JSON.stringify(c));
  }
  assert.is(pathSegment('20240131.1234-1-dev@example.com'), '20240131.1234-1-dev@example.com');
  assert.is(pathSegment("x!$&'()*+,;=:@~y"), "x!$&'()*+,;=:@~y");
  assert.is(pathSegment('a/b?c#d%e f'), 'a%2Fb%3Fc%23d%25e%20f');
  assert.is(pathSegment(''), '');
});

test.run();
