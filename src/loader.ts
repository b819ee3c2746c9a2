/**
 * dist/threadline.js: the classic script a site adds with `<script src=".../threadline.js" async>`.
 * It costs the article nothing until the reader nears the comments: it only watches for Threadline's
 * elements, and when one comes within about a screen of the viewport (or has loading="eager") it loads
 * the ES module build beside it (embed/threadline.js, which registers the elements), with every chunk
 * the widget will need preloaded at the same time instead of one after another. Same origin as this
 * script, so `script-src 'self'` holds; on another origin the server sends the chunks with CORS.
 */
import type { LoaderChunks } from './loader/chunks';
import { chunksFor } from './loader/chunks';
import { loaderSrc, preloadModule } from './loader/dom';
import { whenNeeded } from './loader/near';

/** Filled in at build time from the embed build's manifest (vite.config.ts). */
declare const __THREADLINE_CHUNKS__: LoaderChunks;

/** The tags the elements chunk defines (`threadline-count` once it exists, so counts load too). */
const TAGS = ['threadline-comments', 'threadline-count'];

const src = loaderSrc();
if (src) {
  whenNeeded(TAGS, (found) => {
    const base = new URL('embed/', src);
    const chunks = __THREADLINE_CHUNKS__;
    for (const file of chunksFor(found, chunks, navigator.language)) {
      preloadModule(new URL(file, base).href);
    }
    import(/* @vite-ignore */ new URL(chunks.entry, base).href).catch((error: unknown) => {
      console.warn(`[threadline] could not load the widget from ${base}: ${error} (THREADLINE_LOAD_FAILED)`);
    });
  });
} else {
  console.warn('[threadline] load threadline.js with <script src> (THREADLINE_NO_SCRIPT_SRC)');
}
