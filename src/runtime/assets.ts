// Files the program needs at run time (SQL migrations, the SQLite addon, the
// API docs UI). In the single executable they are SEA assets; when run from
// a checkout they are read from the source tree. Asset names are paths
// relative to the project root, the same in both cases.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as sea from 'node:sea';
import { fileURLToPath } from 'node:url';

export const isSingleExecutable = sea.isSea();

/** The project root when running from a checkout (unused in the executable,
 * where import.meta.url does not exist). */
export const projectRoot = isSingleExecutable
  ? ''
  : join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let seaIndex: string[] | null = null;

/** Asset names below a folder, e.g. listAssets('sql'). */
export function listAssets(folder: string): string[] {
  if (isSingleExecutable) {
    seaIndex ??= JSON.parse(readAsset('asset-index.json').toString('utf8')) as string[];
    return seaIndex.filter((name) => name.startsWith(folder + '/')).sort();
  }
  return readdirSync(join(projectRoot, folder)).sort().map((name) => `${folder}/${name}`);
}

export function readAsset(name: string): Buffer {
  if (isSingleExecutable) return Buffer.from(sea.getAsset(name));
  return readFileSync(join(projectRoot, name));
}
