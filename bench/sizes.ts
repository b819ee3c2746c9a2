/** Raw, gzip and brotli sizes of what a page downloads, measured with node's zlib at the defaults. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ROOT } from './build';

export interface SizeFigures {
  name: string;
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

function measure(name: string, files: string[]): SizeFigures {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(join(ROOT, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    brotli += brotliCompressSync(bytes).length;
  }
  return { name, files, raw, gzip, brotli };
}

const js = (dir: string, prefix = '') =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.js') && f.startsWith(prefix))
    .map((f) => `${dir}/${f}`);

export function bundleSizes(): SizeFigures[] {
  const core = ['dist/threadline.js', 'dist/embed/threadline.js'];
  return [
    measure('script tag: loader + elements (every page)', core),
    measure('  + memory/local backend chunks', [
      ...core,
      ...js('dist/embed', 'memory-'),
      ...js('dist/embed', 'local-'),
    ]),
    measure('  + rest backend chunk (ky)', [...core, ...js('dist/embed', 'rest-')]),
    measure('ES module build, all chunks (deps external)', js('dist/esm')),
  ];
}
