/**
 * gzip or deflate for JSON answers over 1 KB when the client accepts it (hono/compress). Hono's JSON
 * answers carry no Content-Length, and without one the middleware cannot tell a 60-byte error from a
 * 2 MB page and would compress both; so JSON is measured first. Event streams are never compressed
 * (the middleware skips text/event-stream): see the README's *Live events* for why.
 */
import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';

const JSON_TYPE = /^application\/json/i;

const measureJson: MiddlewareHandler = async (c, next) => {
  await next();
  const res = c.res;
  if (
    !res.body ||
    res.headers.has('Content-Length') ||
    !JSON_TYPE.test(res.headers.get('Content-Type') ?? '')
  )
    return;
  const body = await res.arrayBuffer();
  c.res = new Response(body, res);
  c.res.headers.set('Content-Length', String(body.byteLength));
};

/** Use in this order: compress runs last on the way out, after the JSON was measured. */
export const compression: MiddlewareHandler[] = [compress({ threshold: 1024 }), measureJson];
