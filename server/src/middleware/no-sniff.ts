import type { MiddlewareHandler } from 'hono';

/**
 * `X-Content-Type-Options: nosniff` on every response, errors and static files included: a browser must
 * take a JSON error or an event stream for what its Content-Type says, never guess HTML or script.
 */
export const noSniff: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('X-Content-Type-Options', 'nosniff');
};
