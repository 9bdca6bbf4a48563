// `pwlite mirror`: copy a remote Patchwork, or a list's public-inbox
// archive, and keep it current (docs/mirrors.md).
import { CliError, intOption, parse, type CliContext, type Command } from './context.ts';
import { listMirrors, mirrorStatus } from '../db/mirror.ts';
import { MirrorError, syncPatchwork, type SyncSummary } from '../mirror/sync.ts';
import { isGitUrl, syncInbox } from '../mirror/inbox.ts';
import { isInbox } from '../ingest/inbox.ts';
import { RemoteError } from '../mirror/client.ts';
import { SyncProgress } from '../mirror/progress.ts';
import { parseFilterDate } from '../util/time.ts';
import { formatReport } from '../ingest/archive.ts';

const USAGE = `pwlite mirror URL --project LINKNAME [--project ...] [--token T] [--since DATE]
       pwlite mirror PATH|GIT-URL --inbox [--list-id ID]
       pwlite mirror            (sync every mirror of the database again)
       pwlite mirror --status

Copies the named projects of the Patchwork at URL through its REST API, with
the remote's ids, into this database (which then holds that remote only and
is read-only through the API), or imports a list's public-inbox archive (a
path, or a git URL cloned beside the database and fetched on each run).
The first run copies everything; later runs read the remote's events since
the last run and refresh what they name, plus a full pass once a day for
what no event records (see docs/mirrors.md for what can lag).
  --project L      a project's link name (repeatable; remembered)
  --token T        an API token of the remote (or $PWLITE_MIRROR_TOKEN):
                   people/ and users/ are copied only with one
  --since DATE     first run: copy only patches, covers and series dated
                   on or after DATE
  --jobs N         requests in flight at once (default 2)
  --timeout S      seconds before a request without an answer is retried
                   (default 60)
  --full           run a full pass now
  --inbox          the source is a public-inbox archive (implied by a path
                   holding one, or a URL ending in .git)
  --list-id ID     route the archive's mails to the project with this list-id
  --status         each mirror's remote, last sync and lag
  --quiet          no progress bar and no summary`;

const OPTIONS = {
  db: { type: 'string' },
  project: { type: 'string', multiple: true },
  token: { type: 'string' },
  since: { type: 'string' },
  jobs: { type: 'string' },
  timeout: { type: 'string' },
  full: { type: 'boolean' },
  inbox: { type: 'boolean' },
  'list-id': { type: 'string' },
  status: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `3h 12m` style age of a stored timestamp. */
export function lag(stored: string | null, now = Date.now()): string {
  if (!stored) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(stored.slice(0, 19) + 'Z')) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

function status(ctx: CliContext): number {
  const rows = mirrorStatus(ctx.openDb());
  if (rows.length === 0) {
    ctx.out('no mirrors in this database');
    return 0;
  }
  for (const r of rows) {
    ctx.out(r.source);
    if (r.kind === 'patchwork') {
      ctx.out(`  projects     ${(JSON.parse(r.projects) as string[]).join(', ')} (${r.patches} patches, API ${r.api_version ?? '?'})`);
    } else ctx.out(`  kind         public-inbox${JSON.parse(r.projects).length ? ` (list-id ${JSON.parse(r.projects)[0]})` : ''}`);
    ctx.out(`  last sync    ${r.last_sync ? `${r.last_sync.slice(0, 19)}Z (${lag(r.last_sync)} ago)` : 'never'}`);
    ctx.out(`  full pass    ${r.last_full ? `${r.last_full.slice(0, 19)}Z (${lag(r.last_full)} ago)` : 'never'}${r.full_progress ? ', one interrupted: the next run resumes it' : ''}`);
    if (r.kind === 'patchwork') ctx.out(`  lag          ${r.event_cursor ? `newest remote event copied ${r.event_cursor.slice(0, 19)}Z, ${lag(r.event_cursor)} ago` : 'no event copied yet'}`);
  }
  return 0;
}

export function summaryLine(source: string, s: SyncSummary): string {
  return (
    `mirror ${source}: ${s.added} added, ${s.changed} changed, ${s.requests} requests` +
    `${s.retries ? ` (${s.retries} retried)` : ''}, ${s.seconds.toFixed(1)} s` +
    `${s.full ? ', full pass' : ''}${s.interrupted ? ', interrupted (the next run continues)' : ''}`
  );
}

async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS, USAGE);
  if (values.status) return status(ctx);
  if (positionals.length > 1) throw new CliError(`give one source\nusage: ${USAGE}`, 2);
  const jobs = intOption(values.jobs, 'jobs');
  if (jobs !== undefined && (jobs < 1 || jobs > 16)) throw new CliError('--jobs must be between 1 and 16', 2);
  const timeout = intOption(values.timeout, 'timeout');
  if (timeout !== undefined && timeout < 1) throw new CliError('--timeout must be at least 1 second', 2);
  let since: string | undefined;
  if (values.since !== undefined) {
    since = parseFilterDate(values.since)?.slice(0, 19) ?? undefined;
    if (!since) throw new CliError(`--since must be a date such as 2024-01-31, not '${values.since}'`, 2);
  }
  const db = ctx.openDb();
  const sources = positionals.length
    ? [{ source: positionals[0], inbox: values.inbox || isGitUrl(positionals[0]) && /\.git\/?$/.test(positionals[0]) || !/^https?:\/\//.test(positionals[0]) }]
    : listMirrors(db).map((m) => ({ source: m.source, inbox: m.kind === 'public-inbox' }));
  if (sources.length === 0) throw new CliError(`no mirrors yet: give a source\nusage: ${USAGE}`, 2);

  let stopping = false;
  const interrupt = () => (stopping = true);
  process.once('SIGINT', interrupt);
  let code = 0;
  try {
    for (const { source, inbox } of sources) {
      if (inbox) {
        if (!isGitUrl(source) && !isInbox(source)) throw new CliError(`${source} is neither a Patchwork URL nor a public-inbox archive`);
        const r = await syncInbox(db, source, { dbPath: ctx.dbPath, listId: values['list-id'], hooks: { stop: () => stopping } });
        if (!values.quiet) {
          ctx.out(formatReport(r.counters));
          ctx.out(`mirror ${source}: ${r.commits} commits read, ${r.counters.messages - r.counters.duplicates - r.counters.dropped - r.counters.errors} added, ${r.seconds.toFixed(1)} s`);
        }
        continue;
      }
      const progress = !values.quiet && ctx.io.isTTY ? new SyncProgress(ctx.io.stderr) : null;
      const summary = await syncPatchwork(db, source.replace(/\/+$/, ''), {
        projects: values.project ?? [],
        token: values.token ?? process.env.PWLITE_MIRROR_TOKEN,
        since,
        full: values.full,
        concurrency: jobs,
        timeoutMs: timeout === undefined ? undefined : timeout * 1000,
        onRequest: progress ? () => progress.onRequest() : undefined,
        onPhase: progress ? (p, page, pages) => progress.onPhase(p, page, pages) : undefined,
        stop: () => stopping,
      }).finally(() => progress?.clear());
      if (!values.quiet) ctx.out(summaryLine(source, summary));
      if (summary.interrupted) code = 130;
    }
  } catch (e) {
    if (e instanceof MirrorError || e instanceof RemoteError) throw new CliError(`mirror: ${e.message}`);
    throw e;
  } finally {
    process.off('SIGINT', interrupt);
  }
  return stopping ? 130 : code;
}

export const mirrorCommand: Command = {
  name: 'mirror',
  summary: 'copy a remote Patchwork or a public-inbox archive, and keep it current',
  help: USAGE,
  run,
};
