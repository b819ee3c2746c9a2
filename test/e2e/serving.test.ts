import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from './server-process';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SITE = 'https://news.example';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

/** A hashed chunk of the script-tag build, e.g. `rest-C7LZo1HB.js`. */
function chunk(name: string): string {
  const file = readdirSync(join(root, 'dist/embed')).find((f) =>
    new RegExp(`^${name}-[\\w-]{8}\\.js$`).test(f),
  );
  if (!file) throw new Error(`dist/embed has no ${name} chunk: run \`npm run build\``);
  return file;
}

describe('the script-tag build as the reference server sends it (`npm start`, real process)', () => {
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'threadline-serving-'));
    server = await startServer({ THREADLINE_DATA_DIR: dataDir, THREADLINE_ORIGINS: SITE });
  });

  afterAll(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers: { 'accept-encoding': 'br, gzip', ...headers } });

  it.each([
    ['the loader', '/threadline.js', 'dist/threadline.js', SHORT],
    [
      'the entry chunk, whose name does not change',
      '/embed/threadline.js',
      'dist/embed/threadline.js',
      SHORT,
    ],
    ['a hashed chunk', `/embed/${chunk('rest')}`, `dist/embed/${chunk('rest')}`, IMMUTABLE],
  ])('sends %s to any origin, brotli-compressed, with its cache lifetime', async (_, path, file, cache) => {
    const response = await get(path, { origin: 'https://any-site.example' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    // fetch decodes the body: it must be the very file the build wrote.
    expect(await response.text()).toBe(readFileSync(join(root, file), 'utf8'));
    expect(response.headers.get('cache-control')).toBe(cache);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('etag')).toMatch(/^"/);
  });

  it('sends gzip to a browser without brotli, and plain text to one that accepts neither', async () => {
    const gzip = await get('/embed/threadline.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.text()).toBe(readFileSync(join(root, 'dist/embed/threadline.js'), 'utf8'));
    const plain = await get('/embed/threadline.js', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBe(
      readFileSync(join(root, 'dist/embed/threadline.js')).length,
    );
  });

  it('answers a revalidation of the loader with 304, keeping its CORS and caching headers', async () => {
    const first = await get('/threadline.js');
    const tag = first.headers.get('etag') ?? '';
    await first.arrayBuffer();
    const again = await get('/threadline.js', { 'if-none-match': tag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(tag);
    expect(again.headers.get('cache-control')).toBe(SHORT);
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('compresses the demo site’s pages and assets', async () => {
    for (const path of ['/demo/', '/demo/assets/site.css']) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-encoding')).toBe('gzip');
      await response.arrayBuffer();
    }
  });

  it('serves only scripts and source maps under /embed/, not the build manifest', async () => {
    expect((await get('/embed/.vite/manifest.json')).status).toBe(404);
    expect((await get('/embed/threadline.js.map')).status).toBe(200);
  });

  it('keeps CORS of the API limited to THREADLINE_ORIGINS', async () => {
    const path = '/api/threads/tidewater-night-ferry/comments?limit=1';
    const allowed = await get(path, { origin: SITE });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SITE);
    await allowed.arrayBuffer();
    const other = await get(path, { origin: 'https://elsewhere.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await other.arrayBuffer();
  });
});
