import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter';
import type { SeedComment } from '../../src/contract/seed';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';
import { items, mountWidget, seeded } from './harness';

const THREAD = 'lazy-thread';

function comments(n: number): SeedComment[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `c${i}`,
    parentKey: null,
    authorName: `Reader ${i}`,
    body: `Comment number ${i}, long enough to read like a real one.`,
    minutesAgo: n - i,
    score: 0,
  }));
}

/** A memory adapter that counts every call made to it. */
function counted(seed: SeedComment[]): { adapter: Adapter; calls: string[] } {
  const inner = seeded(THREAD, seed);
  const calls: string[] = [];
  const adapter = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return value.apply(target, args);
      };
    },
  });
  return { adapter, calls };
}

/** A page with `screens` viewport heights of article above the widget, lazy unless `attributes` say. */
function mountBelow(
  screens: number,
  adapter: Adapter,
  attributes: Record<string, string> = {},
): Promise<ThreadlineComments> {
  const article = document.createElement('div');
  article.style.height = `${screens * innerHeight}px`;
  document.body.append(article);
  return mountWidget(THREAD, adapter, { attributes: { loading: 'lazy', ...attributes }, settle: false });
}

const frames = (n: number) =>
  new Promise<void>((resolve) => {
    const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });

afterEach(() => {
  document.body.replaceChildren();
  scrollTo(0, 0);
});

describe('<threadline-comments> lazy mounting', () => {
  it('loads nothing and shows only a placeholder while far below the viewport', async () => {
    const { adapter, calls } = counted(comments(5));
    const el = await mountBelow(5, adapter);
    await frames(5);
    expect(calls).toEqual([]);
    expect(el.shadowRoot?.querySelector('.placeholder')).not.toBeNull();
    expect(items(el)).toBe(0);
  });

  it('loads once the reader scrolls within about a screen of it', async () => {
    const { adapter, calls } = counted(comments(5));
    const el = await mountBelow(5, adapter);
    await frames(2);
    expect(calls).toEqual([]);
    // Half a screen above the widget: inside the one-screen margin, not yet visible.
    scrollTo(0, el.offsetTop - 1.5 * innerHeight);
    await vi.waitFor(() => expect(items(el)).toBe(5));
    expect(calls).toContain('listComments');
  });

  it('loads at once with loading="eager", wherever it is', async () => {
    const { adapter, calls } = counted(comments(5));
    const el = await mountBelow(5, adapter, { loading: 'eager' });
    await vi.waitFor(() => expect(items(el)).toBe(5));
    expect(calls).toContain('listComments');
  });

  it('starts in short tasks: the placeholder first, then the store, then the first real render', async () => {
    const { adapter, calls } = counted(comments(5));
    const el = document.createElement('threadline-comments') as ThreadlineComments;
    el.setAttribute('thread', THREAD);
    el.setAttribute('loading', 'eager');
    el.adapter = adapter;
    document.body.append(el);
    await Promise.resolve();
    await Promise.resolve();
    // The task that connected the element: the placeholder, no store, no request. The store is made by a
    // task it asked for just now; a timer set now runs right after that task.
    expect(el.shadowRoot?.querySelector('.placeholder')).not.toBeNull();
    expect(calls).toEqual([]);
    const afterStoreTask = await new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(el.shadowRoot?.querySelector('.placeholder') != null)),
    );
    expect(afterStoreTask).toBe(true);
    await vi.waitFor(() => expect(items(el)).toBe(5));
    expect(el.shadowRoot?.querySelector('.placeholder')).toBeNull();
    expect(el.shadowRoot?.querySelector('form')).not.toBeNull();
  });

  it('treats an unknown loading value as lazy, with one coded warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { adapter, calls } = counted(comments(5));
    await mountBelow(5, adapter, { loading: 'soon' });
    await frames(3);
    expect(calls).toEqual([]);
    expect(warn.mock.calls.flat().join(' ')).toMatch(/THREADLINE_BAD_LOADING/);
    warn.mockRestore();
  });

  it('reserves space up front that a full first page only grows, never shrinks', async () => {
    const { adapter } = counted(comments(40));
    const el = await mountBelow(3, adapter, { 'page-size': '10' });
    const reserved = el.getBoundingClientRect().height;
    // At least the header, the composer and a line per comment of the first page, or a whole screen.
    expect(reserved).toBeGreaterThan(Math.min(10 * 16 * 4, innerHeight - 1));
    const heights: number[] = [];
    const observer = new ResizeObserver(() => heights.push(el.getBoundingClientRect().height));
    observer.observe(el);
    scrollTo(0, el.offsetTop - innerHeight);
    await vi.waitFor(() => expect(items(el)).toBe(10));
    await frames(2);
    observer.disconnect();
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(reserved - 1);
  });

  it('gives the space of a short thread back as soon as its first page is shown', async () => {
    const { adapter } = counted(comments(2));
    const el = await mountBelow(0, adapter, { 'page-size': '20' });
    const reserved = el.getBoundingClientRect().height;
    // Never more than a screen of skeleton.
    expect(reserved).toBeLessThanOrEqual(innerHeight + 1);
    await vi.waitFor(() => expect(items(el)).toBe(2));
    await frames(2);
    expect(el.getBoundingClientRect().height).toBeLessThan(reserved);
  });
});
