#!/usr/bin/env node
// Entry point of `pwlite` (and of the single executable).
import { splitArgv } from './cli/argv.ts';
import { startParseWorkerEarly } from './workers/parse-start.ts';

const argv = process.argv.slice(2);
// Before the rest of the program is loaded (hence the import below).
startParseWorkerEarly(splitArgv(argv).rest[0]);

// No top-level await: the single executable runs this as CommonJS.
void import('./cli/main.ts')
  .then(({ main }) =>
    main(argv, {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      isTTY: Boolean(process.stderr.isTTY),
    }),
  )
  .then((code) => {
    process.exitCode = code;
  });
