/**
 * The demo site and the widget build, served beside the API by `npm start`. Pages go out under the
 * same strict Content-Security-Policy a careful news site would use, so the demo proves the widget
 * needs nothing more.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';

export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "require-trusted-types-for 'script'",
  'trusted-types lit-html',
].join('; ');

/** Chunk names the embed build hashes (`rest-C7LZo1HB.js`): their content never changes under a name. */
const HASHED_CHUNK = /-[\w-]{8}\.js(?:\.map)?$/;

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/**
 * The loader and the entry chunk keep their names across releases, so a cache may keep them only for a
 * few minutes and then revalidates them with their ETag (a 304 when nothing changed).
 */
export const CACHE_SHORT = 'public, max-age=300';

/**
 * Headers of the script-tag build. It is public code that news sites load from the comment server's
 * origin: `<script src>` needs no CORS, but the loader's `import()` of the chunks is a CORS request, so
 * every origin may read them (`*`: no cookies, nothing private). The API keeps its own CORS, limited to
 * THREADLINE_ORIGINS. Cross-Origin-Resource-Policy lets pages with COEP embed the script.
 */
function scriptHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status !== 200 && c.res.status !== 304) return;
    c.header('Cache-Control', HASHED_CHUNK.test(c.req.path) ? CACHE_IMMUTABLE : CACHE_SHORT);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    // Resource Timing figures of the script for the embedding page's own measurements.
    c.header('Timing-Allow-Origin', '*');
    c.header('X-Content-Type-Options', 'nosniff');
    // Each file exists as .br and .gz beside it (the build writes them); caches must key on the encoding.
    c.header('Vary', 'Accept-Encoding');
  };
}

/**
 * compress() gzips what has no precompressed file (source maps, a build without .br/.gz); etag()
 * answers a revalidation with 304 and keeps the CORS and caching headers on it.
 */
function scriptServing(): MiddlewareHandler[] {
  return [
    compress(),
    etag({
      retainedHeaders: [
        ...RETAINED_304_HEADERS,
        'access-control-allow-origin',
        'cross-origin-resource-policy',
        'timing-allow-origin',
        'x-content-type-options',
      ],
    }),
    scriptHeaders(),
  ];
}

export function siteRoutes(root: string) {
  const site = new Hono();
  site.get('/', (c) => c.redirect('/demo/'));
  site.get('/favicon.ico', (c) => c.body(null, 204));
  site.use('/demo/*', compress(), async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.res.headers.set('Content-Security-Policy', DEMO_CSP);
    }
  });
  site.get('/demo/*', serveStatic({ root }));
  // The script-tag build: the classic loader and the ES chunks it loads from beside itself.
  site.use('/threadline.js', ...scriptServing());
  site.use('/threadline.js.map', ...scriptServing());
  site.use('/embed/*', ...scriptServing());
  // Only the chunks and their maps: the build's .vite/manifest.json and anything else there stay private.
  site.get('/threadline.js', serveStatic({ root, path: 'dist/threadline.js', precompressed: true }));
  site.get('/threadline.js.map', serveStatic({ root, path: 'dist/threadline.js.map' }));
  site.get(
    '/embed/:file{[\\w.-]+\\.js(?:\\.map)?}',
    serveStatic({ root: `${root}/dist`, precompressed: true }),
  );
  return site;
}
