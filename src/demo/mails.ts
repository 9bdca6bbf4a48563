// The sample mailbox `pwlite demo` imports: a made-up project's list traffic
// with what a new user should see at once — a series with a cover letter and
// reviews carrying tags, its second revision threaded to the first, a single
// patch, a pull request and a discussion that is not a patch. Generated here
// (no files, no network), with fixed dates so every run gives the same mails.

const LIST = 'demo.pwlite.example';
export const DEMO_PROJECT = { linkname: 'demo', name: 'pwlite demo', listid: LIST, listemail: `demo@${LIST}` };

interface Person {
  name: string;
  email: string;
}
const ADA: Person = { name: 'Ada Lovelace', email: 'ada@example.org' };
const GRACE: Person = { name: 'Grace Hopper', email: 'grace@example.org' };
const LINUS: Person = { name: 'Linus Pauling', email: 'linus@example.com' };
const BARBARA: Person = { name: 'Barbara Liskov', email: 'barbara@example.net' };

/** One diff hunk: lines prefixed ' ', '-' or '+'; the counts are derived. */
function fileDiff(path: string, start: number, lines: string[]): string {
  const old = lines.filter((l) => l[0] !== '+').length;
  const now = lines.filter((l) => l[0] !== '-').length;
  return [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`, `@@ -${start},${old} +${start},${now} @@`, ...lines, ''].join('\n');
}

interface Mail {
  id: string;
  from: Person;
  subject: string;
  minutes: number;
  replyTo?: string[];
  body: string;
}

const BASE = Date.UTC(2026, 10, 2, 9, 0, 0);

function render(m: Mail): string {
  const date = new Date(BASE + m.minutes * 60_000).toUTCString().replace('GMT', '+0000');
  const headers = [
    `From: ${m.from.name} <${m.from.email}>`,
    `To: demo@${LIST}`,
    `Subject: ${m.subject}`,
    `Date: ${date}`,
    `Message-Id: <${m.id}@${LIST}>`,
    ...(m.replyTo?.length
      ? [`In-Reply-To: <${m.replyTo[m.replyTo.length - 1]}@${LIST}>`, `References: ${m.replyTo.map((r) => `<${r}@${LIST}>`).join(' ')}`]
      : []),
    `List-Id: pwlite demo list <${LIST}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${headers.join('\n')}\n\n${m.body}`;
}

function patchBody(message: string, author: Person, diffs: string[], stat: string): string {
  return `${message}\n\nSigned-off-by: ${author.name} <${author.email}>\n---\n${stat}\n\n${diffs.join('')}-- \n2.47.0\n`;
}

const GREET_V1 = [
  fileDiff('src/greet.c', 3, [' int greet(const char *name)', ' {', '-\tprintf("hello %s\\n", name);', '+\tprintf("Hello, %s!\\n", name ? name : "world");', ' \treturn 0;', ' }']),
];
const TIME_V1 = [
  fileDiff('src/greet.c', 1, [' #include <stdio.h>', '+#include <time.h>', ' ', ' int greet(const char *name)']),
  fileDiff('src/main.c', 8, [' \tif (argc > 1)', ' \t\treturn greet(argv[1]);', '-\treturn greet(NULL);', '+\treturn greet_by_time(NULL, time(NULL));', ' }']),
];
const TIME_V2 = [
  fileDiff('src/greet.c', 1, [' #include <stdio.h>', '+#include <time.h>', ' ', ' int greet(const char *name)']),
  fileDiff('src/main.c', 8, [' \tif (argc > 1)', ' \t\treturn greet(argv[1]);', '-\treturn greet(NULL);', '+\treturn greet_by_time(NULL, now);', ' }']),
];
const DOCS = [fileDiff('README.md', 1, [' # greeter', ' ', '-Greets peple.', '+Greets people, politely.'])];
const TESTS = [fileDiff('tests/greet.sh', 1, [' #!/bin/sh', '+set -eu', ' ./greet ada | grep -q "Hello, ada!"'])];

function mails(): Mail[] {
  const v1 = ['greeter-v1-0', 'greeter-v1-1', 'greeter-v1-2', 'greeter-v1-3'];
  const v2 = ['greeter-v2-0', 'greeter-v2-1', 'greeter-v2-2', 'greeter-v2-3'];
  const series = (version: string, ids: string[], minutes: number, threadTo: string[] = []): Mail[] => [
    {
      id: ids[0],
      from: ADA,
      subject: `[PATCH ${version}0/3] greeter: friendlier greetings`,
      minutes,
      replyTo: threadTo,
      body:
        'This series makes the greeter friendlier: a capitalised greeting with a\n' +
        'default name, a greeting that depends on the time of day, and a test.\n' +
        (version ? '\nChanges in v2:\n- greet_by_time() takes the time as an argument (Grace)\n' : '') +
        `\nAda Lovelace (3):\n  greeter: capitalise the greeting\n  greeter: greet by time of day\n  tests: check the greeting\n\n-- \n2.47.0\n`,
    },
    {
      id: ids[1],
      from: ADA,
      subject: `[PATCH ${version}1/3] greeter: capitalise the greeting`,
      minutes: minutes + 1,
      replyTo: [...threadTo, ids[0]],
      body: patchBody('Say "Hello, NAME!" and greet the world when no name is given.', ADA, GREET_V1, ' src/greet.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)'),
    },
    {
      id: ids[2],
      from: ADA,
      subject: `[PATCH ${version}2/3] greeter: greet by time of day`,
      minutes: minutes + 2,
      replyTo: [...threadTo, ids[0]],
      body: patchBody('Good morning or good evening, depending on the clock.', ADA, version ? TIME_V2 : TIME_V1, ' src/greet.c | 1 +\n src/main.c  | 2 +-\n 2 files changed, 2 insertions(+), 1 deletion(-)'),
    },
    {
      id: ids[3],
      from: ADA,
      subject: `[PATCH ${version}3/3] tests: check the greeting`,
      minutes: minutes + 3,
      replyTo: [...threadTo, ids[0]],
      body: patchBody('Run the greeter in the test suite and fail on any error.', ADA, TESTS, ' tests/greet.sh | 1 +\n 1 file changed, 1 insertion(+)'),
    },
  ];
  return [
    ...series('', v1, 0),
    {
      id: 'review-1',
      from: GRACE,
      subject: 'Re: [PATCH 1/3] greeter: capitalise the greeting',
      minutes: 60,
      replyTo: [v1[0], v1[1]],
      body: '> Say "Hello, NAME!" and greet the world when no name is given.\n\nMuch nicer.\n\nReviewed-by: Grace Hopper <grace@example.org>\n',
    },
    {
      id: 'review-2',
      from: GRACE,
      subject: 'Re: [PATCH 2/3] greeter: greet by time of day',
      minutes: 62,
      replyTo: [v1[0], v1[2]],
      body: '> +\treturn greet_by_time(NULL, time(NULL));\n\nPlease pass the time in, so that tests can fix it.\n',
    },
    {
      id: 'cover-reply',
      from: LINUS,
      subject: 'Re: [PATCH 0/3] greeter: friendlier greetings',
      minutes: 90,
      replyTo: [v1[0]],
      body: 'Acked-by: Linus Pauling <linus@example.com>\n\nfor the whole series.\n',
    },
    ...series('v2 ', v2, 24 * 60, [v1[0]]),
    {
      id: 'review-3',
      from: GRACE,
      subject: 'Re: [PATCH v2 2/3] greeter: greet by time of day',
      minutes: 25 * 60,
      replyTo: [v1[0], v2[0], v2[2]],
      body: 'Reviewed-by: Grace Hopper <grace@example.org>\n',
    },
    {
      id: 'test-report',
      from: BARBARA,
      subject: 'Re: [PATCH v2 3/3] tests: check the greeting',
      minutes: 26 * 60,
      replyTo: [v1[0], v2[0], v2[3]],
      body: 'Ran it on three machines, all green.\n\nTested-by: Barbara Liskov <barbara@example.net>\n',
    },
    {
      id: 'typo',
      from: BARBARA,
      subject: '[PATCH] README: fix a typo',
      minutes: 27 * 60,
      body: patchBody('"peple" is not a word.', BARBARA, DOCS, ' README.md | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)'),
    },
    {
      id: 'pull',
      from: GRACE,
      subject: '[GIT PULL] greeter: friendlier greetings for 1.1',
      minutes: 3 * 24 * 60,
      body:
        'Hi,\n\nPlease pull the greeter changes for 1.1.\n\n' +
        'The following changes since commit 1f3a5c7e9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a:\n\n  greeter 1.0 (2026-10-30)\n\n' +
        'are available in the Git repository at:\n\n  https://git.example.org/greeter.git tags/greeter-1.1\n\n' +
        'for you to fetch changes up to 8e6c4a2f0d9b7e5c3a1f8d6b4e2c0a9f7d5b3e1c:\n\n  tests: check the greeting (2026-11-03)\n',
    },
    {
      id: 'question',
      from: LINUS,
      subject: 'Release plans for 1.1?',
      minutes: 4 * 24 * 60,
      body: 'When do we tag 1.1? (A discussion: pwlite keeps only patches, covers and their comments, so this one is dropped.)\n',
    },
  ];
}

/** The demo mails, each as it would arrive from the list. */
export function demoMails(): Buffer[] {
  return mails().map((m) => Buffer.from(render(m)));
}
