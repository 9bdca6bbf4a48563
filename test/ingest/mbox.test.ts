import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { splitMbox, readMbox, unescapeMboxrd } from '../../src/mail/mbox.ts';
import { readMaildir } from '../../src/mail/maildir.ts';

async function split(text: string, chunk = 3, format?: 'mboxo' | 'mboxrd'): Promise<string[]> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: string[] = [];
  for await (const m of splitMbox(chunks, { format })) out.push(m.raw.toString());
  return out;
}

const CASES: [string, string, string[]][] = [
  ['no separator at all: no messages', 'Subject: x\n\nbody\n', []],
  ['preamble before the first separator is ignored', 'junk\nFrom a\nS: 1\n\nb\n', ['S: 1\n\nb\n']],
  ['one blank line before the next separator is framing', 'From a\nS: 1\n\nb\n\nFrom b\nS: 2\n\nc\n', ['S: 1\n\nb\n', 'S: 2\n\nc\n']],
  ['only one blank line is removed', 'From a\nS: 1\n\nb\n\n\nFrom b\nS: 2\n', ['S: 1\n\nb\n\n', 'S: 2\n']],
  ['no blank line needed before a separator', 'From a\nS: 1\nFrom b\nS: 2\n', ['S: 1\n', 'S: 2\n']],
  ['trailing blank line at the end of file is framing', 'From a\nS: 1\n\nb\n\n', ['S: 1\n\nb\n']],
  ['a missing final newline is kept missing', 'From a\nS: 1\n\nb', ['S: 1\n\nb']],
  ['>From is not unescaped in mboxo', 'From a\nS: 1\n\n>From x\n', ['S: 1\n\n>From x\n']],
  ['CRLF blank line is not framing', 'From a\nS: 1\r\n\r\nFrom b\nS: 2\n', ['S: 1\r\n\r\n', 'S: 2\n']],
  ['a separator right after a separator gives an empty message', 'From a\nFrom b\nS: 2\n', ['', 'S: 2\n']],
];

for (const [name, input, expected] of CASES) {
  test(`mbox: ${name}`, async () => {
    for (const size of [1, 3, 7, 1 << 20]) assert.equal(await split(input, size), expected, `chunk size ${size}`);
  });
}

test('mboxrd: detected from the separator and unescaped', async () => {
  const text = 'From mboxrd@z Thu Jan  1 00:00:00 1970\nS: 1\n\n>From x\n>>From y\n> From z\n';
  assert.equal(await split(text), ['S: 1\n\nFrom x\n>From y\n> From z\n']);
  assert.equal(await split('From a\n\n>From x\n', 2, 'mboxrd'), ['\nFrom x\n']);
});

test('a message larger than the read-ahead survives intact, byte for byte', async () => {
  const big = 'S: 1\n\n' + 'x'.repeat(99) + '\n'.repeat(1) + 'From-like but not a separator\n' + 'y\n'.repeat(5_000_000) + 'end';
  const text = `From a\n${big}\n\nFrom b\nS: 2\n`;
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 65_536) chunks.push(bytes.subarray(i, i + 65_536));
  const out: Buffer[] = [];
  for await (const m of splitMbox(chunks)) out.push(m.raw);
  assert.is(out.length, 2);
  assert.ok(out[0].equals(Buffer.from(big + '\n')));
  assert.is(out[1].toString(), 'S: 2\n');
});

test('unescapeMboxrd keeps bytes that are not UTF-8', () => {
  const raw = Buffer.from([0x3e, 0x46, 0x72, 0x6f, 0x6d, 0x20, 0xff, 0x0a]);
  assert.equal([...unescapeMboxrd(raw)], [0x46, 0x72, 0x6f, 0x6d, 0x20, 0xff, 0x0a]);
});

function tempFile(name: string, bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pwlite-mbox-')), name);
  writeFileSync(path, bytes);
  return path;
}

const SAMPLE = 'From a\nS: 1\n\nb\n\nFrom b\nS: 2\n\nc\n';

async function readAll(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const m of readMbox(path)) out.push(m.raw.toString());
  return out;
}

test('compressed archives are recognised by content, not name', async () => {
  const expected = ['S: 1\n\nb\n', 'S: 2\n\nc\n'];
  assert.equal(await readAll(tempFile('plain', Buffer.from(SAMPLE))), expected);
  assert.equal(await readAll(tempFile('archive', gzipSync(SAMPLE))), expected);
  assert.equal(await readAll(tempFile('archive', zstdCompressSync(SAMPLE))), expected, 'zstd');
  const xz = execFileSync('xz', ['-c'], { input: SAMPLE });
  assert.equal(await readAll(tempFile('archive', xz)), expected, 'xz');
});

test('a corrupt compressed archive is an error naming the tool', async () => {
  const broken = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.from('garbage')]);
  try {
    await readAll(tempFile('bad.xz', broken));
    assert.unreachable('should fail');
  } catch (e) {
    assert.match((e as Error).message, /xz/);
  }
});

test('maildir: cur and new, sorted by file name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pwlite-maildir-'));
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'new', '2.b'), 'S: 2\n');
  writeFileSync(join(dir, 'cur', '1.a:2,S'), 'S: 1\n');
  writeFileSync(join(dir, 'tmp', '0.x'), 'S: 0\n');
  const out: [number, string][] = [];
  for await (const m of readMaildir(dir)) out.push([m.position, m.raw.toString()]);
  assert.equal(out, [[1, 'S: 1\n'], [2, 'S: 2\n']]);
});

test.run();
