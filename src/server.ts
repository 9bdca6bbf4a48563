// Listening, and stopping cleanly on SIGINT/SIGTERM.
import { createServer, type Server } from 'node:http';
import { createApp, type AppOptions } from './app.ts';
import { defaultAllowedHosts } from './http/hosts.ts';

export interface ServeOptions extends AppOptions {
  host: string;
  port: number;
}

export function startServer(options: ServeOptions): Promise<Server> {
  const { handle } = createApp({ ...options, allowedHosts: options.allowedHosts ?? defaultAllowedHosts(options.host, options.baseUrl) });
  // Planner statistics let SQLite pick the date index for filtered lists
  // ordered by date instead of sorting every match (SQLite's advice for
  // long-lived connections: optimize when opened, then now and then).
  options.db.pragma('optimize=0x10002');
  const optimizer = setInterval(() => options.db.pragma('optimize'), 3_600_000).unref();
  const server = createServer(handle);
  server.once('close', () => clearInterval(optimizer));
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Stops accepting connections, lets requests in flight finish, then resolves. */
export function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
