// `pwlite --version`: pwlite's own version and the runtime's. The executable
// embeds its Node.js, whose security fixes come only with a new build.
import { readAsset } from './assets.ts';

export function versionText(sqliteVersion: string): string {
  const { version } = JSON.parse(readAsset('package.json').toString('utf8')) as { version: string };
  return `pwlite ${version}\nNode.js ${process.version}\nSQLite ${sqliteVersion}`;
}
