/**
 * Runs first in the script-tag build, before Lit. Lit reads and writes a few globals of its own
 * (`(globalThis.litHtmlVersions ??= []).push(…)`, `litPropertyMetadata.get(…)`), and on a web page an
 * element with that id or name is such a global (named access on window: `<div id="litHtmlVersions">`
 * made it a DOM element, and the widget failed to load). A global a script set is an own property of
 * the window; one that is not, yet has a value, is a named element (or a frame), so it is shadowed here
 * with an own `undefined` that Lit then fills in as on any other page. (nanostores' and the markdown
 * parser's globals only get an expando on such an element, which harms nothing.)
 */
/** The globals whose clobbering breaks the widget: Lit's, and those Lit reads from the browser. */
const LIBRARY_GLOBALS =
  'litHtmlVersions reactiveElementVersions litElementVersions litPropertyMetadata litHtmlPolyfillSupport ' +
  'reactiveElementPolyfillSupport litElementPolyfillSupport litElementHydrateSupport ShadyCSS trustedTypes';

for (const name of LIBRARY_GLOBALS.split(' ')) {
  // Window's own attributes (trustedTypes where the browser has it) sit on the window itself, by WebIDL.
  if (name in globalThis && !Object.hasOwn(globalThis, name)) {
    // A named element is a writable property of the window's prototype chain: this makes an own one.
    Reflect.set(globalThis, name, undefined);
  }
}
