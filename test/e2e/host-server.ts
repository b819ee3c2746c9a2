import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentType, listenOnLoopback, type StaticServer } from './static-server';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface HostRequest {
  path: string;
  /** Milliseconds since the server started when the request arrived. */
  at: number;
}

export interface HostServer extends StaticServer {
  /** Pages the test writes, by path (`/article.html` → its HTML). */
  pages: Map<string, string>;
  /** Extra files by path (another script at a path the page should never load). */
  files: Map<string, { type: string; body: string }>;
  /** Every request, in order of arrival. */
  requests: HostRequest[];
  /** Holds the answer to a path back this long (to see what starts before it arrives). */
  delays: Map<string, number>;
  /** Response headers for the test's pages (a Content-Security-Policy). */
  pageHeaders: Record<string, string>;
}

/**
 * A news site's own server for a test: serves the pages a test writes and, like a site that hosts the
 * widget itself, the script-tag build from dist/ at /threadline.js and /embed/*, and records every
 * request with its time.
 */
export async function startHost(): Promise<HostServer> {
  const started = Date.now();
  const pages = new Map<string, string>();
  const files = new Map<string, { type: string; body: string }>();
  const requests: HostRequest[] = [];
  const delays = new Map<string, number>();
  const pageHeaders: Record<string, string> = {};
  const server = await listenOnLoopback(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    requests.push({ path, at: Date.now() - started });
    const delay = delays.get(path);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const page = pages.get(path);
    if (page !== undefined) {
      response.writeHead(200, { 'content-type': contentType('page.html'), ...pageHeaders }).end(page);
      return;
    }
    const file = files.get(path);
    if (file) {
      response.writeHead(200, { 'content-type': file.type }).end(file.body);
      return;
    }
    if (path === '/threadline.js' || path.startsWith('/embed/')) {
      const relative = normalize(`dist${path}`).replace(/^(\.\.[/\\])+/, '');
      try {
        const body = await readFile(join(root, relative));
        response.writeHead(200, { 'content-type': contentType(relative) }).end(body);
        return;
      } catch {
        // not built: 404 below
      }
    }
    response.writeHead(404).end('not found');
  });
  return { ...server, pages, files, requests, delays, pageHeaders };
}

/**
 * A page of `screens` viewport heights of article text with `widget` (HTML) below it, and the script tag
 * (the site's own copy by default, or the comment server's).
 */
export function articlePage(
  widget: string,
  { screens = 5, head = '', script = '/threadline.js' } = {},
): string {
  const paragraph = '<p>The night ferry has crossed the estuary every evening for forty-two years. </p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Article</title>${head}</head>
<body><main><h1>Article</h1><div id="article" style="min-height:${screens * 100}vh">${paragraph.repeat(20)}</div>
${widget}</main><footer><p>Site footer</p></footer>
<script src="${script}" async></script></body></html>`;
}
