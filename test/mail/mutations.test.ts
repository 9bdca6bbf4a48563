// Seeded mutations of well-formed mails (and of upstream's fixtures when
// ../shared is present): whatever the bytes, parsing raises nothing but a
// malformed-mail error, writes no NUL, and keeps msgid, name and email
// within 255 characters (docs/ingest.md §15).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseMail } from '../../src/mail/parse.ts';
import { MalformedMailError } from '../../src/mail/types.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

const DIFF = 'diff --git a/f b/f\nindex 1..2 100644\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n \n-a\n+b\n';
const SEEDS = [
  `From: Jane Doe <jane@example.com>\nSubject: [PATCH v2 1/2] x: fix\nMessage-Id: <1@x.org>\nDate: Wed, 4 Jun 2014 17:50:46 -0700\nList-Id: <l.x.org>\n\nFix.\n---\n${DIFF}-- \n2.1\n`,
  `From: =?utf-8?q?J=C3=A9?= <j@x.org>\nSubject: Re: [PATCH] x\nMessage-Id: <2@x.org>\nIn-Reply-To: <1@x.org>\nReferences: <0@x.org> <1@x.org>\nContent-Type: multipart/alternative; boundary="b"\n\n--b\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n> x\nAcked-by: J=E9 <j@x.org>\n--b\nContent-Type: text/html\n\n<div>x</div>\n--b--\n`,
  `From: a@x.org (A)\nSubject: [GIT PULL] x\nMessage-Id: <3@x.org>\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n${Buffer.from('The following changes since commit 1:\n\nare available in the git repository at:\n\n  git://x.org/r.git next\n').toString('base64')}\n`,
  `From: A <a@x.org>\nSubject: [PATCH] bin\nMessage-Id: <4@x.org>\nContent-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: text/plain\n\nmsg\n--z\nContent-Type: text/x-patch; charset=utf-8\n\n${DIFF}--z--\n`,
].map((s) => Buffer.from(s));

const FIXTURES = fileURLToPath(new URL('../../../shared/upstream/testdata/', import.meta.url));
if (existsSync(FIXTURES)) {
  for (const dir of ['mail', 'fuzz']) for (const f of readdirSync(FIXTURES + dir)) SEEDS.push(readFileSync(`${FIXTURES}${dir}/${f}`));
} else skipped('mutated fixture mails', NO_SHARED);

const INSERTS = ['\0', '\r', '\n', '=?', '?=', '=?utf-8?b?', '--', '--b\n', '--z\n', 'boundary=', '\xff', '\x80', '<', '>', '"', '(', '@', '\\', '@@ -1 +1 @@\n', 'GIT binary patch\n', 'charset='];

function mutate(seed: Buffer, rnd: () => number): Buffer {
  let buf = Buffer.from(seed);
  for (let k = 1 + Math.floor(rnd() * 8); k > 0; k--) {
    const pos = Math.floor(rnd() * buf.length);
    const r = rnd();
    if (r < 0.3) buf[pos] = Math.floor(rnd() * 256);
    else if (r < 0.6) buf = Buffer.concat([buf.subarray(0, pos), Buffer.from(INSERTS[Math.floor(rnd() * INSERTS.length)], 'latin1'), buf.subarray(pos)]);
    else if (r < 0.85) buf = Buffer.concat([buf.subarray(0, pos), buf.subarray(pos + Math.floor(rnd() * 50))]);
    else buf = buf.subarray(0, pos);
  }
  return buf;
}

/** Runs fn; a malformed-mail error counts as an allowed outcome. */
function allowMalformed<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MalformedMailError) return null;
    throw e;
  }
}

test('3,000 mutated mails: only malformed-mail errors, no NULs, limits kept', () => {
  let state = 20261127;
  const rnd = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 3000; i++) {
    const raw = mutate(SEEDS[i % SEEDS.length], rnd);
    const mail = allowMalformed(() => parseMail(raw));
    if (!mail) continue;
    const subject = allowMalformed(() => mail.subject(['x']));
    const author = allowMalformed(() => mail.author('list@x.org'));
    const body = mail.body();
    const texts = [mail.headers(), mail.msgid ?? '', ...mail.refs, subject?.name ?? '', author?.email ?? '', author?.name ?? '', body.content, body.diff ?? ''];
    assert.not.ok(texts.some((t) => t.includes('\0')), `NUL in mutation ${i}`);
    assert.ok((mail.msgid ?? '').length <= 255 && (subject?.name ?? '').length <= 255 && (author?.email ?? '').length <= 255, `limits, mutation ${i}`);
  }
});

test.run();
