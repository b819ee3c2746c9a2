import { byTag } from './dom';

/**
 * Calls `onNeeded` once, with the elements found so far, when one of them comes within about a screen
 * of the viewport, or at once when one has loading="eager". Until then a page pays for two observers and
 * nothing else: elements in the page are found by tag name, elements added later by a MutationObserver
 * that looks only at the added nodes. (Every browser that runs the ES2022 chunks has both observers.)
 */
export function whenNeeded(tags: readonly string[], onNeeded: (found: Element[]) => void): void {
  const found: Element[] = [];
  let done = false;
  const near = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && finish(), {
    // The document as root (not the implicit viewport) so the margin also applies inside an iframe;
    // 100%: one viewport height around it, as the element's own lazy mounting uses.
    root: document,
    rootMargin: '100%',
  });
  const added = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        if (tags.includes(node.localName)) add(node);
        scan(node);
      }
    }
  });

  function finish(): void {
    if (done) return;
    done = true;
    added.disconnect();
    near.disconnect();
    onNeeded(found);
  }

  function add(element: Element): void {
    if (done) return;
    // An element seen twice (moved in the page) is observed once: observe() ignores a repeat.
    found.push(element);
    if (element.getAttribute('loading') === 'eager') finish();
    else near.observe(element);
  }

  function scan(root: Document | Element): void {
    for (const tag of tags) for (const element of byTag(root, tag)) add(element);
  }

  added.observe(document, { childList: true, subtree: true });
  scan(document);
}
