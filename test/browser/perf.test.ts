/**
 * Performance behaviour (not timings: those are `npm run bench`): big threads render in slices, and a
 * rendered page schedules no per-comment work.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { syntheticThread } from '../../bench/synthetic';
import type { Adapter } from '../../src/adapters/adapter';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';
import { items, mountWidget, one, seeded } from './harness';

const THREAD = 'big-thread';

/** Mounts a synthetic thread of `n` comments, without waiting for it. */
const mount = (n: number, attributes: Record<string, string> = {}) =>
  mountWidget(THREAD, seeded(THREAD, syntheticThread(n)), { attributes, settle: false });

async function viewAll(el: ThreadlineComments): Promise<void> {
  const button = await vi.waitFor(() => one<HTMLButtonElement>(el, 'button[data-action="view-all"]'));
  button.click();
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('<threadline-comments> with big threads', () => {
  it('renders "View all" on 5,000 comments in several slices, and all of them in the end', async () => {
    const el = await mount(5000, { 'page-size': '50' });
    // Record how many comments each render added.
    const counts: number[] = [];
    const observer = new MutationObserver(() => counts.push(items(el)));
    observer.observe(el.shadowRoot as ShadowRoot, { childList: true, subtree: true });
    await viewAll(el);
    await vi.waitFor(() => expect(items(el)).toBe(5000), { timeout: 20_000, interval: 50 });
    observer.disconnect();
    const distinct = [...new Set(counts)];
    expect(distinct.length).toBeGreaterThan(5);
    // No single step added anywhere near everything at once.
    const steps = distinct.slice(1).map((count, i) => count - (distinct[i] ?? 0));
    expect(Math.max(...steps)).toBeLessThan(1000);
  }, 30_000);

  it('shows none of a page longer than a slice in the task that brought it, and a first slice in the next', async () => {
    const el = document.createElement('threadline-comments') as ThreadlineComments;
    el.setAttribute('thread', THREAD);
    el.setAttribute('loading', 'eager');
    el.setAttribute('page-size', '100');
    el.adapter = seeded(THREAD, syntheticThread(1000));
    // What each batch of DOM changes shows: the count in the header, and how many comments are in the list.
    const seen: { count: string; items: number }[] = [];
    const observer = new MutationObserver(() =>
      seen.push({ count: el.shadowRoot?.querySelector('#count')?.textContent ?? '', items: items(el) }),
    );
    document.body.append(el);
    observer.observe(el.shadowRoot as ShadowRoot, { childList: true, subtree: true, characterData: true });
    await vi.waitFor(() => expect(items(el)).toBeGreaterThan(0), { timeout: 10_000 });
    observer.disconnect();
    const arrived = seen.findIndex((s) => s.count === '1,000 comments');
    expect(seen[arrived]?.items).toBe(0);
    // The first render that shows comments (later slices may follow before the wait above sees them).
    const first = seen.slice(arrived).find((s) => s.items > 0);
    expect(first?.items).toBeGreaterThan(0);
    expect(first?.items).toBeLessThan(100);
  });

  it('changes only the voted comment in the DOM when a vote lands on a 1,000-comment thread', async () => {
    const el = await mount(1000, { 'page-size': '100' });
    await viewAll(el);
    await vi.waitFor(() => expect(items(el)).toBe(1000), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const shadow = el.shadowRoot as ShadowRoot;
    const target = shadow.querySelector('ol.list > li:nth-child(5)') as HTMLElement;
    const article = target.querySelector(':scope > article') as HTMLElement;
    const touched = new Set<Node>();
    const observer = new MutationObserver((records) => {
      for (const record of records) touched.add(record.target);
    });
    observer.observe(shadow, { subtree: true, childList: true, attributes: true, characterData: true });
    article.querySelector<HTMLButtonElement>('button[data-action="vote"][data-value="1"]')?.click();
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
    observer.disconnect();
    expect(touched.size).toBeGreaterThan(0);
    for (const node of touched) expect(article.contains(node)).toBe(true);
  });

  it('re-sorts 2,000 loaded comments by moving their DOM, from the top down, with no request', async () => {
    const el = await mount(2000, { 'page-size': '100' });
    await viewAll(el);
    await vi.waitFor(() => expect(items(el)).toBe(2000), { timeout: 10_000 });
    const shadow = el.shadowRoot as ShadowRoot;
    const list = shadow.querySelector('ol.list') as HTMLOListElement;
    const before = [...list.children] as HTMLElement[];
    // The synthetic thread's times all differ, so oldest first is newest first reversed.
    const expected = before.map((li) => li.dataset.comment).reverse();
    const listComments = vi.spyOn(el.adapter as Adapter, 'listComments');
    // How far the list is in the new order after each batch of DOM changes.
    const inOrder: number[] = [];
    const observer = new MutationObserver(() => {
      const now = [...list.children].map((li) => (li as HTMLElement).dataset.comment);
      const wrong = now.findIndex((id, i) => id !== expected[i]);
      inOrder.push(wrong === -1 ? now.length : wrong);
    });
    observer.observe(list, { childList: true });
    shadow.querySelector<HTMLButtonElement>('button[data-action="sort"][data-sort="oldest"]')?.click();
    await vi.waitFor(() => expect(inOrder.at(-1)).toBe(before.length), { timeout: 10_000 });
    observer.disconnect();
    expect(listComments).not.toHaveBeenCalled();
    // The first 100 top-level comments first, then the rest in steps.
    expect(inOrder[0]).toBeGreaterThanOrEqual(100);
    expect(new Set(inOrder).size).toBeGreaterThan(2);
    // The same elements, moved: none made again.
    const after = [...list.children];
    expect(new Set(after)).toEqual(new Set(before));
    expect(items(el)).toBe(2000);
  }, 30_000);

  it('starts at most one interval for any number of widgets and comments (setInterval spy)', async () => {
    const setInterval = vi.spyOn(window, 'setInterval');
    const first = await mount(300);
    const second = await mount(300, { 'page-size': '100' });
    await vi.waitFor(() => expect(items(first)).toBeGreaterThan(20));
    await vi.waitFor(() => expect(items(second)).toBeGreaterThan(100));
    expect(setInterval.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('schedules no timeouts or animation frames once rendered (timer spies over 300 ms)', async () => {
    const el = await mount(1000, { 'page-size': '100' });
    await viewAll(el);
    await vi.waitFor(() => expect(items(el)).toBe(1000), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the last slice finish
    const sleep = window.setTimeout.bind(window); // taken before the spies, so not counted
    const timeouts = vi.spyOn(window, 'setTimeout');
    const frames = vi.spyOn(window, 'requestAnimationFrame');
    const intervals = vi.spyOn(window, 'setInterval');
    await new Promise((resolve) => sleep(resolve, 300));
    expect(timeouts).not.toHaveBeenCalled();
    expect(frames).not.toHaveBeenCalled();
    expect(intervals).not.toHaveBeenCalled();
  });
});
