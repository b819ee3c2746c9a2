/**
 * For the benchmark's copy of the demo article: gives its <threadline-comments> the demo's seed
 * comments through an in-page memory backend, so the page needs no API server.
 */

import seed from '../../demo/seed-comments.json';
import { createMemoryAdapter } from '../../src/adapters/memory';
import type { SeedComment } from '../../src/contract/seed';

const element = document.querySelector('threadline-comments') as (HTMLElement & { adapter: unknown }) | null;
if (element) {
  element.adapter = createMemoryAdapter({
    seed: [{ thread: element.getAttribute('thread') ?? '', comments: seed as SeedComment[] }],
  });
}
