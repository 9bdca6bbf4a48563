// The subcommands of `pwlite`, in the order `pwlite --help` lists them.
import type { Command } from './context.ts';
import { serveCommand } from './serve.ts';
import { migrateCommand } from './migrate.ts';
import { projectCommand } from './project.ts';
import { userCommand } from './user.ts';
import { tokenCommand } from './token.ts';
import { maintainerCommand } from './maintainer.ts';
import { stateCommand } from './state.ts';
import { delegationCommand } from './delegation.ts';
import { parsemailCommand } from './parsemail.ts';
import { parsearchiveCommand } from './parsearchive.ts';
import { rehashCommand, retagCommand } from './rehash.ts';
import { demoCommand } from './demo.ts';
import { dumparchiveCommand } from './dumparchive.ts';
import { hashCommand } from './hash.ts';

export const COMMANDS: Command[] = [
  serveCommand,
  migrateCommand,
  projectCommand,
  userCommand,
  tokenCommand,
  maintainerCommand,
  stateCommand,
  delegationCommand,
  parsemailCommand,
  parsearchiveCommand,
  rehashCommand,
  retagCommand,
  demoCommand,
  dumparchiveCommand,
  hashCommand,
];
