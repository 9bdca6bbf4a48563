// Maildir reader (docs/ingest.md §2.2): the messages of cur/ and new/, one file
// each. Upstream takes the directory listing order; we sort by file name,
// which for Maildir names (they start with the delivery time) is arrival order.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MboxMessage } from './mbox.ts';

export async function listMaildir(dir: string): Promise<string[]> {
  const files: { name: string; path: string }[] = [];
  for (const sub of ['cur', 'new']) {
    let names: string[];
    try {
      names = await readdir(join(dir, sub));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    for (const name of names) if (!name.startsWith('.')) files.push({ name, path: join(dir, sub, name) });
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return files.map((f) => f.path);
}

/** The messages of files listed by listMaildir, in that order. */
export async function* readMaildirFiles(files: readonly string[]): AsyncGenerator<MboxMessage> {
  let position = 0;
  for (const path of files) yield { position: ++position, raw: await readFile(path) };
}

export async function* readMaildir(dir: string): AsyncGenerator<MboxMessage> {
  yield* readMaildirFiles(await listMaildir(dir));
}
