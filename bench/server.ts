/**
 * The benchmark's web server, on 127.0.0.1 and a free port:
 * - /page/<kind>.html  a blank page running bench/pages/<kind>.ts (threadline, baseline);
 * - /build/*           the bench page bundles;
 * - /demo/*            the demo site; /demo/bench-<variant>.html is the article with the widget fed by
 *                      an in-page memory backend (lazy or eager), or with no widget at all;
 * - /threadline.js, /embed/*  the product's script-tag build from dist/.
 */
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { contentType, listenOnLoopback, type StaticServer } from '../test/e2e/static-server';
import { PAGES_OUT, ROOT } from './build';

const HTML = contentType('page.html');

export type DemoVariant = 'none' | 'lazy' | 'eager';

const WIDGET = /<threadline-comments[^>]*><\/threadline-comments>/;
const SCRIPT = /<script src="\/threadline\.js" async><\/script>/;

export function demoPage(html: string, variant: DemoVariant): string {
  if (!WIDGET.test(html) || !SCRIPT.test(html))
    throw new Error('demo/index.html changed: update bench/server.ts');
  if (variant === 'none') return html.replace(WIDGET, '').replace(SCRIPT, '');
  const loading = variant === 'eager' ? ' loading="eager"' : '';
  return html
    .replace(WIDGET, `<threadline-comments thread="tidewater-night-ferry"${loading}></threadline-comments>`)
    .replace(SCRIPT, '<script type="module" src="/build/demo-seed.js"></script>$&');
}

function pageHtml(kind: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${kind}</title>
<style>body{margin:0 auto;max-width:720px;padding:1rem;font-family:system-ui,sans-serif}</style></head>
<body><script type="module" src="/build/${kind}.js"></script></body></html>`;
}

function fileFor(path: string): string | null {
  const clean = normalize(path).replace(/^(\.\.[/\\])+/, '');
  if (clean.startsWith('/build/')) return join(PAGES_OUT, clean.slice('/build/'.length));
  if (clean === '/threadline.js' || clean.startsWith('/threadline.js.') || clean.startsWith('/embed/'))
    return join(ROOT, 'dist', clean);
  if (clean.startsWith('/demo/')) return join(ROOT, clean);
  return null;
}

export type BenchServer = StaticServer;

export async function startServer(): Promise<BenchServer> {
  return listenOnLoopback(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    try {
      const page = /^\/page\/(threadline|baseline)\.html$/.exec(path);
      if (page) {
        response.writeHead(200, { 'content-type': HTML }).end(pageHtml(page[1] ?? ''));
        return;
      }
      const demo = /^\/demo\/bench-(none|lazy|eager)\.html$/.exec(path);
      if (demo) {
        const html = await readFile(join(ROOT, 'demo/index.html'), 'utf8');
        const body = demoPage(html, demo[1] as DemoVariant);
        response.writeHead(200, { 'content-type': HTML }).end(body);
        return;
      }
      const file = fileFor(path);
      if (!file) throw new Error('not found');
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': contentType(file) });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
}
