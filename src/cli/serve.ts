import { parse, intOption, CliError, type Command } from './context.ts';
import { startServer, stopServer } from '../server.ts';
import { parseAllowedHosts } from '../http/hosts.ts';

const USAGE = `pwlite serve [--host H] [--port P] [--base-url URL] [--allowed-hosts LIST]

  --host H        address to listen on (default 127.0.0.1, or $PWLITE_HOST)
  --port P        port (default 8000, or $PWLITE_PORT)
  --base-url URL  public URL when behind a reverse proxy, used in every link
                  the API answers with (default: from the request's Host, or
                  $PWLITE_BASE_URL)
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
        'allowed-hosts': { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      USAGE,
    );
    const host = values.host ?? process.env.PWLITE_HOST ?? '127.0.0.1';
    const port = intOption(values.port ?? process.env.PWLITE_PORT, 'port') ?? 8000;
    if (port < 0 || port > 65535) throw new CliError(`--port ${port} is out of range`);
    const baseUrl = values['base-url'] ?? process.env.PWLITE_BASE_URL;
    if (baseUrl !== undefined && !/^https?:\/\/[^/]+/.test(baseUrl)) {
      throw new CliError(`--base-url must be an http(s) URL, not '${baseUrl}'`);
    }
    const hostList = values['allowed-hosts'] ?? process.env.PWLITE_ALLOWED_HOSTS;
    const allowedHosts = hostList === undefined ? undefined : parseAllowedHosts(hostList);
    if (allowedHosts?.length === 0) throw new CliError('--allowed-hosts names no host (use * to answer any)');
    const db = ctx.openDb();
    const server = await startServer({
      db,
      host,
      port,
      baseUrl,
      allowedHosts,
      log: values.quiet ? undefined : (line) => ctx.err(`${new Date().toISOString()} ${line}`),
    });
    const address = server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    ctx.err(`pwlite serving ${ctx.dbPath} on http://${host}:${actualPort}/api/`);
    await new Promise<void>((resolve) => {
      const stop = async (signal: string) => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        ctx.err(`pwlite: ${signal}, shutting down`);
        await stopServer(server);
        resolve();
      };
      const onInt = () => void stop('SIGINT');
      const onTerm = () => void stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
  },
};
