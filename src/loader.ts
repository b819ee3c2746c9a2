/**
 * dist/threadline.js: the classic script a site adds with `<script src=".../threadline.js" async>`.
 * It loads the ES module build that sits beside it (embed/threadline.js), which registers the elements
 * and fetches the backend chunk a page needs. Same origin as this script, so `script-src 'self'` holds.
 */
const script = document.currentScript as HTMLScriptElement | null;
const base = script?.src || document.baseURI;
import(/* @vite-ignore */ new URL('embed/threadline.js', base).href).catch((error: unknown) => {
  console.warn(
    `[threadline] the widget could not load from ${base}: ${String(error)} (THREADLINE_LOAD_FAILED)`,
  );
});
