// `pwlite --version`: pwlite's own version and the runtime's, which matters
// for security fixes (docs/... the executable embeds its Node.js).
import { readAsset } from './assets.ts';

export function versionText(sqliteVersion: string): string {
  const { version } = JSON.parse(readAsset('package.json').toString('utf8')) as { version: string };
  return `pwlite ${version}\nNode.js ${process.version}\nSQLite ${sqliteVersion}`;
}
