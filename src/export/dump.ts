// dumparchive (docs/ingest.md §2.3): a tar with one `<linkname>.mbox` per project
// holding every patch's mbox (§13) in date order, each followed by `\n`.
// Each mbox is written to a temporary file first: a tar member's size comes
// before its bytes, and an archive of any size must not sit in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import type { Db } from '../db/connection.ts';
import { projectPatchIdsByDate } from '../db/patches.ts';
import { listProjects, projectsByListid, type ProjectRow } from '../db/projects.ts';
import { patchMessages } from './messages.ts';

export class ProjectNotFoundError extends Error {}

/** All projects, or the ones with the given list-ids, in linkname order. */
export function projectsToDump(db: Db, listIds: readonly string[]): ProjectRow[] {
  if (listIds.length === 0) return listProjects(db);
  return listIds.flatMap((listid) => {
    const found = projectsByListid(db, listid);
    if (found.length === 0) throw new ProjectNotFoundError(`Project not found: ${listid}`);
    return found;
  });
}

/** `patchwork_dump_YYYY_MM_DD_HHMMSS.tar` (`.tar.gz` compressed), in UTC. */
export function dumpFileName(now: Date, compress: boolean): string {
  const stamp = now.toISOString().slice(0, 19).replace(/-/g, '_').replace('T', '_').replace(/:/g, '');
  return `patchwork_dump_${stamp}.tar${compress ? '.gz' : ''}`;
}

async function writeProjectMbox(db: Db, project: ProjectRow, path: string, onPatch: () => void): Promise<void> {
  const out = createWriteStream(path);
  for (const message of patchMessages(db, projectPatchIdsByDate(db, project.id))) {
    if (!out.write(message + '\n')) await once(out, 'drain');
    onPatch();
  }
  out.end();
  await once(out, 'finish');
}

export interface DumpHooks {
  onProject?(index: number, total: number, project: ProjectRow): void;
  onPatch?(): void;
}

/** Writes the archive to `target`; gzip-compressed when asked (upstream
 * compresses either way, which makes its `.tar` a misnomer). */
export async function dumpArchive(db: Db, projects: readonly ProjectRow[], target: string, compress: boolean, hooks: DumpHooks = {}): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'pwlite-dump-'));
  const pack = tar.pack();
  const file = createWriteStream(target);
  const written = compress ? pipeline(pack, createGzip({ level: 9 }), file) : pipeline(pack, file);
  try {
    for (const [i, project] of projects.entries()) {
      hooks.onProject?.(i + 1, projects.length, project);
      const mbox = join(work, `${project.id}.mbox`);
      await writeProjectMbox(db, project, mbox, () => hooks.onPatch?.());
      const { size } = await stat(mbox);
      const entry = pack.entry({ name: `${project.linkname}.mbox`, size, mode: 0o644, mtime: new Date() });
      await pipeline(createReadStream(mbox), entry);
      await rm(mbox);
    }
    pack.finalize();
    await written;
  } catch (e) {
    pack.destroy(e as Error);
    await written.catch(() => {});
    throw e;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
