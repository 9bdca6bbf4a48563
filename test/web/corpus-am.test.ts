// `git am` takes the series mbox of every series of corpus-1k (the generated
// corpus in ../shared, real diffs from git.git and util-linux) and the review
// tags from replies end up as trailers in the applied commits. The source
// repositories are not shipped, so each series is applied to a tree rebuilt
// from its own diffs (preimage.ts); a series that changes an existing binary
// file cannot be rebuilt that way and is counted, not applied.
// Registered only where ../shared/corpus and git are present.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runCli } from '../helpers/cli.ts';
import { openDb, type Db } from '../../src/db/connection.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { preimage } from './preimage.ts';
import { firstMissing, missingCommand, missingShared, skipped } from '../helpers/requires.ts';

// Its own suite, not uvu's shared `test`: when the run is skipped below, its
// hooks must not leak into the next file's run.
const test = suite('corpus-1k series through git am');

const corpus = fileURLToPath(new URL('../../../shared/corpus/generated/', import.meta.url));
const exec = promisify(execFile);

interface ManifestSeries {
  id: string;
  patches: string[];
  tool: string;
}
interface ManifestPatch {
  pull_url: string | null;
  tags_in_comments: Record<string, number>;
  tags_in_patch: Record<string, number>;
}
interface Manifest {
  series: ManifestSeries[];
  patches: Record<string, ManifestPatch>;
}

/** Everything this test writes: the database, HOME and the repositories. */
const root = mkdtempSync(join(tmpdir(), 'pwlite-am-'));
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: root,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Base',
  GIT_AUTHOR_EMAIL: 'base@example.org',
  GIT_COMMITTER_NAME: 'Maintainer',
  GIT_COMMITTER_EMAIL: 'maint@example.org',
  LANG: 'C.UTF-8',
};
const git = async (cwd: string, ...args: string[]) => (await exec('git', args, { cwd, env, maxBuffer: 64 << 20 })).stdout;

let server: TestServer;
let db: Db;
let manifest: Manifest;

test.before(async () => {
  const path = join(root, 'corpus.sqlite3');
  const cli = (...args: string[]) => runCli(['--db', path, ...args]);
  for (const [name, listid] of [
    ['git', 'git.vger.kernel.org'],
    ['util-linux', 'util-linux.vger.kernel.org'],
  ]) {
    assert.is((await cli('project', 'add', name, '--name', name, '--list-id', listid, '--list-email', listid.replace('.', '@'))).code, 0);
  }
  const imported = await cli('parsearchive', join(corpus, 'corpus-1k.mbox.xz'));
  assert.is(imported.code, 0, imported.stderr);
  manifest = JSON.parse(readFileSync(join(corpus, 'corpus-1k.manifest.json'), 'utf8'));
  db = openDb(path);
  server = await startTestServer(db);
});
test.after(async () => {
  await server.close();
  db.close();
  rmSync(root, { recursive: true, force: true });
});

const patchRow = (msgid: string) =>
  db.prepare('SELECT patches.id, series_id, diff FROM patches JOIN patch_bodies ON patch_id = patches.id WHERE msgid = ?').get(msgid) as
    | { id: number; series_id: number; diff: string | null }
    | undefined;

/** Lines of a commit message starting with `Tag:`. */
const tagLines = (message: string, tag: string) => message.split('\n').filter((l) => l.toLowerCase().startsWith(tag.toLowerCase() + ':')).length;

test('git am applies every series mbox; reply tags become trailers', async () => {
  const work = join(root, 'repos');
  mkdirSync(work);
  const skipped: string[] = [];
  let applied = 0;
  let trailers = 0;
  for (const series of manifest.series) {
    if (series.patches.some((m) => manifest.patches[m].pull_url)) continue;
    const rows = series.patches.map(patchRow);
    assert.ok(rows.every(Boolean), `${series.id}: every patch was ingested`);
    const seriesId = rows[0]!.series_id;
    assert.ok(rows.every((r) => r!.series_id === seriesId), `${series.id}: one series`);
    const base = preimage(rows.map((r) => r!.diff ?? ''));
    if ('skip' in base) {
      skipped.push(`${series.id}: ${base.skip}`);
      continue;
    }

    const repo = join(work, series.id);
    mkdirSync(repo);
    await git(repo, 'init', '-q', '-b', 'main');
    for (const file of base.files) {
      mkdirSync(dirname(join(repo, file.path)), { recursive: true });
      writeFileSync(join(repo, file.path), file.content);
      if (file.mode === '100755') chmodSync(join(repo, file.path), 0o755);
    }
    await git(repo, 'add', '-A');
    await git(repo, 'commit', '-q', '--allow-empty', '-m', 'base');

    const mbox = await (await fetch(`${server.url}/series/${seriesId}/mbox/`)).text();
    const file = join(work, `${series.id}.mbox`);
    writeFileSync(file, mbox);
    try {
      await git(repo, 'am', '-q', file);
    } catch (err) {
      assert.unreachable(`${series.id}: git am failed: ${(err as { stderr?: string }).stderr ?? err}`);
    }
    const messages = (await git(repo, 'log', '--reverse', '--format=%B%x00', 'main~' + series.patches.length + '..main'))
      .split('\0\n')
      .filter((m) => m.trim());
    assert.is(messages.length, series.patches.length, `${series.id}: one commit per patch`);
    series.patches.forEach((msgid, n) => {
      const expected = manifest.patches[msgid];
      for (const [tag, count] of Object.entries(expected.tags_in_comments)) {
        const found = tagLines(messages[n], tag);
        assert.ok(found >= count, `${series.id} patch ${n + 1}: ${count} ${tag} from replies, ${found} in the commit`);
        assert.ok(found <= count + expected.tags_in_patch[tag], `${series.id} patch ${n + 1}: no decoy ${tag}`);
        trailers += count;
      }
    });
    applied++;
  }
  console.log(`  corpus-1k: ${applied} series applied with git am, ${trailers} reply tags as trailers; not rebuildable: ${skipped.join('; ') || 'none'}`);
  assert.ok(skipped.every((s) => s.endsWith('binary change to an existing file')), skipped.join('\n'));
  assert.ok(applied >= 130, `${applied} series applied`);
  assert.ok(trailers > 50);
});

const missing = firstMissing(missingShared('corpus/generated/corpus-1k.mbox.xz'), missingCommand('git'));
if (missing) skipped('corpus-1k series through git am', missing);
else test.run();
