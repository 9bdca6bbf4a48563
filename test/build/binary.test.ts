// The single executable, built by build.mjs, copied alone into an empty
// directory and run with an empty environment: no node, no node_modules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/runtime/assets.ts';
import { skipped } from '../helpers/requires.ts';

let dir: string;

function pwlite(args: string[], input = ''): string {
  return execFileSync(join(dir, 'pwlite'), args, { cwd: dir, env: { HOME: dir }, input, encoding: 'utf8' });
}

test.before(() => {
  execFileSync(process.execPath, [join(projectRoot, 'build.mjs')], { cwd: projectRoot, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'pwlite-bin-'));
  copyFileSync(join(projectRoot, 'dist', 'pwlite'), join(dir, 'pwlite'));
});

test('every admin subcommand runs from the lone binary and creates its database', () => {
  assert.match(pwlite(['--help']), /usage: pwlite/);
  assert.match(pwlite(['migrate']), /schema version \d+/);
  assert.ok(existsSync(join(dir, 'pwlite.sqlite3')));
  pwlite(['project', 'add', 'demo', '--name', 'Demo', '--list-id', 'demo.example.org', '--list-email', 'demo@example.org']);
  pwlite(['user', 'add', 'maint', '--email', 'maint@example.org', '--password-stdin'], 'pw\n');
  pwlite(['maintainer', 'add', 'demo', 'maint']);
  pwlite(['state', 'add', 'Queued']);
  pwlite(['delegation', 'add', 'demo', 'lib/*', 'maint']);
  assert.match(pwlite(['project', 'show', 'demo']), /maintainers: maint/);
  assert.match(pwlite(['token', 'create', 'maint']), /^[0-9a-f]{40}\n$/);
});

test('the lone binary serves the API', async () => {
  const key = pwlite(['token', 'create', 'maint']).trim();
  const child = spawn(join(dir, 'pwlite'), ['serve', '--port', '0', '--host', '127.0.0.1'], { cwd: dir, env: { HOME: dir } });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(err);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    const ok = await fetch(`${url}/api/1.4/`, { headers: { authorization: `Token ${key}` } });
    assert.is(ok.status, 200);
    assert.is((await ok.json()).projects, `${url}/api/1.4/projects/`);
    const bad = await fetch(`${url}/api/1.4/`, { headers: { authorization: 'Token ' + '0'.repeat(40) } });
    assert.is(bad.status, 403);
    assert.equal(await bad.json(), { detail: 'Invalid token.' });
    // The API docs page and its assets are embedded too (build.mjs ASSETS).
    const ui = await fetch(`${url}/api/docs/swagger-ui-bundle.js`);
    assert.is(ui.status, 200);
    assert.match(await ui.text(), /SwaggerUIBundle/);
    assert.is((await fetch(`${url}/api/docs/docs.js`)).status, 200);
    assert.is((await (await fetch(`${url}/api/1.2/docs/?format=openapi`)).json()).info.version, '1.2');
  } finally {
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.is(await exited, 0, 'SIGTERM shuts down cleanly');
  }
});

// parsearchive's parsing thread starts before the command is even loaded
// (src/workers/parse-start.ts): it must be the one the import uses, and
// must not keep a process alive that ends before taking it.
test('the lone binary imports an mbox; parsearchive --help and a missing file end the process', () => {
  const patch = (n: number) =>
    `From ada@example.org Mon Mar  2 10:00:00 2026\nFrom: Ada <ada@example.org>\nSubject: [PATCH ${n}/2] fix ${n}\n` +
    `Message-Id: <b${n}@example.org>\nList-Id: <demo.example.org>\n\nFix.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b${n}\n\n`;
  const mbox = join(dir, 'two.mbox');
  writeFileSync(mbox, patch(1) + patch(2));
  assert.match(pwlite(['parsearchive', mbox]), /2 patches/);
  const run = (args: string[]) => spawnSync(join(dir, 'pwlite'), args, { cwd: dir, env: { HOME: dir }, encoding: 'utf8', timeout: 60_000 });
  const help = run(['parsearchive', '--help']);
  assert.is(help.status, 0, help.stderr);
  assert.match(help.stdout, /usage: pwlite parsearchive/);
  const missing = run(['parsearchive', join(dir, 'missing.mbox')]);
  assert.is(missing.status, 1, `${missing.signal ?? ''} ${missing.stderr}`);
  assert.match(missing.stderr, /missing\.mbox/);
});

