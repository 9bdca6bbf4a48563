// The real HTTP server on 127.0.0.1 and an ephemeral port.
import type { Server } from 'node:http';
import type { Db } from '../../src/db/connection.ts';
import { startServer, stopServer, type ServeOptions } from '../../src/server.ts';
import { auditResponses } from './response-audit.ts';

export interface TestServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startTestServer(db: Db, baseUrl?: string, options: Partial<ServeOptions> = {}): Promise<TestServer> {
  const server = await startServer({ db, host: '127.0.0.1', port: 0, baseUrl, ...options });
  auditResponses(server);
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('server has no address');
  return { url: `http://127.0.0.1:${address.port}`, server, close: () => stopServer(server) };
}
