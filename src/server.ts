// Listening, and stopping cleanly on SIGINT/SIGTERM.
import { createServer, type Server } from 'node:http';
import { createApp, logRequest, type AppOptions } from './app.ts';
import { defaultAllowedHosts } from './http/hosts.ts';
import { isPooledRead, ReadPool } from './workers/read-pool.ts';
import { OperationalError } from './runtime/errors.ts';

export interface ServeOptions extends AppOptions {
  host: string;
  port: number;
  /** Worker threads answering API reads (0: every request on the main thread). */
  readWorkers?: number;
}

/** Rows ANALYZE samples per index: statistics in milliseconds even at
 * millions of rows, instead of a full scan of every table before listening. */
const ANALYSIS_LIMIT = 1000;

export async function startServer(options: ServeOptions): Promise<Server> {
  const allowedHosts = options.allowedHosts ?? defaultAllowedHosts(options.host, options.baseUrl);
  const { handle } = createApp({ ...options, allowedHosts });
  // Planner statistics let SQLite pick the date index for filtered lists
  // ordered by date instead of sorting every match (SQLite's advice for
  // long-lived connections: optimize when opened, then now and then).
  options.db.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
  options.db.pragma('optimize=0x10002');
  const optimizer = setInterval(() => options.db.pragma('optimize'), 3_600_000).unref();
  const workers = options.db.memory ? 0 : (options.readWorkers ?? 0);
  const pool = workers > 0 ? await ReadPool.start(workers, { dbPath: options.db.name, baseUrl: options.baseUrl, allowedHosts }) : null;
  const server = createServer((req, res) => {
    if (!pool || !isPooledRead(req)) return handle(req, res);
    if (options.log) logRequest(options.log, req, res);
    pool.dispatch(req, res);
  });
  const stop = () => {
    clearInterval(optimizer);
    void pool?.close();
  };
  server.once('close', stop);
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    const failed = (e: Error) => {
      stop();
      reject(listenError(e as NodeJS.ErrnoException, options.host, options.port));
    };
    server.once('error', failed);
    server.listen(options.port, options.host, () => {
      server.off('error', failed);
      resolve(server);
    });
  });
}

/** Why the server could not listen, naming the address and the option. */
function listenError(e: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  switch (e.code) {
    case 'EADDRINUSE':
      return new OperationalError(`cannot listen on ${where}: the port is in use by another program (choose another with --port)`);
    case 'EACCES':
      return new OperationalError(
        `cannot listen on ${where}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE; choose another with --port)`,
      );
    case 'EADDRNOTAVAIL':
      return new OperationalError(`cannot listen on ${where}: ${host} is not an address of this machine (check --host)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new OperationalError(`cannot listen on ${where}: the host name ${host} does not resolve (check --host)`);
    default:
      return new OperationalError(`cannot listen on ${where}: ${e.message}`);
  }
}

/** Stops accepting connections, lets requests in flight finish, then resolves. */
export function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
