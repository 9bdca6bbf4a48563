import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findDependsOn } from '../../src/mail/depends.ts';
import { findPullUrl } from '../../src/mail/pull.ts';

const request = (repo: string, head = 'The following changes since commit 0123456789abcdef:\n\n  Linux 6.1 (2022-12-11)\n\n') =>
  `Hi,\n\n${head}are available in the git repository at:\n\n${repo}\n\nfor you to fetch changes up to abcdef:\n`;

// docs/ingest.md §6.7.
const CASES: [string, string, string | null][] = [
  ['git URL and branch', request('  git://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next'), 'git://git.kernel.org/pub/scm/linux/kernel/git/benh/powerpc.git next'],
  ['git+ssh', request('  git+ssh://git.kernel.org/pub/scm/x.git next'), 'git+ssh://git.kernel.org/pub/scm/x.git next'],
  ['ssh', request('  ssh://git.kernel.org/pub/scm/x.git next'), 'ssh://git.kernel.org/pub/scm/x.git next'],
  ['http', request('  http://git.kernel.org/pub/scm/x.git next'), 'http://git.kernel.org/pub/scm/x.git next'],
  ['URL alone', request('  git://git.kernel.org/pub/scm/linux/kernel/git/davem/net'), 'git://git.kernel.org/pub/scm/linux/kernel/git/davem/net'],
  ['ref on the next line', request('  https://git.kernel.org/pub/scm/linux/kernel/git/matthias.bgg/linux.git/\n  tags/v5.4-next-soc'),
    'https://git.kernel.org/pub/scm/linux/kernel/git/matthias.bgg/linux.git/ tags/v5.4-next-soc'],
  ['trailing space', request('  git://git.kernel.org/pub/scm/x.git tags/davinci-for-v5.6/soc  '), 'git://git.kernel.org/pub/scm/x.git tags/davinci-for-v5.6/soc'],
  ['trailing backslash kept', request('  https://x.org/r.git\\ tags/x'), 'https://x.org/r.git\\ tags/x'],
  ['scp-like', request('  user@host:path/repo.git master'), 'user@host:path/repo.git master'],
  ['capital Git (git 2.14.3)', request('  git://x.org/r.git').replace('git repository', 'Git repository'), 'git://x.org/r.git'],
  ['without the since-commit line', request('  git://x.org/r.git master', ''), null],
  ['no request at all', 'just a patch\n', null],
];
for (const [name, text, url] of CASES) {
  test(`§6.7 ${name}`, () => assert.is(findPullUrl(text), url));
}

// The regex's greedy choices: the last "are available" line wins; a URL part
// that does not end its line falls back to a shorter match, or to none.
const CHOICES: [string, string, string | null][] = [
  ['the last request wins', request('  git://a.org/one') + 'are available in the git repository at:\n  git://b.org/two\n', 'git://b.org/two'],
  ['a backslash line without a newline after it', request('  git://x.org/r.git\\ \\\n  tags/x'), 'git://x.org/r.git\\ \\ tags/x'],
  ['junk after the ref on the same line', request('  git://x.org/r.git next!'), null],
  ['junk on the next line: the URL alone', request('  git://x.org/r.git\n!junk'), 'git://x.org/r.git'],
  ['no newline after "at:"', request('').replace('at:\n\n', 'at: ') + 'git://x.org/r.git\n', null],
  ['no scheme separator', request('  host/path/r.git'), null],
];
for (const [name, text, url] of CHOICES) {
  test(`§6.7 ${name}`, () => assert.is(findPullUrl(text), url));
}

test('§6.7 a long run that does not end its line gives no URL', () => {
  const text = request('  git://' + 'a'.repeat(20_000) + '!');
  assert.is(findPullUrl(text), null);
});

test('§6.7 the URL is cut to 255 characters', () => {
  assert.is(findPullUrl(request(`  git://x.org/${'a'.repeat(300)}.git`))?.length, 255);
});

test('§7.7 Depends-on lines: URLs and msgids, whole lines only', () => {
  const content = [
    'Depends-on: <20200101.1@example.com>',
    'depends-on: https://patchwork.example.org/project/p/list/?series=12',
    'Depends-on: http://test/project/p/patch/abc%2Fdef@x/  ',
    'Depends-on: not-an-id-or-url',
    'See Depends-on: <mid@line>',
    '> Depends-on: <quoted@x>',
  ].join('\n');
  assert.equal(findDependsOn(content), {
    urls: ['https://patchwork.example.org/project/p/list/?series=12', 'http://test/project/p/patch/abc%2Fdef@x/'],
    msgids: ['<20200101.1@example.com>'],
  });
  assert.equal(findDependsOn('nothing here'), { urls: [], msgids: [] });
});

test('§7.7 Depends-on lines end at \\n only, as under Python re.M', () => {
  assert.equal(findDependsOn('Depends-on: <a@b>\r\nDepends-on: https://x/y \r\n'), { urls: ['https://x/y'], msgids: ['<a@b>'] });
  assert.equal(findDependsOn('x\rDepends-on: <a@b>\nDepends-on: <c@d>\rmore\nDepends-on: <e@f>\u2028x\n'), { urls: [], msgids: [] });
});

test.run();
