#!/usr/bin/env node
// Entry point of `pwlite` (and of the single executable).
import { main } from './cli/main.ts';

// No top-level await: the single executable runs this as CommonJS.
void main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: Boolean(process.stderr.isTTY),
}).then((code) => {
  process.exitCode = code;
});
