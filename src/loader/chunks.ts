/**
 * The chunk file names of the embed build (dist/embed/), taken from its Vite manifest when the loader is
 * built (vite.config.ts), so the loader can start every chunk a widget needs at once.
 */
export interface LoaderChunks {
  /** The elements chunk: registers the tags (`threadline.js`). */
  entry: string;
  /** Per backend (the `adapter` attribute): its chunk and the chunks it loads in turn. */
  backends: Record<string, string[]>;
  /** Per language other than English: its message catalog chunk. */
  locales: Record<string, string>;
}

/** `record[key]`, but never an inherited `__proto__` or `constructor` a page's attribute names. */
const own = <T>(record: Record<string, T>, key: string | null): T | undefined =>
  Object.hasOwn(record, key as string) ? record[key as string] : undefined;

/**
 * The chunks beyond the entry that the found elements load as soon as they start: the backend an
 * `adapter` attribute names (none without one: the element then uses its memory default, or an adapter
 * object a site's script sets, which the loader cannot know of yet) and the catalog of each language.
 * `language` is the browser's, which an element uses when it has no `locale` attribute.
 */
export function chunksFor(elements: readonly Element[], chunks: LoaderChunks, language: string): string[] {
  const files = new Set<string>();
  for (const element of elements) {
    // split() always returns a first item.
    const locale = (element.getAttribute('locale') || language).toLowerCase().split('-')[0] as string;
    const catalog = own(chunks.locales, locale);
    for (const file of own(chunks.backends, element.getAttribute('adapter')) ?? []) files.add(file);
    if (catalog) files.add(catalog);
  }
  return [...files];
}
