// Listening, and stopping cleanly on SIGINT/SIGTERM.
import { createServer, type Server } from 'node:http';
import { createApp, type AppOptions } from './app.ts';

export interface ServeOptions extends AppOptions {
  host: string;
  port: number;
}

export function startServer(options: ServeOptions): Promise<Server> {
  const { handle } = createApp(options);
  const server = createServer(handle);
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
