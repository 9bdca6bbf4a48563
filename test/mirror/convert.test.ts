// The pure parts of a mirror: header blocks behind a `headers` object, their
// order read from an mbox, patch numbers, Retry-After and Link headers.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { headerBlock, mboxHeaderNames, mboxPatchIds, objectFields, orderFields, patchNumber, storedDate } from '../../src/mirror/convert.ts';
import { lastPage, nextLink, retryAfterMs } from '../../src/mirror/client.ts';
import { headersObject } from '../../src/api/headers.ts';
import { SyncProgress } from '../../src/mirror/progress.ts';

const test = suite('mirror conversions');

const STORED = [
  'Received: from a',
  'ARC-Seal: i=2',
  'ARC-Message-Signature: i=2',
  'Received: from b\n\tby c',
  'ARC-Seal: i=1',
  'Content-Type: text/plain',
  'From: Ada <ada@example.org>',
  'Subject: [PATCH] x',
  'ARC-Message-Signature: i=1',
].join('\n');

test('a block without repeated names is rebuilt from the object alone', () => {
  const block = 'From: Ada <ada@example.org>\nSubject: =?utf-8?q?x?=\n\tfolded\nMessage-ID: <1@x>';
  assert.is(headerBlock(objectFields(headersObject(block))), block);
});

test('repeated names are ordered as the mbox writes them; skipped names go back in place', () => {
  const mbox = [
    'From patchwork Mon Jan  1 00:00:00 2024',
    'Content-Type: text/plain; charset="utf-8"',
    'MIME-Version: 1.0',
    'Content-Transfer-Encoding: 7bit',
    'X-Patchwork-Submitter: Ada <ada@example.org>',
    'X-Patchwork-Id: 7',
    'Received: from a',
    'ARC-Seal: i=2',
    'ARC-Message-Signature: i=2',
    'Received: from b',
    '\tby c',
    'ARC-Seal: i=1',
    'From: Ada <ada@example.org>',
    'Subject: [PATCH] x',
    'ARC-Message-Signature: i=1',
    '',
    'body',
  ].join('\n');
  const object = headersObject(STORED);
  assert.equal(mboxHeaderNames(mbox).slice(0, 3), ['Received', 'ARC-Seal', 'ARC-Message-Signature']);
  const rebuilt = headerBlock(orderFields(object, mboxHeaderNames(mbox)));
  assert.equal(headersObject(rebuilt), object);
  // Content-Type is not in the mbox: it returns after the name before it.
  assert.is(rebuilt, STORED);
});

test('a From munged by the list is one stored field', () => {
  const names = mboxHeaderNames('From x\nX-Patchwork-Id: 1\nX-Patchwork-Original-From: list <l@x>\nFrom: Ada <a@x>\nTo: a\nTo: b\n\nbody');
  assert.equal(names, ['From', 'From', 'To', 'To']);
  const fields = orderFields({ From: 'list <l@x>', To: ['a', 'b'] }, names);
  assert.equal(fields, [['From', 'list <l@x>'], ['To', 'a'], ['To', 'b']]);
});

test('patch numbers, ids in bundle mboxes, dates', () => {
  for (const [name, n] of [['[1/3] a', 1], ['[v2,12/40] a', 12], ['[RFC] a', null], ['a [1/2]', null], ['[0/3] c', 0]] as const) {
    assert.is(patchNumber(name), n, name);
  }
  assert.equal(mboxPatchIds('From patchwork x\nA: b\nX-Patchwork-Id: 5\n\nb\nFrom patchwork y\nX-Patchwork-Id: 3\n\nc\n'), [5, 3]);
  assert.is(storedDate('2024-03-01T09:15:02'), '2024-03-01T09:15:02.000000');
  assert.is(storedDate('2024-03-01T09:15:02.123456'), '2024-03-01T09:15:02.123456');
  assert.is(storedDate('2024-03-01T09:15:02Z'), '2024-03-01T09:15:02.000000');
});

test('Retry-After in seconds or as a date; Link next and last', () => {
  assert.is(retryAfterMs('3'), 3000);
  assert.is(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000), 6000);
  assert.is(retryAfterMs(null), null);
  assert.is(retryAfterMs('soon'), null);
  const link = '<http://h/api/patches/?page=3>; rel="next", <http://h/api/patches/>; rel="prev", <http://h/api/patches/>; rel="first", <http://h/api/patches/?page=9>; rel="last"';
  assert.is(nextLink(link), 'http://h/api/patches/?page=3');
  assert.is(lastPage(link), 9);
  assert.is(nextLink('<http://h/api/patches/>; rel="first"'), null);
});

test('the progress line shows the phase, page, requests, rate and an ETA', () => {
  let out = '';
  const progress = new SyncProgress({ write: (s: string) => (out += s) });
  progress.onPhase('patches of git', 1, 40);
  for (let i = 0; i < 5; i++) progress.onRequest();
  progress.onPhase('patches of git', 11, 40);
  const last = out.slice(out.lastIndexOf('\r'));
  assert.match(last, /patches of git page 11\/40 {2}5 requests {2}[\d.]+\/s {2}ETA \d\d:\d\d/);
  progress.clear();
  assert.ok(out.endsWith('\r\x1b[2K'));
});

test.run();
