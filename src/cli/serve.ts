import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parse, intOption, CliError, type Command } from './context.ts';
import { startServer, stopServer } from '../server.ts';
import { countLegacyHeaders } from '../db/headers.ts';
import { parseDuration, startMirrorSchedule, type Schedule } from '../mirror/schedule.ts';
import { listMirrors } from '../db/mirror.ts';
import { parseAllowedHosts } from '../http/hosts.ts';

const USAGE = `pwlite serve [--host H] [--port P] [--base-url URL] [--allowed-hosts LIST] [--read-workers N]
                   [--mirror-every 10m]

  --host H        address to listen on (default 127.0.0.1, or $PWLITE_HOST)
  --port P        port (default 8000, or $PWLITE_PORT)
  --base-url URL  public URL when behind a reverse proxy, used in every link
                  the API answers with (default: from the request's Host, or
                  $PWLITE_BASE_URL)
  --read-workers N
                  threads answering API reads, each with its own read-only
                  connection, so a slow request does not hold up the others
                  (default: the number of cores, at least 2, or
                  $PWLITE_READ_WORKERS; 0 answers every request on the main
                  thread)
  --mirror-every D  sync this database's mirrors (pwlite mirror) every D,
                  e.g. 10m, 1h (token from $PWLITE_MIRROR_TOKEN)
  --allowed-hosts LIST
                  Host headers answered, comma-separated (or $PWLITE_ALLOWED_HOSTS):
                  names or addresses, port ignored; .example.org also matches its
                  subdomains; * matches any; IPv6 in brackets, [::1]. Any other
                  Host gets 400. Default: the listen address (every local address
                  for 0.0.0.0 or ::), localhost, 127.0.0.1, [::1] and the host
                  of --base-url
  --quiet         no request log`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the HTTP server (REST API and downloads)',
  help: USAGE,
  async run(args, ctx) {
    const { values } = parse(
      args,
      {
        db: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'base-url': { type: 'string' },
        'read-workers': { type: 'string' },
        'mirror-every': { type: 'string' },
        'allowed-hosts': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      USAGE,
    );
    const host = values.host ?? process.env.PWLITE_HOST ?? '127.0.0.1';
    const port = intOption(values.port ?? process.env.PWLITE_PORT, 'port') ?? 8000;
    if (port < 0 || port > 65535) throw new CliError(`--port ${port} is out of range`);
    const readWorkers =
      intOption(values['read-workers'] ?? process.env.PWLITE_READ_WORKERS, 'read-workers') ?? Math.max(2, availableParallelism());
    if (readWorkers < 0 || readWorkers > 64) throw new CliError(`--read-workers ${readWorkers} is out of range (0 to 64)`);
    const baseUrl = values['base-url'] ?? process.env.PWLITE_BASE_URL;
    if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl)) {
      throw new CliError(`--base-url must be an http(s) URL, not '${baseUrl}'`);
    }
    let everyMs: number | null = null;
    if (values['mirror-every'] !== undefined) {
      everyMs = parseDuration(values['mirror-every']);
      if (everyMs === null) throw new CliError(`--mirror-every must be a duration such as 10m or 1h, not '${values['mirror-every']}'`, 2);
    }
    const hostList = values['allowed-hosts'] ?? process.env.PWLITE_ALLOWED_HOSTS;
    const allowedHosts = hostList === undefined ? undefined : parseAllowedHosts(hostList);
    if (allowedHosts?.length === 0) throw new CliError('--allowed-hosts names no host (use * to answer any)');
    const db = ctx.openDb();
    if (everyMs !== null && listMirrors(db).length === 0) throw new CliError(`--mirror-every: ${ctx.dbPath} has no mirrors yet; make one with 'pwlite mirror'`);
    // Databases made before pwlite created them 0600 keep their old mode.
    const mode = statSync(ctx.dbPath).mode & 0o777;
    if (mode & 0o077) {
      ctx.err(
        `pwlite: warning: ${ctx.dbPath} is readable by other users (mode ${mode.toString(8)}): chmod 600 ${ctx.dbPath} ${ctx.dbPath}-wal ${ctx.dbPath}-shm`,
      );
    }
    const server = await startServer({
      db,
      host,
      port,
      baseUrl,
      readWorkers,
      allowedHosts,
      log: values.quiet ? undefined : (line) => ctx.err(`${new Date().toISOString()} ${line}`),
    });
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    ctx.err(`pwlite serving ${ctx.dbPath} on http://${host}:${actualPort}/api/`);
    const legacy = countLegacyHeaders(db);
    if (legacy > 0) ctx.err(`pwlite: ${legacy} header blocks predate migration 0006 and differ from upstream's; run 'pwlite reheader'`);
    const schedule: Schedule | null =
      everyMs === null
        ? null
        : startMirrorSchedule({
            db,
            dbPath: ctx.dbPath,
            everyMs,
            token: process.env.PWLITE_MIRROR_TOKEN,
            log: (line) => ctx.err(`${new Date().toISOString()} ${line}`),
          });
    await new Promise<void>((resolve) => {
      const stop = async (signal: string) => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        ctx.err(`pwlite: ${signal}, shutting down`);
        await Promise.all([stopServer(server), schedule?.stop()]);
        resolve();
      };
      const onInt = () => void stop('SIGINT');
      const onTerm = () => void stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
  },
};
