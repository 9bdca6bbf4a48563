// The generated corpus-1k and -10k (../shared/corpus/generated) parsed mail by mail
// against its ground truth: per-message kind, date, sender, list-id and tag
// counts (messages.jsonl) and per-patch pull URLs and tags (manifest).
// Without ../shared this test is not registered.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readMbox } from '../../src/mail/mbox.ts';
import { parseMail } from '../../src/mail/parse.ts';
import { countTags } from '../../src/mail/tags.ts';
import { parseFilterDate } from '../../src/util/time.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

const DIR = fileURLToPath(new URL('../../../shared/corpus/generated/', import.meta.url));
const TAGS = ['Acked-by', 'Reviewed-by', 'Tested-by'];
const PATTERNS = TAGS.map((t) => ({ pattern: `^${t}:` }));

interface Message {
  msgid: string;
  kind: 'patch' | 'pull' | 'cover' | 'comment' | 'discussion';
  date: string;
  list_id: string;
  subject: string;
  from_email: string;
  tags?: Record<string, number>;
}
interface Manifest {
  patches: Record<string, { pull_url: string | null; tags_in_patch: Record<string, number> }>;
}

/** The manifests were made by a parser without main's address validation;
 * these mails have a `Name <>` From, which main (and pwlite, docs/ingest.md §4.5,
 * §16) rejects as an invalid From. */
const INVALID_FROM: Record<string, string[]> = {
  'corpus-10k': ['<20231213155316.2466768-1->'],
};

function readText(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8');
  return execFileSync('xz', ['-dc', `${path}.xz`], { maxBuffer: 1 << 28 }).toString();
}

for (const corpus of ['corpus-1k', 'corpus-10k']) {
  if (!existsSync(`${DIR}${corpus}.mbox.xz`)) {
    skipped(`${corpus}: every mail parses to its ground truth`, NO_SHARED);
    continue;
  }
  test(`${corpus}: every mail parses to its ground truth`, async () => {
    const messages = new Map<string, Message>();
    for (const line of readText(`${DIR}${corpus}.messages.jsonl`).split('\n')) {
      if (line) messages.set(JSON.parse(line).msgid, JSON.parse(line));
    }
    const manifest = JSON.parse(readText(`${DIR}${corpus}.manifest.json`)) as Manifest;
    const problems: string[] = [];
    const seen = new Map<string, number>();
    for await (const { raw } of readMbox(`${DIR}${corpus}.mbox.xz`)) {
      const m = parseMail(raw);
      const id = m.messageId();
      const expected = messages.get(id);
      if (!expected) {
        problems.push(`${id}: not in messages.jsonl`);
        continue;
      }
      const fail = (what: string, got: unknown, want: unknown) => {
        if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${id} ${expected.kind} ${what}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
      };
      seen.set(expected.kind, (seen.get(expected.kind) ?? 0) + 1);
      const body = m.body();
      fail('list-id', m.listIds[0], expected.list_id);
      fail('date', m.date.slice(0, 19), parseFilterDate(expected.date)?.slice(0, 19));
      if (INVALID_FROM[corpus]?.includes(id)) {
        assert.throws(() => m.author(), /Invalid 'From' header/);
        continue;
      }
      fail('from', m.author().email, expected.from_email);
      fail('subject', m.subjectText, expected.subject.replace(/\s+/g, ' ').trim());
      const tags = countTags([body.content], PATTERNS);
      const isPatch = !m.isReply && (body.diff !== null || body.pullUrl !== null);
      switch (expected.kind) {
        case 'patch':
        case 'pull': {
          const truth = manifest.patches[id];
          fail('is a patch', isPatch, true);
          fail('pull_url', body.pullUrl, truth.pull_url);
          fail('tags in patch', tags, TAGS.map((t) => truth.tags_in_patch[t]));
          break;
        }
        case 'cover':
          fail('is a patch', isPatch, false);
          fail('marker x', m.subject([]).series?.x, 0);
          break;
        case 'comment':
          fail('is a patch', isPatch, false);
          fail('tags', tags, TAGS.map((t) => expected.tags?.[t] ?? 0));
          break;
        case 'discussion':
          fail('is a patch', isPatch, false);
          break;
      }
    }
    assert.equal(problems.slice(0, 10), []);
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    assert.is(total, messages.size);
  });
}

test.run();
