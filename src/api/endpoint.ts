// Thin handlers: an endpoint function gets the ApiContext and returns what to
// send; errors it throws are rendered by the app's error handler.
import type { Request, Response } from '@tinyhttp/app';
import { apiContextOf, type ApiContext } from '../http/context.ts';
import { sendJson } from '../http/reply.ts';

export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type EndpointFn = (ctx: ApiContext, params: Record<string, string>) => Reply | Promise<Reply>;

export function endpoint(fn: EndpointFn) {
  return async (req: Request, res: Response) => {
    const ctx = apiContextOf(req);
    const reply = await fn(ctx, req.params ?? {});
    if (reply.status === 204) {
      // DELETE answers with no body at all, as upstream does.
      res.statusCode = 204;
      res.end();
      return;
    }
    sendJson(res, reply.status ?? 200, reply.body, reply.headers);
  };
}
