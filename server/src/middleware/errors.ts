/**
 * Every refusal is an ApiError and leaves the server as `{ error: { code, message, fields? } }` with a
 * stable `code` that clients may switch on; `message` says what went wrong and what to do.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isStoreUnavailable } from '../db/database';

export type ErrorStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 422 | 429 | 500 | 503;

/** Seconds a client should wait before retrying while the database is unreachable. */
export const STORE_RETRY_AFTER_SECONDS = 5;

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, fields?: Record<string, string>) =>
  new ApiError(400, code, message, fields);
export const notFound = (code: string, message: string) => new ApiError(404, code, message);
export const forbidden = (code: string, message: string) => new ApiError(403, code, message);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
export const unauthorized = (code: string, message: string) =>
  new ApiError(401, code, message, undefined, { 'WWW-Authenticate': 'Bearer' });

export function errorBody(code: string, message: string, fields?: Record<string, string>) {
  return { error: fields ? { code, message, fields } : { code, message } };
}

export function handleError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    for (const [k, v] of Object.entries(error.headers ?? {})) c.header(k, v);
    return c.json(errorBody(error.code, error.message, error.fields), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return c.json(errorBody(status === 413 ? 'payload_too_large' : 'bad_request', error.message), status);
  }
  if (isStoreUnavailable(error)) {
    console.error('[threadline] the database is unavailable:', error.message);
    c.header('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
    return c.json(
      errorBody(
        'service_unavailable',
        'The comment service cannot reach its database right now; try again in a few seconds.',
      ),
      503,
    );
  }
  console.error('[threadline] unexpected error:', error);
  return c.json(errorBody('internal', 'The comment service failed; try again in a moment.'), 500);
}

/** The path is not echoed: an error body never repeats what the request sent. */
export function handleNotFound(c: Context): Response {
  return c.json(
    errorBody('route_not_found', 'There is no such route; the API is described in server/openapi.yaml.'),
    404,
  );
}
