/**
 * The demo site and the widget build, served beside the API by `npm start`. Pages go out under the
 * same strict Content-Security-Policy a careful news site would use, so the demo proves the widget
 * needs nothing more.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';

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

export function siteRoutes(root: string) {
  const site = new Hono();
  site.get('/', (c) => c.redirect('/demo/'));
  site.get('/favicon.ico', (c) => c.body(null, 204));
  site.use('/demo/*', async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('text/html')) {
      c.res.headers.set('Content-Security-Policy', DEMO_CSP);
    }
  });
  site.get('/demo/*', serveStatic({ root }));
  // The script-tag build: the classic loader and the ES chunks it loads from beside itself.
  site.get('/threadline.js', serveStatic({ root, path: 'dist/threadline.js' }));
  site.get('/threadline.js.map', serveStatic({ root, path: 'dist/threadline.js.map' }));
  site.get('/embed/*', serveStatic({ root: `${root}/dist` }));
  return site;
}
