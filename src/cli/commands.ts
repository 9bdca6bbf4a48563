// The subcommands of `pwlite`, in the order `pwlite --help` lists them. Each
// is loaded only when it runs: `parsemail`, started once per mail by the
// MTA, should not pay for the HTTP server and the OpenAPI document.
import type { Command } from './context.ts';

export const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.ts')).serveCommand,
  migrate: async () => (await import('./migrate.ts')).migrateCommand,
  backup: async () => (await import('./backup.ts')).backupCommand,
  project: async () => (await import('./project.ts')).projectCommand,
  user: async () => (await import('./user.ts')).userCommand,
  token: async () => (await import('./token.ts')).tokenCommand,
  maintainer: async () => (await import('./maintainer.ts')).maintainerCommand,
  state: async () => (await import('./state.ts')).stateCommand,
  delegation: async () => (await import('./delegation.ts')).delegationCommand,
  parsemail: async () => (await import('./parsemail.ts')).parsemailCommand,
  parsearchive: async () => (await import('./parsearchive.ts')).parsearchiveCommand,
  mirror: async () => (await import('./mirror.ts')).mirrorCommand,
  rehash: async () => (await import('./rehash.ts')).rehashCommand,
  retag: async () => (await import('./rehash.ts')).retagCommand,
  reheader: async () => (await import('./rehash.ts')).reheaderCommand,
  demo: async () => (await import('./demo.ts')).demoCommand,
  dumparchive: async () => (await import('./dumparchive.ts')).dumparchiveCommand,
  hash: async () => (await import('./hash.ts')).hashCommand,
};
