// public-inbox archives (docs/mirrors.md): a v2 inbox made here with the
// system git (one commit per message, two epochs, a deletion) imports with
// the same counts as the same mails as an mbox, and a rerun after new
// commits reads only those; a single epoch (bare or with a work tree) and a
// git URL as a `pwlite mirror` source work the same way.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PROJECT, demoMails } from '../../src/demo/mails.ts';
import { openDb } from '../../src/db/connection.ts';
import { runCli } from '../helpers/cli.ts';
import { cliOk } from './source.ts';

const test = suite('public-inbox archives');
const root = mkdtempSync(join(tmpdir(), 'pwlite-inbox-'));
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: root, GIT_AUTHOR_NAME: 'pi', GIT_AUTHOR_EMAIL: 'pi@example.org', GIT_COMMITTER_NAME: 'pi', GIT_COMMITTER_EMAIL: 'pi@example.org' };
const git = (gitDir: string, args: string[], input?: Buffer | string) =>
  execFileSync('git', ['--git-dir', gitDir, ...args], { env, input }).toString().trim();

function initEpoch(dir: string): string {
  execFileSync('git', ['init', '--quiet', '--bare', dir], { env });
  git(dir, ['symbolic-ref', 'HEAD', 'refs/heads/master']);
  return dir;
}

/** One commit on top of HEAD whose tree holds `name` (m for a message, d for a deletion). */
function commit(dir: string, name: 'm' | 'd', content: Buffer): void {
  const blob = git(dir, ['hash-object', '-w', '--stdin'], content);
  const tree = git(dir, ['mktree'], `100644 blob ${blob}\t${name}\n`);
  const parent = (() => {
    try {
      return git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD']);
    } catch {
      return '';
    }
  })();
  const sha = git(dir, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', name === 'm' ? 'message' : 'delete']);
  git(dir, ['update-ref', 'refs/heads/master', sha]);
}

/** The same mails as an mboxrd file. */
function mbox(mails: Buffer[]): string {
  return mails.map((raw) => 'From mboxrd@z Thu Jan  1 00:00:00 1970\n' + raw.toString('utf8').replace(/^(>*From )/gm, '>$1').replace(/\n?$/, '\n')).join('\n');
}

function extraMail(n: number): Buffer {
  return Buffer.from(
    `From: Late Sender <late@example.org>\nTo: ${DEMO_PROJECT.listemail}\nList-Id: <${DEMO_PROJECT.listid}>\nSubject: [PATCH] late change ${n}\nDate: Tue, 2 Jul 2030 10:0${n}:00 +0000\nMessage-ID: <late-${n}@example.org>\n\nLate.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b${n}\n`,
  );
}

const mails = demoMails();
const half = Math.ceil(mails.length / 2);
const inbox = join(root, 'inbox');

async function freshDb(name: string): Promise<string> {
  const path = join(root, `${name}.sqlite3`);
  await cliOk(path, 'project', 'add', DEMO_PROJECT.linkname, '--name', DEMO_PROJECT.name, '--list-id', DEMO_PROJECT.listid, '--list-email', DEMO_PROJECT.listemail);
  return path;
}

const counts = (path: string) => {
  const db = openDb(path);
  try {
    return ['patches', 'covers', 'series', 'patch_comments', 'cover_comments', 'events'].map((t) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);
  } finally {
    db.close();
  }
};

test.before(() => {
  mkdirSync(join(inbox, 'git'), { recursive: true });
  const e0 = initEpoch(join(inbox, 'git', '0.git'));
  const e1 = initEpoch(join(inbox, 'git', '1.git'));
  mails.slice(0, half).forEach((m) => commit(e0, 'm', m));
  mails.slice(half).forEach((m) => commit(e1, 'm', m));
  // A message removed from the archive: a commit without `m`.
  commit(e1, 'd', mails[0]);
});

test.after(() => rmSync(root, { recursive: true, force: true }));

test('a v2 inbox imports with the same counts as the same mails as an mbox', async () => {
  const fromInbox = await freshDb('inbox');
  const fromMbox = await freshDb('mbox');
  writeFileSync(join(root, 'same.mbox'), mbox(mails));
  const a = await cliOk(fromInbox, 'parsearchive', inbox);
  const b = await cliOk(fromMbox, 'parsearchive', join(root, 'same.mbox'));
  assert.is(a.split('\n').slice(0, 8).join('\n'), b.split('\n').slice(0, 8).join('\n'));
  assert.match(a, `Processed ${mails.length} messages`);
  assert.match(a, '1 deletion commits');
  assert.equal(counts(fromInbox), counts(fromMbox));
  assert.ok(counts(fromInbox)[0] > 0);
});

test('a rerun reads only the commits made since, per epoch', async () => {
  const path = await freshDb('incremental');
  await cliOk(path, 'parsearchive', inbox);
  const again = await cliOk(path, 'parsearchive', inbox);
  assert.match(again, 'Processed 0 messages');
  commit(join(inbox, 'git', '1.git'), 'm', extraMail(1));
  commit(join(inbox, 'git', '1.git'), 'm', extraMail(2));
  const more = await cliOk(path, 'parsearchive', inbox);
  assert.match(more, 'Processed 2 messages');
  assert.match(more, /\s2 patches/);
});

test('a single epoch, bare or with a work tree, is an archive too', async () => {
  const path = await freshDb('single');
  const out = await cliOk(path, 'parsearchive', join(inbox, 'git', '0.git'));
  assert.match(out, `Processed ${half} messages`);
  const work = join(root, 'worktree');
  execFileSync('git', ['init', '--quiet', work], { env });
  for (const m of mails.slice(0, 3)) {
    writeFileSync(join(work, 'm'), m);
    execFileSync('git', ['-C', work, 'add', 'm'], { env });
    execFileSync('git', ['-C', work, 'commit', '--quiet', '-m', 'msg'], { env });
  }
  const path2 = await freshDb('worktree');
  assert.match(await cliOk(path2, 'parsearchive', work), 'Processed 3 messages');
});

test('pwlite mirror keeps a list current from a git URL', async () => {
  const path = await freshDb('mirror');
  const url = `file://${join(inbox, 'git', '1.git')}`;
  const first = await cliOk(path, 'mirror', url, '--inbox');
  assert.match(first, `Processed ${mails.length - half + 2} messages`);
  commit(join(inbox, 'git', '1.git'), 'm', extraMail(3));
  const second = await cliOk(path, 'mirror');
  assert.match(second, 'Processed 1 messages');
  const status = await cliOk(path, 'mirror', '--status');
  assert.match(status, url);
  assert.match(status, 'public-inbox');
});

test('a path that is no archive is refused by name', async () => {
  const path = await freshDb('none');
  mkdirSync(join(root, 'empty'));
  const r = await runCli(['--db', path, 'mirror', join(root, 'empty')]);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'neither a Patchwork URL nor a public-inbox archive');
});

test.run();
