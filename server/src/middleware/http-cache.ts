/**
 * Read caching: an ETag on every GET (Hono's etag answers 304 to a matching If-None-Match), and
 * Cache-Control that lets a CDN hold anonymous reads for a few seconds while personalised reads (they
 * carry myVote) stay private to the browser.
 */
import type { MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';

const withEtag = etag();

export const httpCache: MiddlewareHandler = async (c, next) => {
  // An event stream never ends, so it cannot be hashed; it sets its own no-store.
  if (c.req.method !== 'GET' || c.req.path.endsWith('/events')) return next();
  await withEtag(c, next);
  if (c.res.status !== 200 && c.res.status !== 304) return;
  const personal = c.req.header('Authorization') !== undefined;
  c.header('Cache-Control', personal ? 'private, no-cache' : 'public, max-age=5, stale-while-revalidate=30');
  c.header('Vary', 'Authorization', { append: true }); // CORS adds Origin
};
