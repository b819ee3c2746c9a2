/**
 * The loader runs on pages it does not control, and markup alone can replace any `document.x` with an
 * element of that name (`<img name="currentScript" src="https://elsewhere/">`, `<form name="head">`:
 * DOM clobbering). So the loader reads the document only through the getters and methods on the
 * prototypes, which named elements cannot shadow, and checks the type of what it gets.
 */

const getter = (proto: object, name: string) => Object.getOwnPropertyDescriptor(proto, name)?.get;

/**
 * The http(s) URL of the `<script src>` element running the loader now, or null when there is none to
 * trust: the loader inlined, run from a shadow root, or imported as a module. Never throws.
 */
export function loaderSrc(): string | null {
  const script: unknown = getter(Document.prototype, 'currentScript')?.call(document);
  return script instanceof HTMLScriptElement && script.src.startsWith('http') ? script.src : null;
}

/** `root.getElementsByTagName(tag)`, also for a `<form>` whose fields are named like the method. */
export function byTag(root: Document | Element, tag: string): HTMLCollectionOf<Element> {
  return root instanceof Document
    ? Document.prototype.getElementsByTagName.call(root, tag)
    : Element.prototype.getElementsByTagName.call(root, tag);
}

/**
 * Adds `<link rel="modulepreload">` for a chunk, so it downloads beside the others instead of after.
 * Without a crossorigin attribute, like the loader's `import()` from a script tag without one: both
 * fetch in CORS mode without credentials, so the chunk preloaded is the one imported.
 */
export function preloadModule(href: string): void {
  const link = Document.prototype.createElement.call(document, 'link') as HTMLLinkElement;
  link.rel = 'modulepreload';
  link.href = href;
  const head: unknown = getter(Document.prototype, 'head')?.call(document);
  if (head instanceof HTMLHeadElement) head.append(link);
}
