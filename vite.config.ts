import { defineConfig, type Plugin } from 'vite';

/**
 * Two builds from one config:
 * - `vite build --mode embed`: dist/threadline.js, one classic script for a <script src async> tag that
 *   registers the elements (IIFE, everything inlined).
 * - `vite build --mode lib`: dist/esm/, ES modules for bundlers (index has no side effects, define
 *   registers the tags); lit, nanostores, ky and the markdown parser stay external.
 * The dev server serves demo/, with the demo's script tag pointed at the TypeScript source.
 */

const runtimeDependencies = [/^lit/, /^@lit\//, /^nanostores/, /^@nanostores\//, /^ky/, /^@khanacademy\//];

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

export default defineConfig(({ mode }) => {
  if (mode === 'embed') {
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target: 'es2022',
        sourcemap: true,
        lib: {
          entry: 'src/embed.ts',
          name: 'Threadline',
          formats: ['iife'],
          fileName: () => 'threadline.js',
        },
      },
    };
  }
  if (mode === 'lib') {
    return {
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
  return {
    root: '.',
    plugins: [devEmbedScript()],
    server: { host: '127.0.0.1', open: '/demo/' },
  };
});
