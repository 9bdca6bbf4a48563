#!/usr/bin/env node
// Runs pwlite from a checkout (TypeScript through tsx); the single executable
// built by build.mjs needs neither.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
