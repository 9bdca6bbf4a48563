// Which folder may hold the executable's SQLite addon (src/runtime/addon.ts):
// only a real directory of this user's that nobody else can write to.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addonFolders, privateFolderProblem } from '../../src/runtime/addon.ts';
import { skipped } from '../helpers/requires.ts';

const base = () => mkdtempSync(join(tmpdir(), 'pwlite-addon-test-'));

test('a new folder is created 0700, with its parents', () => {
  const dir = join(base(), 'a', 'b');
  assert.is(privateFolderProblem(dir), null);
  assert.is((statSync(dir).mode & 0o777).toString(8), '700');
});

test('a folder of ours that others could write to is tightened to 0700', () => {
  const dir = join(base(), 'loose');
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  assert.is(privateFolderProblem(dir), null);
  assert.is((statSync(dir).mode & 0o777).toString(8), '700');
});

test('a symbolic link, even to a private folder, is refused', () => {
  const root = base();
  mkdirSync(join(root, 'real'), { mode: 0o700 });
  symlinkSync(join(root, 'real'), join(root, 'link'));
  assert.match(privateFolderProblem(join(root, 'link')) ?? '', 'symbolic link');
});

const FOREIGN = "someone else's folder is refused";
if (process.getuid?.() !== 0) skipped(FOREIGN, 'needs root, to make a folder owned by another user');
else test(FOREIGN, () => {
  const dir = join(base(), 'theirs');
  mkdirSync(dir, { mode: 0o777 });
  chownSync(dir, 65534, 65534);
  assert.match(privateFolderProblem(dir) ?? '', 'owned by uid 65534');
});

test('the folders tried: explicit, systemd, XDG, home, then the temp directory', () => {
  const uid = process.getuid?.() ?? 'user';
  assert.equal(addonFolders({ PWLITE_CACHE_DIR: '/x', CACHE_DIRECTORY: '/var/cache/pwlite:/other', XDG_CACHE_HOME: '/c', HOME: '/h' }), [
    '/x',
    '/var/cache/pwlite',
    '/c/pwlite',
    '/h/.cache/pwlite',
    join(tmpdir(), `pwlite-${uid}`),
  ]);
  assert.equal(addonFolders({ HOME: '/nonexistent' }), ['/nonexistent/.cache/pwlite', join(tmpdir(), `pwlite-${uid}`)]);
});

test.run();
