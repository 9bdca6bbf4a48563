// Errors are thrown where they are found and rendered once, by renderError,
// with upstream's status codes and JSON bodies (docs/api.md §2.6). The API, the
// docs, the downloads and the web pages all throw this one class.
import type { ServerResponse } from 'node:http';
import { sendJson } from './reply.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.detail === 'string' ? body.detail : `HTTP ${status}`);
  }
}

/** DRF's 404; with a model name, Django's get_object_or_404 wording. */
export const notFound = (model?: string) =>
  new HttpError(404, { detail: model ? `No ${model} matches the given query.` : 'Not found.' });

/** A 404 that says what was wrong with the request (downloads). */
export const notFoundBecause = (detail: string) => new HttpError(404, { detail });

export const invalidPage = () => new HttpError(404, { detail: 'Invalid page.' });

export const notAuthenticated = () => new HttpError(403, { detail: 'Authentication credentials were not provided.' });

export const permissionDenied = (detail = 'You do not have permission to perform this action.') =>
  new HttpError(403, { detail });

/** 405 with the Allow header of the route. */
export const methodNotAllowed = (method: string, allow: string) =>
  new HttpError(405, { detail: `Method "${method}" not allowed.` }, { Allow: allow });

/** A 400 with field → messages, as DRF's serializers answer. */
export const validationError = (errors: Record<string, unknown>) => new HttpError(400, errors);

export const badRequest = (detail: string) => new HttpError(400, { detail });

export const conflict = (detail: string) => new HttpError(409, { detail });

export const payloadTooLarge = (limit: number) => new HttpError(413, { detail: `Request body larger than ${limit} bytes.` });

export const unsupportedMediaType = (type: string) =>
  new HttpError(415, { detail: `Unsupported media type "${type}" in request.` });

/** The one place errors become responses; anything unexpected is a logged 500. */
export function renderError(err: unknown, res: ServerResponse): void {
  if (err instanceof HttpError) {
    sendJson(res, err.status, err.body, err.headers);
    return;
  }
  console.error(err);
  if (!res.headersSent) sendJson(res, 500, { detail: 'A server error occurred.' });
  else res.destroy();
}
