// Every admin subcommand, run in-process as a user would type it, and its bad input.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openDb } from '../../src/db/connection.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDbPath } from '../helpers/db.ts';

const PROJECT = ['project', 'add', 'linux', '--name', 'Linux', '--list-id', 'linux.kernel.org', '--list-email', 'linux@kernel.org'];

function count(path: string, sql: string): unknown {
  const db = openDb(path);
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}

async function ok(path: string, ...args: string[]) {
  const r = await runCli(['--db', path, ...args]);
  assert.is(r.code, 0, `pwlite ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

async function fails(path: string, args: string[], message: RegExp) {
  const r = await runCli(['--db', path, ...args]);
  assert.is.not(r.code, 0, `pwlite ${args.join(' ')} should fail`);
  assert.match(r.stderr, message);
  return r;
}

const help = suite('help');
help('top-level help lists every command', async () => {
  const r = await runCli(['--help']);
  assert.is(r.code, 0);
  for (const c of ['serve', 'migrate', 'project', 'user', 'token', 'maintainer', 'state', 'delegation']) assert.match(r.stdout, c);
});
help('each command has --help', async () => {
  for (const c of ['serve', 'migrate', 'project', 'user', 'token', 'maintainer', 'state', 'delegation']) {
    const r = await runCli([c, '--help']);
    assert.is(r.code, 0, c);
    assert.match(r.stdout, `pwlite ${c}`);
  }
});
help('an unknown command or option is refused', async () => {
  const path = tempDbPath();
  await fails(path, ['frobnicate'], /unknown command 'frobnicate'/);
  await fails(path, ['project', 'list', '--bogus'], /unknown option '--bogus'/);
});
help.run();

const migrate = suite('migrate');
migrate('creates the database and reports the schema version', async () => {
  const path = tempDbPath();
  const r = await ok(path, 'migrate');
  assert.match(r.stdout, /applied 0001_init\.sql/);
  const again = await ok(path, 'migrate');
  assert.match(again.stdout, /up to date/);
});
migrate('$PWLITE_DB names the database when --db is absent', async () => {
  const path = tempDbPath();
  process.env.PWLITE_DB = path;
  try {
    await runCli(['project', ...PROJECT.slice(1)]);
  } finally {
    delete process.env.PWLITE_DB;
  }
  assert.is(count(path, 'SELECT count(*) FROM projects'), 1);
});
migrate.run();

const project = suite('project');
project('add, list, show and edit', async () => {
  const path = tempDbPath();
  await ok(path, ...PROJECT, '--subject-match', '^\\[PATCH net\\]', '--web-url', 'https://kernel.org', '--show-dependencies');
  assert.match((await ok(path, 'project', 'list')).stdout, /linux\tlinux\.kernel\.org\tLinux/);
  const shown = (await ok(path, 'project', 'show', 'linux')).stdout;
  assert.match(shown, /subject-match: \^\\\[PATCH net\\\]/);
  assert.match(shown, /show-dependencies: yes/);
  await ok(path, 'project', 'edit', 'linux', '--list-archive-url-format', 'https://lore.kernel.org/r/{}', '--no-show-dependencies');
  const edited = (await ok(path, 'project', 'show', 'linux')).stdout;
  assert.match(edited, /list-archive-url-format: https:\/\/lore\.kernel\.org\/r\/\{\}/);
  assert.match(edited, /show-dependencies: no/);
  assert.match(edited, /web-url: https:\/\/kernel\.org/, 'options not given are kept');
});
project('bad input names the problem and changes nothing', async () => {
  const path = tempDbPath();
  await ok(path, ...PROJECT);
  await fails(path, PROJECT, /linkname 'linux' exists already/);
  await fails(path, ['project', 'add', 'other', '--name', 'Linux', '--list-id', 'x', '--list-email', 'x@y'], /named 'Linux' exists/);
  await fails(path, ['project', 'add', 'bad name', '--name', 'B', '--list-id', 'b', '--list-email', 'b@b'], /linkname 'bad name'/);
  await fails(path, ['project', 'add', 'rx', '--name', 'R', '--list-id', 'r', '--list-email', 'r@r', '--subject-match', '[unclosed'], /not a valid regular expression/);
  await fails(path, ['project', 'add', 'nolist', '--name', 'N'], /missing --list-id/);
  await fails(path, ['project', 'show', 'nope'], /no project with linkname 'nope'/);
  await fails(path, ['project', 'edit', 'nope', '--name', 'x'], /no project with linkname 'nope'/);
  await fails(path, ['project', 'edit', 'linux', '--subject-match', '('], /not a valid regular expression/);
  assert.is(count(path, 'SELECT count(*) FROM projects'), 1);
  assert.is(count(path, "SELECT subject_match FROM projects WHERE linkname = 'linux'"), '');
});
project.run();

const user = suite('user, token, maintainer');
user('add with a password, edit, passwd; secrets are stored hashed', async () => {
  const path = tempDbPath();
  const added = await runCli(['--db', path, 'user', 'add', 'alice', '--email', 'alice@example.org', '--first-name', 'Alice', '--password-stdin'], 'hunter2\n');
  assert.is(added.code, 0, added.stderr);
  await fails(path, ['user', 'add', 'bob', '--email', 'bob@example.org', '--password-stdin'], /no password on standard input/);
  assert.match((await ok(path, 'user', 'list')).stdout, /alice\talice@example\.org\tactive/);
  await ok(path, 'user', 'edit', 'alice', '--last-name', 'Liddell', '--inactive');
  assert.match((await ok(path, 'user', 'list')).stdout, /alice\talice@example\.org\tinactive/);
  const r = await runCli(['--db', path, 'user', 'passwd', 'alice'], 'correct horse\n');
  assert.is(r.code, 0);
  const stored = String(count(path, "SELECT password_hash FROM users WHERE username = 'alice'"));
  assert.match(stored, /^scrypt\$/);
  assert.not.match(stored, /correct horse/);
});
user('token create prints a 40-hex key once and stores only its hash; revoke removes it', async () => {
  const path = tempDbPath();
  await ok(path, 'user', 'add', 'carol', '--email', 'carol@example.org');
  const key = (await ok(path, 'token', 'create', 'carol')).stdout.trim();
  assert.match(key, /^[0-9a-f]{40}$/);
  const stored = String(count(path, 'SELECT key_hash FROM api_tokens'));
  assert.is.not(stored, key);
  assert.is(stored.length, 64);
  const second = (await ok(path, 'token', 'create', 'carol')).stdout.trim();
  assert.is.not(second, key, 'a new token replaces the old one');
  assert.is(count(path, 'SELECT count(*) FROM api_tokens'), 1);
  await ok(path, 'token', 'revoke', 'carol');
  assert.is(count(path, 'SELECT count(*) FROM api_tokens'), 0);
  await fails(path, ['token', 'revoke', 'carol'], /has no token/);
  await fails(path, ['token', 'create', 'nobody'], /no user 'nobody'/);
});
user('maintainer add and remove', async () => {
  const path = tempDbPath();
  await ok(path, ...PROJECT);
  await ok(path, 'user', 'add', 'dave', '--email', 'dave@example.org');
  await ok(path, 'maintainer', 'add', 'linux', 'dave');
  assert.match((await ok(path, 'project', 'show', 'linux')).stdout, /maintainers: dave/);
  await fails(path, ['maintainer', 'add', 'linux', 'dave'], /maintains linux already/);
  await ok(path, 'maintainer', 'remove', 'linux', 'dave');
  await fails(path, ['maintainer', 'remove', 'linux', 'dave'], /does not maintain/);
  await fails(path, ['maintainer', 'add', 'nope', 'dave'], /no project/);
  await fails(path, ['maintainer', 'add', 'linux', 'nobody'], /no user 'nobody'/);
});
user('bad user input is refused', async () => {
  const path = tempDbPath();
  await ok(path, 'user', 'add', 'erin', '--email', 'erin@example.org');
  await fails(path, ['user', 'add', 'erin', '--email', 'e2@example.org'], /user 'erin' exists already/);
  await fails(path, ['user', 'add', 'frank', '--email', 'not-an-address'], /not an e-mail address/);
  await fails(path, ['user', 'add', 'bad user', '--email', 'b@example.org'], /username 'bad user'/);
  await fails(path, ['user', 'add', 'gina'], /missing --email/);
  await fails(path, ['user', 'passwd', 'erin'], /no password on standard input/);
  await fails(path, ['user', 'edit', 'nobody', '--first-name', 'x'], /no user 'nobody'/);
  await fails(path, ['user', 'edit', 'erin', '--items-per-page', 'many'], /must be an integer/);
  assert.is(count(path, 'SELECT count(*) FROM users'), 1);
});
user.run();

const states = suite('state, delegation');
states('state list shows upstream defaults; add appends', async () => {
  const path = tempDbPath();
  const listed = (await ok(path, 'state', 'list')).stdout.trim().split('\n');
  assert.is(listed.length, 10);
  assert.is(listed[0], '0\tnew\tNew\t(action required)');
  await ok(path, 'state', 'add', 'Needs Rebase', '--action-required');
  assert.match((await ok(path, 'state', 'list')).stdout, /10\tneeds-rebase\tNeeds Rebase\t\(action required\)/);
  await fails(path, ['state', 'add', 'Needs Rebase'], /exists already/);
  await fails(path, ['state', 'add', 'Odd', '--slug', 'Not A Slug'], /slug 'Not A Slug'/);
  await fails(path, ['state', 'add', 'Clash', '--ordering', '0'], /ordering 0 exists already/);
});
states('delegation add, list, remove', async () => {
  const path = tempDbPath();
  await ok(path, ...PROJECT);
  await ok(path, 'user', 'add', 'hank', '--email', 'hank@example.org');
  await ok(path, 'delegation', 'add', 'linux', 'drivers/net/*', 'hank', '--priority', '5');
  await ok(path, 'delegation', 'add', 'linux', 'Documentation/*', 'hank');
  assert.is((await ok(path, 'delegation', 'list', 'linux')).stdout, '5\tdrivers/net/*\thank\n0\tDocumentation/*\thank\n');
  await fails(path, ['delegation', 'add', 'linux', 'drivers/net/*', 'hank'], /has a rule for 'drivers\/net\/\*' already/);
  await fails(path, ['delegation', 'add', 'linux', 'x/*', 'nobody'], /no user 'nobody'/);
  await fails(path, ['delegation', 'add', 'linux', 'x/*', 'hank', '--priority', 'high'], /must be an integer/);
  await ok(path, 'delegation', 'remove', 'linux', 'Documentation/*');
  await fails(path, ['delegation', 'remove', 'linux', 'Documentation/*'], /no rule/);
  assert.is(count(path, 'SELECT count(*) FROM delegation_rules'), 1);
});
states.run();
