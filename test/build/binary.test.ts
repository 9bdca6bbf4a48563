// The single executable, built by build.mjs, copied alone into an empty
// directory and run with an empty environment: no node, no node_modules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../src/runtime/assets.ts';

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

test.run();
