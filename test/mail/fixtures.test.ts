// Upstream's fixture mails (docs/ingest.md §14.2, §15), read from ../shared when
// it is present; without it these tests are not registered.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseMail } from '../../src/mail/parse.ts';
import { MalformedMailError, type ParsedMail } from '../../src/mail/types.ts';
import { NO_SHARED, skipped } from '../helpers/requires.ts';

const DATA = fileURLToPath(new URL('../../../shared/upstream/testdata/', import.meta.url));
const EMPTY = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const DROP = ['test-project-0'];

function load(dir: string, name: string): ParsedMail {
  let raw = readFileSync(`${DATA}${dir}/${name}.mbox`);
  // Upstream's test helper adds a Message-Id to fixtures that have none.
  if (!/^message-id:/im.test(raw.toString('latin1').split(/\r?\n\r?\n/)[0])) {
    const at = raw.subarray(0, 5).toString() === 'From ' ? raw.indexOf('\n') + 1 : 0;
    raw = Buffer.concat([raw.subarray(0, at), Buffer.from(`Message-Id: <${name}@fixture.test>\n`), raw.subarray(at)]);
  }
  return parseMail(raw);
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

interface Expect {
  name?: string;
  pull?: string | null;
  hash?: string | null;
  diffStarts?: string;
  check?: (m: ParsedMail) => void;
}

const PULL_NEXT = 'git://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next';
const MAIL: Record<string, Expect> = {
  '0001-git-pull-request': { name: '[git,pull] Please pull powerpc.git next branch', pull: PULL_NEXT, hash: null },
  '0002-git-pull-request-wrapped': { name: '[git,pull] Please pull powerpc.git next branch', pull: PULL_NEXT, hash: null },
  '0003-git-pull-request-with-diff': {
    pull: 'git://git.kernel.org/pub/scm/linux/kernel/git/tip/linux-2.6-tip.git x86-fixes-for-linus',
    diffStarts: 'diff --git a/arch/x86/include/asm/smp.h',
    hash: 'dde488c7b82265da100f9facd43c2bb72f5262fd',
  },
  '0004-git-pull-request-git+ssh': { pull: 'git+ssh://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next', hash: null },
  '0005-git-pull-request-ssh': { pull: 'ssh://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next', hash: null },
  '0006-git-pull-request-http': { pull: 'http://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next', hash: null },
  '0007-cvs-format-diff': {
    name: ': Fix ld pr11138 FAILures on mips*.',
    diffStarts: 'Index',
    hash: 'f0db4bd410752c95498f69ad5616422592f2bcab',
    check: (m) => assert.equal(m.listIds, ['linux-mips']),
  },
  '0008-git-rename': {
    name: '[Buildroot,01/11] package/rpi-userland: rename patches',
    hash: EMPTY,
    check: (m) => {
      const diff = m.body().diff!;
      assert.is(count(diff, '\nrename from '), 2);
      assert.is(count(diff, '\nrename to '), 2);
      assert.equal(m.subject(DROP).series, { x: 1, n: 11 });
    },
  },
  '0009-git-rename-with-diff': {
    hash: '1a0a2f780b578d1daa1bcb9a40679763220aa45e',
    check: (m) => {
      assert.ok(m.body().content);
      assert.is(count(m.body().diff!, '\n-a\n+b'), 1);
    },
  },
  '0010-invalid-charset': { hash: 'db01919ea1c391ec8bc401540af51e10e8ee62be', check: (m) => assert.ok(m.body().content) },
  '0011-no-newline-at-end-of-file': {
    name: '[v3,5/5] selftests, powerpc: Add test for VPHN',
    hash: '13005677f1587851f296d5f1934333eefe90ddad',
    check: (m) => {
      const { diff, content } = m.body();
      assert.is(count(diff!, '\\ No newline at end of file'), 2);
      assert.ok(diff!.endsWith('\\ No newline at end of file\n'));
      assert.not.ok(content.endsWith('\\ No newline at end of file'));
    },
  },
  '0012-invalid-header-char': { name: '[dpdk-dev] kni: fix compilation error when debug enabled', hash: 'fcfbfcf2afbf8c9a6273178493a6bd2e523ec125' },
  '0013-with-utf8-body': { hash: '4df3c62e1f74a2a2035f7676c52e7d26d30c2adb', check: (m) => assert.is(m.author().name, 'Rafał Miłecki') },
  '0014-with-unencoded-utf8-headers': {
    name: 'MAINTAINERS: Update entry for BCM5301X ARM to include Rafa\uFFFD\uFFFD Mi\uFFFD\uFFFDecki',
    hash: '4df3c62e1f74a2a2035f7676c52e7d26d30c2adb',
    check: (m) => assert.is(m.author().name, 'Rafa\uFFFD\uFFFD Mi\uFFFD\uFFFDecki'),
  },
  '0015-with-invalid-utf8-headers': { hash: '4df3c62e1f74a2a2035f7676c52e7d26d30c2adb', check: (m) => assert.is(m.author().name, 'Rafał Miłecki') },
  '0016-no-subject': { name: '', check: (m) => assert.ok(m.body().diff && m.body().content) },
  '0017-git-pull-request-git-2-14-3': { pull: 'git://git.kernel.org/pub/scm/linux/kernel/git/davem/net', hash: null },
  '0019-multipart-patch': {
    name: 'parsemail: ignore html part of multi-part comments',
    hash: '201d414fd34cef186a0813dd4d49b5f873d00605',
    check: (m) => {
      assert.not.ok(m.body().diff!.includes('<div'));
      assert.not.ok(m.body().content.includes('<div'));
    },
  },
  '0020-multipart-comment': {
    hash: null,
    check: (m) => {
      assert.ok(m.isReply);
      assert.ok(m.body().content);
      assert.not.ok(m.body().content.includes('<div'));
    },
  },
  '0021-git-empty-new-file': { hash: EMPTY, check: (m) => assert.equal(m.subject(DROP).series, { x: 1, n: 3 }) },
  '0022-git-mode-change': { name: '[1/1] kconfig: Make nconf-cfg.sh executable', hash: EMPTY },
  '0023-git-pull-request-newline-in-url': { pull: 'https://git.kernel.org/pub/scm/linux/kernel/git/matthias.bgg/linux.git/ tags/v5.4-next-soc' },
  '0024-git-pull-request-trailing-space': { pull: 'git://git.kernel.org/pub/scm/linux/kernel/git/nsekhar/linux-davinci.git tags/davinci-for-v5.6/soc' },
  '0025-git-add-binary-file': {
    diffStarts: 'diff --git pixel.bmp pixel.bmp',
    hash: '28bbf89195af1c065a2ebbfbdfaf0ee9dfe8296e',
    check: (m) => {
      const diff = m.body().diff!;
      for (const s of ['GIT binary patch\n', 'literal 142\n', 'literal 0\n']) assert.ok(diff.includes(s), s);
      assert.ok(diff.endsWith('-- \n2.35.3\n\n\n'));
    },
  },
  '0026-git-add-mixed-binary-text-files': {
    diffStarts: 'diff --git pixel.bmp pixel.bmp',
    hash: '729b1ccd5c3d4e3d7aa012fd7216678d9d79cd3f',
    check: (m) => {
      assert.ok(m.body().diff!.includes('GIT binary patch\n'));
      assert.ok(m.body().diff!.includes('diff --git quit.sh quit.sh\n'));
      assert.ok(m.body().content.includes('new file mode'));
    },
  },
  '0027-git-modify-binary-file': {
    diffStarts: 'diff --git pixel.bmp pixel.bmp',
    hash: '28bbf89195af1c065a2ebbfbdfaf0ee9dfe8296e',
    check: (m) => {
      for (const s of ['literal 0\n', 'literal 142\n']) assert.ok(m.body().diff!.includes(s), s);
    },
  },
};

type Outcome = 'patch' | 'invalid-from' | 'no-content' | 'not-a-patch';

/** What the parse decides on its own (docs/ingest.md §3 steps 8-11); covers,
 * comments and drops of mails with content need the database. */
function outcome(m: ParsedMail): Outcome {
  const { diff, content, pullUrl } = m.body();
  if (!diff && !content) return 'no-content';
  if (m.isReply || !(diff || pullUrl)) return 'not-a-patch';
  try {
    m.author('patchwork@lists.ozlabs.org');
    return 'patch';
  } catch (e) {
    if (e instanceof MalformedMailError && e.message === "Invalid 'From' header") return 'invalid-from';
    throw e;
  }
}

const FUZZ: Record<string, Outcome> = {
  base64err: 'invalid-from',
  charset: 'invalid-from',
  'codec-null': 'patch',
  'date-oserror': 'invalid-from',
  'date-too-long': 'no-content',
  date: 'not-a-patch',
  dateheader: 'no-content',
  'email-len': 'invalid-from',
  'msgid-len': 'invalid-from',
  'msgid-len2': 'invalid-from',
  msgidheader: 'invalid-from',
  'name-len': 'no-content',
  refshdr: 'no-content',
  'unknown-encoding': 'no-content',
  value2: 'no-content',
  'x-face': 'not-a-patch',
  'year-out-of-range': 'invalid-from',
};

const NUL = /\0/;

if (existsSync(DATA)) {
  for (const [name, e] of Object.entries(MAIL)) {
    test(`§14.2 ${name}`, () => {
      const m = load('mail', name);
      const body = m.body();
      if (!m.isReply) assert.ok(body.diff !== null || body.pullUrl !== null, 'a patch');
      if (e.name !== undefined) assert.is(m.subject(DROP).name, e.name);
      if (e.pull !== undefined) assert.is(body.pullUrl, e.pull);
      if (e.hash !== undefined) assert.is(body.hash, e.hash);
      if (e.diffStarts) assert.ok(body.diff!.startsWith(e.diffStarts), body.diff?.slice(0, 60));
      e.check?.(m);
    });
  }

  for (const [name, expected] of Object.entries(FUZZ)) {
    test(`§15 fuzz ${name}: ${expected}, nothing but a malformed-mail error, no NULs, limits kept`, () => {
      const m = load('fuzz', name);
      assert.is(outcome(m), expected);
      const subject = m.subject(['patchwork']);
      const body = m.body();
      for (const s of [m.headers(), m.msgid ?? '', subject.name, body.content, body.diff ?? '', ...m.refs]) assert.not.ok(NUL.test(s));
      assert.ok((m.msgid ?? '').length <= 255 && subject.name.length <= 255);
      if (expected === 'patch') {
        const a = m.author();
        assert.ok(a.email.length <= 255 && (a.name ?? '').length <= 255);
      }
    });
  }

  test('§15 msgid-len and msgid-len2 keep upstream’s msgids', () => {
    assert.is(load('fuzz', 'msgid-len').msgid, '<1m>');
    assert.is(load('fuzz', 'msgid-len2').msgid, '>');
  });
} else skipped("upstream's fixture mails", NO_SHARED);

test.run();
