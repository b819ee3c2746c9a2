/**
 * Builds what the benchmark serves: the product (`npm run build`, when dist/ is missing or older than
 * the sources) and the bench pages, bundled by Vite in production mode like the product, into
 * node_modules/.cache (never committed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import minifyTemplateLiterals from 'rollup-plugin-minify-template-literals';
import { build, type Plugin } from 'vite';
import { compileHints } from '../vite.config';

export const ROOT = new URL('..', import.meta.url).pathname;
export const PAGES_OUT = join(ROOT, 'node_modules/.cache/threadline-bench');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export function buildProductIfNeeded(log: (line: string) => void): void {
  const entry = join(ROOT, 'dist/embed/threadline.js');
  const esm = join(ROOT, 'dist/esm/index.js');
  if (existsSync(entry) && existsSync(esm) && statSync(entry).mtimeMs >= newest(join(ROOT, 'src'))) {
    log('dist/ is up to date');
    return;
  }
  log('building the product (npm run build)…');
  // Build output goes to stderr: stdout is for the results.
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/** `minify: false` keeps function names (bench/trace.ts reads them from the profiler). */
export async function buildPages({ minify = true } = {}): Promise<void> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    mode: 'production',
    // The compile hints as in the product's script-tag build.
    plugins: [minifyTemplateLiterals() as Plugin, compileHints()],
    build: {
      outDir: PAGES_OUT,
      emptyOutDir: true,
      target: 'es2022',
      minify,
      modulePreload: false,
      rolldownOptions: {
        input: {
          threadline: join(ROOT, 'bench/pages/threadline.ts'),
          baseline: join(ROOT, 'bench/pages/baseline.ts'),
          'demo-seed': join(ROOT, 'bench/pages/demo-seed.ts'),
        },
        preserveEntrySignatures: false,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
}