test('the lone binary reports the Node 24 it embeds, with its young generation capped', () => {
  const out = pwlite(['--version']);
  assert.match(out, /^pwlite \d+\.\d+\.\d+\nNode\.js v24\.\d+\.\d+ \(--max-semi-space-size=8\)\nSQLite 3\.\d+\.\d+\n$/);
});

test('the SQLite addon goes to a private folder (0700), tightened if it was not', () => {
  const home = mkdtempSync(join(tmpdir(), 'pwlite-home-'));
  mkdirSync(join(home, '.cache', 'pwlite'), { recursive: true, mode: 0o755 });
  chmodSync(join(home, '.cache', 'pwlite'), 0o755);
  execFileSync(join(dir, 'pwlite'), ['--version'], { cwd: dir, env: { HOME: home } });
  const folder = join(home, '.cache', 'pwlite');
  assert.is((statSync(folder).mode & 0o777).toString(8), '700');
  const [addon] = readdirSync(folder);
  assert.match(addon, /^better_sqlite3-[0-9a-f]{16}\.node$/);
  assert.is(statSync(join(folder, addon)).mode & 0o022, 0, 'nobody else may write the addon');
});

// An MTA running parsemail as nobody, whose $HOME (/nonexistent) cannot be
// created: the addon goes to a per-user folder under the temp directory,
// and a folder of that name that someone else made is not used.
const setpriv = spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
const root = process.getuid?.() === 0;
if (root && setpriv) {
  test('runs as nobody with an unwritable $HOME; delivers with parsemail --mta', () => {
    // nobody must reach its folder: every parent may be private to root.
    const base = mkdtempSync(join(tmpdir(), 'pwlite-nobody-'));
    chmodSync(base, 0o711);
    for (let up = tmpdir(); up !== '/' && up.startsWith('/tmp/'); up = join(up, '..')) chmodSync(up, statSync(up).mode | 0o111);
    const work = join(base, 'work');
    const tmp = join(work, 'tmp');
    mkdirSync(tmp, { recursive: true });
    copyFileSync(join(dir, 'pwlite'), join(work, 'pwlite'));
    chmodSync(join(work, 'pwlite'), 0o755);
    for (const p of [work, tmp]) chownSync(p, 65534, 65534);
    // Someone else got there first: a world-writable folder with the per-user name.
    mkdirSync(join(tmp, 'pwlite-65534'));
    chmodSync(join(tmp, 'pwlite-65534'), 0o777);
    const env = { HOME: '/nonexistent', TMPDIR: tmp, PATH: '/usr/bin:/bin' };
    const asNobody = (args: string[], input = '') =>
      spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', join(work, 'pwlite'), ...args], { cwd: work, env, input, encoding: 'utf8' });
    const version = asNobody(['--version']);
    assert.is(version.status, 0, version.stderr);
    assert.match(version.stdout, /Node\.js v24\./);
    const project = asNobody(['project', 'add', 'dev', '--name', 'Dev', '--list-id', 'dev.example.org', '--list-email', 'dev@example.org']);
    assert.is(project.status, 0, project.stderr);
    const mail = 'From: Ada <ada@example.org>\nSubject: [PATCH] fix\nMessage-Id: <n1@example.org>\nList-Id: <dev.example.org>\n\nFix.\n---\ndiff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n';
    const delivered = asNobody(['parsemail', '--mta'], mail);
    assert.is(delivered.status, 0, delivered.stderr);
    assert.match(asNobody(['project', 'show', 'dev']).stdout, /dev/);
    assert.is(statSync(join(work, 'pwlite.sqlite3')).uid, 65534);
    assert.is((statSync(join(work, 'pwlite.sqlite3')).mode & 0o777).toString(8), '600');
    // The foreign folder was not used, and nothing was left in it.
    assert.equal(readdirSync(join(tmp, 'pwlite-65534')), []);
  });
} else {
  skipped('runs as nobody with an unwritable $HOME', root ? 'needs setpriv (util-linux), which is not installed' : 'needs root, to run the executable as nobody');
}

test.run();
