/**
 * Every refusal is an ApiError and leaves the server as `{ error: { code, message, fields? } }` with a
 * stable `code` that clients may switch on; `message` says what went wrong and what to do.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503;

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
  console.error('[threadline] unexpected error:', error);
  return c.json(errorBody('internal', 'The comment service failed; try again in a moment.'), 500);
}

export function handleNotFound(c: Context): Response {
  return c.json(errorBody('route_not_found', `No route for ${c.req.method} ${c.req.path}.`), 404);
}
