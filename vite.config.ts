import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import minifyTemplateLiterals from 'rollup-plugin-minify-template-literals';
import { minify } from 'terser';
import { defineConfig, type Plugin } from 'vite';
import type { LoaderChunks } from './src/loader/chunks';

/**
 * Three builds from one config (`npm run build` runs them in this order):
 * - `--mode lib`: dist/esm/, ES modules for bundlers (index has no side effects, define registers the
 *   tags); lit, nanostores, ky and the markdown parser stay external.
 * - `--mode embed`: dist/embed/, the script-tag build as ES chunks: threadline.js registers the elements;
 *   each backend adapter is a chunk loaded only when a page uses it.
 * - `--mode loader`: dist/threadline.js, the classic script for `<script src async>` that loads
 *   dist/embed/threadline.js from beside itself when a widget nears the viewport, and preloads the chunks
 *   that widget needs; their names come from the embed build's manifest (dist/embed/.vite/).
 * The script-tag builds also write a brotli and a gzip copy of each script for the server to send.
 * The dev server serves demo/, with the demo's script tag pointed at the TypeScript source.
 */

const runtimeDependencies = [/^lit/, /^@lit\//, /^nanostores/, /^ky/, /^@khanacademy\//];

/** In dev the demo's `<script src="/threadline.js">` loads the sources instead of a build. */
function devEmbedScript(): Plugin {
  return {
    name: 'threadline-dev-embed',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace(
        /<script src="\/threadline\.js"[^>]*><\/script>/,
        '<script type="module" src="/src/embed.ts"></script>',
      );
    },
  };
}

/**
 * Terser over the already minified chunks: its extra compress passes save about half a kilobyte gzip of
 * the script-tag build that the built-in minifier leaves.
 */
function terserChunks(): Plugin {
  return {
    name: 'threadline-terser',
    apply: 'build',
    async renderChunk(code) {
      const result = await minify(code, {
        ecma: 2020,
        module: true,
        compress: { passes: 3 },
        sourceMap: { asObject: true },
      });
      return result.code === undefined ? null : { code: result.code, map: result.map as never };
    },
  };
}

/**
 * Starts each chunk with V8's compile hint (Chrome 136 and later; a plain comment to other engines).
 * Nearly every function in these chunks runs in the widget's first render, so compiling them all while a
 * chunk streams in, off the main thread, beats compiling each on its first call inside the start-up
 * tasks: on a first visit in a fresh browser those tasks passed 50 ms in 13 of 80 loads without it and 2
 * of 80 with it (100 comments, bench page). Runs after minification, which drops comments; the source
 * map gets an empty first line to match.
 */
export function compileHints(): Plugin {
  const hint = '//# allFunctionsCalledOnLoad\n';
  return {
    name: 'threadline-compile-hints',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') file.code = hint + file.code;
        else if (file.fileName.endsWith('.js.map') && typeof file.source === 'string') {
          const map = JSON.parse(file.source) as { mappings: string };
          map.mappings = `;${map.mappings}`;
          file.source = JSON.stringify(map);
        }
      }
    },
  };
}

/**
 * Writes `name.js.br` and `name.js.gz` beside each script, compressed once at build time with the
 * strongest settings, which the reference server sends to browsers that accept them (serveStatic's
 * `precompressed`); compressing on each request could not afford brotli's top quality.
 */
export function precompress(): Plugin {
  return {
    name: 'threadline-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk' || !options.dir) continue;
        const path = join(options.dir, file.fileName);
        const code = readFileSync(path);
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(code, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: code.length,
            },
          }),
        );
        writeFileSync(`${path}.gz`, gzipSync(code, { level: 9 }));
      }
    },
  };
}

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/**
 * What the loader must know of the embed build (src/loader/chunks.ts), from its Vite manifest: the
 * entry, each backend adapter's chunk with every chunk it loads in turn, and each message catalog.
 */
export function loaderChunks(manifestPath: string): LoaderChunks {
  let manifest: Record<string, ManifestChunk>;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  } catch (error) {
    throw new Error(`${manifestPath} is missing: run \`vite build --mode embed\` before the loader build`, {
      cause: error,
    });
  }
  const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  const entry = entryKey ? manifest[entryKey] : undefined;
  if (!entryKey || !entry) throw new Error(`${manifestPath} names no entry chunk`);
  const closure = (key: string, files = new Set<string>()): string[] => {
    const chunk = manifest[key];
    if (!chunk || key === entryKey || files.has(chunk.file)) return [...files];
    files.add(chunk.file);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) closure(next, files);
    return [...files];
  };
  const chunks: LoaderChunks = { entry: entry.file, backends: {}, locales: {} };
  // Every backend is loaded with the store's checks of its answers (src/adapters/create.ts).
  const checks = manifest['src/store/accept.ts'];
  for (const key of entry.dynamicImports ?? []) {
    const backend = /^src\/adapters\/([\w-]+)\.ts$/.exec(key)?.[1];
    const locale = /^src\/i18n\/(\w+)\.ts$/.exec(key)?.[1];
    // with-content wraps a site's own adapter object, which no attribute names.
    if (backend && backend !== 'with-content')
      chunks.backends[backend] = [...closure(key), ...(checks ? closure('src/store/accept.ts') : [])];
    else if (locale && manifest[key]) chunks.locales[locale] = manifest[key].file;
  }
  return chunks;
}

/** Whitespace and comments inside Lit's html`` and css`` literals are bytes every reader downloads. */
const minifyLiterals = minifyTemplateLiterals() as Plugin;

export default defineConfig(({ mode }) => {
  if (mode === 'lib') {
    return {
      plugins: [minifyLiterals],
      build: {
        outDir: 'dist/esm',
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: true,
        lib: { entry: { index: 'src/index.ts', define: 'src/define.ts' }, formats: ['es'] },
        rolldownOptions: { external: runtimeDependencies },
      },
    };
  }
  if (mode === 'embed') {
    return {
      plugins: [minifyLiterals, terserChunks(), compileHints(), precompress()],
      // Library mode leaves this to a consumer's bundler; this build is what the browser runs.
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir: 'dist/embed',
        emptyOutDir: true,
        target: 'es2022',
        sourcemap: true,
        manifest: true,
        // Library mode: chunks are plain dynamic imports, without the preload helper an app build adds.
        lib: { entry: { threadline: 'src/embed.ts' }, formats: ['es'] },
        rolldownOptions: {
          preserveEntrySignatures: false,
          output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', minify: true },
        },
      },
    };
  }
  if (mode === 'loader') {
    return {
      plugins: [terserChunks(), precompress()],
      define: { __THREADLINE_CHUNKS__: JSON.stringify(loaderChunks('dist/embed/.vite/manifest.json')) },
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        sourcemap: true,
        lib: {
          entry: 'src/loader.ts',
          name: 'ThreadlineLoader',
          formats: ['iife'],
          fileName: () => 'threadline.js',
        },
      },
    };
  }
  return {
    plugins: [devEmbedScript()],
    // The demo's rest adapter calls /api: run `npm run start:server` beside `npm run dev`.
    server: { host: '127.0.0.1', open: '/demo/', proxy: { '/api': 'http://127.0.0.1:8787' } },
  };
});
