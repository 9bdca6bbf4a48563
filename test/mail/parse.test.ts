import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseMail } from '../../src/mail/parse.ts';
import { MalformedMailError } from '../../src/mail/types.ts';

const NOW = () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
const DIFF = 'diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n';

function mail(headers: Record<string, string>, body = 'Body text.\n---\n' + DIFF): Buffer {
  const all: Record<string, string> = { From: 'Jane Doe <jane@example.com>', Subject: '[PATCH v2 1/3] net: fix', 'Message-Id': '<1@example.com>', ...headers };
  const block = Object.entries(all)
    .filter(([, v]) => v !== '\0omit')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return Buffer.from(`${block}\n\n${body}`);
}

function malformed(fn: () => unknown, message: string) {
  assert.throws(fn, (e: unknown) => e instanceof MalformedMailError && e.message === message);
}

test('§3 step 1: a missing From, Subject or Message-Id names the header', () => {
  malformed(() => parseMail(mail({ From: '\0omit' })), "Missing 'From' header");
  malformed(() => parseMail(mail({ Subject: '\0omit' })), "Missing 'Subject' header");
  malformed(() => parseMail(mail({ 'Message-Id': '\0omit' })), "Missing 'Message-Id' header");
});

test('§4.3 an empty Message-Id is broken, reported only when asked for', () => {
  const m = parseMail(mail({ 'Message-Id': ' ' }));
  assert.is(m.msgid, null);
  malformed(() => m.messageId(), "Broken 'Message-Id' header");
});

test('a patch mail: every header-derived field', () => {
  const m = parseMail(
    mail({
      'Message-Id': '<abc@example.com> (comment)',
      Date: 'Wed, 4 Jun 2014 17:50:46 -0700',
      'In-Reply-To': '<cover@example.com>',
      References: '<v1@example.com> <cover@example.com>',
      'List-Id': 'Net dev <netdev.vger.kernel.org>',
      'X-Patchwork-State': ' Under   Review ',
      'X-Patchwork-Delegate': 'maint@example.com',
    }),
    { now: NOW },
  );
  assert.is(m.msgid, '<abc@example.com>');
  assert.is(m.messageId(), '<abc@example.com>');
  assert.is(m.date, '2014-06-05T00:50:46.000000');
  assert.equal(m.refs, ['<cover@example.com>', '<v1@example.com>']);
  assert.equal(m.listIds, ['netdev.vger.kernel.org']);
  assert.is(m.subjectText, '[PATCH v2 1/3] net: fix');
  assert.equal(m.subject(['netdev']), { name: '[v2,1/3] net: fix', prefixes: ['v2', '1/3'], version: 2, series: { x: 1, n: 3 } });
  assert.is(m.isReply, false);
  assert.is(m.state, 'Under Review');
  assert.is(m.delegate, 'maint@example.com');
  assert.is(m.actionRequired, false);
  assert.is(m.ignored, false);
  assert.equal(m.from, { name: 'Jane Doe', email: 'jane@example.com' });
  assert.equal(m.author(), { name: 'Jane Doe', email: 'jane@example.com' });
  assert.ok(m.headers().startsWith('From: Jane Doe <jane@example.com>\nSubject: [PATCH v2 1/3] net: fix\n'));
  const body = m.body();
  assert.is(body, m.body());
  assert.equal(body, {
    content: 'Body text.\n---',
    diff: DIFF,
    pullUrl: null,
    hash: createHash('sha1').update('--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n').digest('hex'),
    dependsOn: { urls: [], msgids: [] },
  });
});

test('§4.8 hint, action-required, empty X-Patchwork values', () => {
  const ignored = parseMail(mail({ 'X-Patchwork-Hint': ' IGNORE ' }));
  assert.is(ignored.ignored, true);
  assert.is(ignored.hint, 'IGNORE');
  const other = parseMail(mail({ 'X-Patchwork-Hint': 'comment', 'X-Patchwork-Action-Required': '', 'X-Patchwork-State': '' }));
  assert.is(other.ignored, false);
  assert.is(other.actionRequired, true);
  assert.is(other.state, null);
  assert.is(other.delegate, null);
});

test('a reply: comment extractor, no diff, content keeps a quoted diff', () => {
  const m = parseMail(mail({ Subject: 'Re: [PATCH] x' }, '> ' + DIFF.replace(/\n/g, '\n> ') + '\nAcked-by: B <b@example.com>\r\n'));
  assert.is(m.isReply, true);
  const body = m.body();
  assert.is(body.diff, null);
  assert.is(body.hash, null);
  assert.ok(body.content.endsWith('\nAcked-by: B <b@example.com>'));
  assert.ok(!body.content.includes('\r'));
});

test('§4.1/§5.1 an undecodable Subject is invalid (not missing), and not a reply', () => {
  const m = parseMail(mail({ Subject: 'Re: =?utf-8?b?QUJDR?=' }));
  assert.is(m.subjectText, null);
  assert.is(m.isReply, false);
  malformed(() => m.subject([]), "Invalid 'Subject' header");
});

test('§4.5 an invalid From is reported only by author()', () => {
  const m = parseMail(mail({ From: 'nobody' }));
  assert.equal(m.from, { name: null, email: null });
  malformed(() => m.author('list@example.com'), "Invalid 'From' header");
});

test('§4.5 author() un-munges a list-rewritten From', () => {
  const m = parseMail(mail({ From: 'Jane Doe via Dev <dev@lists.example.org>', 'Reply-To': 'Jane Doe <jane@example.com>' }));
  assert.equal(m.author('dev@lists.example.org'), { name: 'Jane Doe', email: 'jane@example.com' });
  assert.equal(m.author(null), { name: 'Jane Doe via Dev', email: 'dev@lists.example.org' });
});

test('§4.6 no Date means now (UTC)', () => {
  assert.is(parseMail(mail({}), { now: NOW }).date, '2026-01-02T03:04:05.000000');
});

test('a pull request without a diff; Depends-on lines; CRLF mail', () => {
  const body =
    'Please pull.\r\n\r\nDepends-on: <dep@example.com>\r\n\r\nThe following changes since commit abc:\r\n\r\n  x (2020)\r\n\r\n' +
    'are available in the git repository at:\r\n\r\n  git://git.example.org/r.git next\r\n\r\nfor you to fetch\r\n';
  const raw = mail({ Subject: '[GIT PULL] stuff' }, body).toString().replace(/\n/g, '\r\n').replace(/\r\r\n/g, '\r\n');
  const b = parseMail(Buffer.from(raw)).body();
  assert.is(b.diff, null);
  assert.is(b.pullUrl, 'git://git.example.org/r.git next');
  assert.equal(b.dependsOn, { urls: [], msgids: ['<dep@example.com>'] });
  assert.ok(!b.content.includes('\r'));
});

test('a leading mbox From line is ignored', () => {
  const m = parseMail(Buffer.concat([Buffer.from('From nobody Thu Jan  1 00:00:00 1970\n'), mail({})]));
  assert.is(m.msgid, '<1@example.com>');
  assert.ok(!m.headers().includes('From nobody'));
});

test.run();
