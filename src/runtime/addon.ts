// The single executable carries better-sqlite3's addon as an asset, but a
// native library can only be loaded from a file. It is written to a folder
// only this user can write, and the file that is loaded is the one whose
// bytes were checked: opened once, hashed through that descriptor, and
// dlopen'ed through /proc/self/fd, so nobody can swap it between check and load.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, lstatSync, mkdirSync, mkdtempSync, openSync, rmSync, readSync, renameSync, chmodSync, unlinkSync, writeSync, constants } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAsset } from './assets.ts';
import { OperationalError } from './errors.ts';

/** No folder could hold the addon; the message says which were tried and
 * why. Temporary: a later try (the MTA's) may find the disk less full. */
export class AddonError extends OperationalError {
  constructor(message: string) {
    super(message, true);
  }
}

const uid = () => process.getuid?.() ?? -1;

/** Where the addon may go, best first: an explicit cache folder, systemd's
 * CacheDirectory=, the user's cache, then a per-user folder in the temp
 * directory for users whose $HOME is missing or read-only (an MTA running
 * as nobody, systemd's DynamicUser). */
export function addonFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const folders: string[] = [];
  if (env.PWLITE_CACHE_DIR) folders.push(env.PWLITE_CACHE_DIR);
  if (env.CACHE_DIRECTORY) folders.push(env.CACHE_DIRECTORY.split(':')[0]);
  if (env.XDG_CACHE_HOME) folders.push(join(env.XDG_CACHE_HOME, 'pwlite'));
  let home = '';
  try {
    home = env.HOME ?? homedir();
  } catch {
    // No home directory in the password database either.
  }
  if (home) folders.push(join(home, '.cache', 'pwlite'));
  folders.push(join(tmpdir(), `pwlite-${uid() >= 0 ? uid() : 'user'}`));
  return folders;
}

/** Creates `dir` (0700) if needed and checks that it is a real directory
 * owned by this user that no one else can write to; a folder of ours with a
 * looser mode is tightened. Returns why it cannot be used, or null. */
export function privateFolderProblem(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory()) return 'not a directory (or a symbolic link)';
    if (uid() >= 0 && st.uid !== uid()) return `owned by uid ${st.uid}, not by this user (uid ${uid()})`;
    if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}

function sha256OfFd(fd: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1 << 20);
  for (let pos = 0; ; ) {
    const n = readSync(fd, chunk, 0, chunk.length, pos);
    if (n === 0) break;
    hash.update(chunk.subarray(0, n));
    pos += n;
  }
  return hash.digest('hex');
}

/** Opens `file` without following links and returns its descriptor when it
 * is our regular file, writable by nobody else, holding exactly `digest`. */
function openVerified(file: string, digest: string): number | null {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  const st = fstatSync(fd);
  if (st.isFile() && (uid() < 0 || st.uid === uid()) && (st.mode & 0o022) === 0 && sha256OfFd(fd) === digest) return fd;
  closeSync(fd);
  return null;
}

/** Writes the bytes under a fresh name (O_EXCL, 0500) and renames it into
 * place, so concurrent first starts never see a half-written file. */
function install(file: string, bytes: Buffer): void {
  const partial = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  const fd = openSync(partial, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o500);
  try {
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(partial, file);
  } catch (e) {
    unlinkSync(partial);
    throw e;
  }
}

function dlopen(fd: number, file: string): object {
  const mod = { exports: {} as object };
  // Linux: the open descriptor names the very inode that was hashed. Without
  // /proc (a bare chroot) the path is next best: the folder is ours alone.
  const byFd = `/proc/self/fd/${fd}`;
  process.dlopen(mod, existsSync(byFd) ? byFd : file);
  return mod.exports;
}

/** Loads the embedded addon (see the file comment); throws AddonError naming
 * every folder tried when none can be used. */
export function loadEmbeddedAddon(name: string, folders = addonFolders()): object {
  const bytes = readAsset(name);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const problems: string[] = [];
  for (const dir of folders) {
    const problem = privateFolderProblem(dir);
    if (problem) {
      problems.push(`${dir}: ${problem}`);
      continue;
    }
    const file = join(dir, `${name.replace(/\.node$/, '')}-${digest.slice(0, 16)}.node`);
    try {
      let fd = openVerified(file, digest);
      if (fd === null) {
        // Absent, or not what we expect: replace it (rename is atomic).
        install(file, bytes);
        fd = openVerified(file, digest);
      }
      if (fd === null) {
        problems.push(`${file}: changed while being written`);
        continue;
      }
      try {
        return dlopen(fd, file);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      problems.push(`${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  // Last resort, e.g. when someone else took /tmp/pwlite-UID: a fresh
  // folder of our own, removed once the library is mapped.
  let scratch: string | null = null;
  try {
    scratch = mkdtempSync(join(tmpdir(), 'pwlite-addon-'));
    const file = join(scratch, name);
    install(file, bytes);
    const fd = openVerified(file, digest);
    if (fd !== null) {
      try {
        return dlopen(fd, file);
      } finally {
        closeSync(fd);
      }
    }
    problems.push(`${file}: changed while being written`);
  } catch (e) {
    problems.push(`${scratch ?? tmpdir()}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  throw new AddonError(`cannot unpack the SQLite addon into a private folder:\n  ${problems.join('\n  ')}\nset PWLITE_CACHE_DIR to a folder this user can create and write`);
}
