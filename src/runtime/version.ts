// `pwlite --version`: pwlite's own version and the runtime's. The executable
// embeds its Node.js, whose security fixes come only with a new build.
import { isSingleExecutable, readAsset } from './assets.ts';

/** The executable also names the runtime options it was built with (build.mjs). */
export function versionText(sqliteVersion: string): string {
  const { version } = JSON.parse(readAsset('package.json').toString('utf8')) as { version: string };
  const options = isSingleExecutable && process.execArgv.length ? ` (${process.execArgv.join(' ')})` : '';
  return `pwlite ${version}\nNode.js ${process.version}${options}\nSQLite ${sqliteVersion}`;
}
