import { readFile } from 'node:fs/promises';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

export function contentType(path: string): string {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Runs a request handler on 127.0.0.1 and a free port; close() also drops kept-alive connections. */
export async function listenOnLoopback(handler: RequestListener): Promise<StaticServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Serves files from the repo root with the given response headers, e.g. a strict CSP.
 * `/threadline.js` and `/embed/*` map to the script-tag build in dist/.
 */
export function serveStatic(root: string, headers: Record<string, string>): Promise<StaticServer> {
  return listenOnLoopback(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const built = path.startsWith('/threadline.js') || path.startsWith('/embed/');
    const relative = normalize(built ? `dist${path}` : path).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(root, relative));
      response.writeHead(200, { 'content-type': contentType(relative), ...headers });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
}
