// What a handler returns; the router sends it. Errors a handler throws are
// rendered by src/http/errors.ts.
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http/reply.ts';

export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function sendReply(res: ServerResponse, reply: Reply): void {
  if (reply.status === 204) {
    // DELETE answers with no body at all, as upstream does.
    res.statusCode = 204;
    res.end();
    return;
  }
  sendJson(res, reply.status ?? 200, reply.body, reply.headers);
}
