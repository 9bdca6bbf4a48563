// `pwlite dumparchive` (docs/ingest.md §2.3).
import { join } from 'node:path';
import { CliError, parse, type Command } from './context.ts';
import { dumpArchive, dumpFileName, projectsToDump, ProjectNotFoundError } from '../export/dump.ts';

const USAGE = `pwlite dumparchive [-c|--compress] [--output FILE] [LISTID ...]

Writes every patch of the projects with the given list-ids (all projects when
none is given) as one mbox per project, <linkname>.mbox, into a tar file:
patchwork_dump_YYYY_MM_DD_HHMMSS.tar in the current directory, or .tar.gz
with --compress.`;

const OPTIONS = {
  db: { type: 'string' },
  compress: { type: 'boolean', short: 'c' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const dumparchiveCommand: Command = {
  name: 'dumparchive',
  summary: 'export the patches of projects as mbox files in a tar',
  help: USAGE,
  async run(args, ctx) {
    const { values, positionals } = parse(args, OPTIONS, USAGE);
    const db = ctx.openDb();
    let projects;
    try {
      projects = projectsToDump(db, positionals);
    } catch (e) {
      if (e instanceof ProjectNotFoundError) throw new CliError(e.message);
      throw e;
    }
    const compress = values.compress ?? false;
    const target = values.output ?? join(process.cwd(), dumpFileName(new Date(), compress));
    ctx.out('Generating patch archive...');
    let patches = 0;
    await dumpArchive(db, projects, target, compress, {
      onProject: (i, n, p) => ctx.out(`Project ${String(i).padStart(2, '0')}/${String(n).padStart(2, '0')} (${p.linkname})`),
      onPatch: () => {
        if (++patches % 100 === 0 && ctx.io.isTTY) ctx.io.stderr.write(`\r${patches} patches`);
      },
    });
    if (patches >= 100 && ctx.io.isTTY) ctx.io.stderr.write('\n');
    ctx.out(`Dumped patch archive to '${values.output ?? target.split('/').pop()}'`);
  },
};
