/**
 * Typed adapter errors. Every adapter rejects with one of these, so the store and the widget can tell a
 * reader what happened ("You are posting too fast — try again in 20 s") whatever the backend is.
 */

export type AdapterErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'conflict'
  | 'too_large'
  | 'network'
  | 'server';

export interface AdapterErrorOptions {
  /** HTTP status when the error came from an HTTP backend. */
  status?: number;
  /** Seconds until a retry may succeed (rate limits, 503). */
  retryAfter?: number;
  /** Per-field messages for validation errors, keyed by field name (`body`, `authorName`, …). */
  fields?: Record<string, string>;
  /** Stable machine-readable reason from the backend, e.g. `edit_window_closed`. */
  reason?: string;
  cause?: unknown;
}

export class AdapterError extends Error {
  readonly code: AdapterErrorCode;
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;
  readonly fields: Readonly<Record<string, string>>;
  readonly reason: string | undefined;

  constructor(code: AdapterErrorCode, message: string, options: AdapterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AdapterError';
    this.code = code;
    this.status = options.status;
    this.retryAfter = options.retryAfter;
    this.fields = options.fields ?? {};
    this.reason = options.reason;
  }
}

export class ValidationError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super('validation', message, options);
    this.name = 'ValidationError';
  }
}

export class UnauthorizedError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super('unauthorized', message, options);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super('forbidden', message, options);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super('not_found', message, options);
    this.name = 'NotFoundError';
  }
}

export class RateLimitedError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super('rate_limited', message, options);
    this.name = 'RateLimitedError';
  }
}

export class ConflictError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super('conflict', message, options);
    this.name = 'ConflictError';
  }
}

export class TooLargeError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super('too_large', message, options);
    this.name = 'TooLargeError';
  }
}

/** The backend could not be reached (offline, DNS, timeout). Safe to retry later. */
export class NetworkError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super('network', message, options);
    this.name = 'NetworkError';
  }
}

/** The backend failed (5xx). */
export class ServerError extends AdapterError {
  constructor(message: string, options?: AdapterErrorOptions) {
    super('server', message, options);
    this.name = 'ServerError';
  }
}

/** Matches by name as well as by class, so errors survive a second copy of the library on the page. */
export function isAdapterError(error: unknown): error is AdapterError {
  return (
    error instanceof AdapterError ||
    (typeof error === 'object' &&
      error !== null &&
      typeof (error as AdapterError).code === 'string' &&
      (error as Error).name?.endsWith('Error') === true &&
      'fields' in error)
  );
}

/** Wraps anything thrown by backend code so callers only ever see AdapterError. */
export function toAdapterError(error: unknown): AdapterError {
  if (isAdapterError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ServerError(`The comment service failed: ${message}`, { cause: error });
}
