// `pwlite rehash` and `pwlite retag` (docs/ingest.md §2.4, §2.5).
import { CliError, parse, type CliContext, type Command } from './context.ts';
import { rehash, retag, UnknownPatchError } from '../maintenance/recompute.ts';
import { reheader } from '../maintenance/reheader.ts';
import type { Db } from '../db/connection.ts';

const OPTIONS = { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function patchIds(positionals: string[], usage: string): number[] | null {
  if (positionals.length === 0) return null;
  return positionals.map((p) => {
    if (!/^\d+$/.test(p)) throw new CliError(`patch ids are integers, not '${p}'\nusage: ${usage}`, 2);
    return Number(p);
  });
}

/** Upstream's output: `done/total` every ten patches, then `done`. */
function maintenance(name: string, summary: string, usage: string, fn: typeof rehash): Command {
  return {
    name,
    summary,
    help: usage,
    run(args: string[], ctx: CliContext) {
      const { positionals } = parse(args, OPTIONS, usage);
      const ids = patchIds(positionals, usage);
      const db: Db = ctx.openDb();
      const pad = (n: number) => String(n).padStart(6, '0');
      let shown = 0;
      try {
        fn(db, ids, (done, total) => {
          for (let i = Math.ceil((shown + 1) / 10) * 10; i <= done; i += 10) ctx.io.stdout.write(`${pad(i)}/${pad(total)}\r`);
          shown = done;
        });
      } catch (e) {
        if (e instanceof UnknownPatchError) throw new CliError(e.message);
        throw e;
      }
      ctx.out('\ndone');
    },
  };
}

export const rehashCommand = maintenance(
  'rehash',
  'recompute patch hashes (and tags) from the stored diffs',
  `pwlite rehash [PATCH_ID ...]

Recomputes the hash of every patch (or of the given ones) from its diff, as
after a change to the hash algorithm, and refreshes its tag counts.`,
  rehash,
);

export const retagCommand = maintenance(
  'retag',
  'recompute tag counts (Acked-by, Reviewed-by, ...) of patches',
  `pwlite retag [PATCH_ID ...]

Recounts the tags of every patch (or of the given ones) from the patch and
its comments, as after adding or changing a tag.`,
  retag,
);

export const reheaderCommand: Command = {
  name: 'reheader',
  summary: 'store header blocks kept from before migration 0006 as upstream stores them',
  help: `pwlite reheader

Header blocks are stored re-encoded as upstream Patchwork stores them (the
API's headers field and every mbox download are built from them). Blocks a
database held before migration 0006 kept the text as received; this converts
them, in batches, and can be interrupted and run again.`,
  run(args: string[], ctx: CliContext) {
    parse(args, OPTIONS, 'pwlite reheader');
    const db: Db = ctx.openDb();
    const n = reheader(db, (done, total) => ctx.io.stdout.write(`${String(done).padStart(6, '0')}/${String(total).padStart(6, '0')}\r`));
    ctx.out(`${n ? '\n' : ''}${n} header blocks converted`);
  },
};
