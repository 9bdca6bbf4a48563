// Errors are thrown where they are found and rendered once, by the app's
// error handler, with upstream's status codes and JSON bodies (API.md §2.6).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.detail === 'string' ? body.detail : `HTTP ${status}`);
  }
}

export const notFound = (model?: string) =>
  new ApiError(404, { detail: model ? `No ${model} matches the given query.` : 'Not found.' });

export const invalidPage = () => new ApiError(404, { detail: 'Invalid page.' });

export const notAuthenticated = () => new ApiError(403, { detail: 'Authentication credentials were not provided.' });

export const permissionDenied = (detail = 'You do not have permission to perform this action.') =>
  new ApiError(403, { detail });

export const methodNotAllowed = (method: string) => new ApiError(405, { detail: `Method "${method}" not allowed.` });

/** A 400 with field → messages, as DRF's serializers answer. */
export const validationError = (errors: Record<string, unknown>) => new ApiError(400, errors);

export const conflict = (detail: string) => new ApiError(409, { detail });

export const unsupportedMediaType = (type: string) =>
  new ApiError(415, { detail: `Unsupported media type "${type}" in request.` });
