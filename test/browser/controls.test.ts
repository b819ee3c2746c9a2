/**
 * The look of the controls where it carries meaning: target sizes, the pressed vote, avatars (broken
 * images, deleted authors, tints), a closed thread, sorting with nothing to sort, and the live pill.
 */
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { Adapter } from '../../src/adapters/adapter';
import type { MemoryAdapter } from '../../src/adapters/memory';
import type { SeedComment } from '../../src/contract/seed';
import { all, mountWidget, one, reshaping, seeded } from './harness';

const THREAD = 'controls';
const names = [
  'Ana Ribeiro',
  'Ben Okafor',
  'Cleo Park',
  'Dev Shah',
  'Eve Stone',
  'Finn Walsh',
  'Gus Lee',
  'Hana Mori',
];

function seed(count: number): SeedComment[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `c${i}`,
    parentKey: null,
    authorName: names[i % names.length] ?? 'X',
    body: `Comment number ${i} with a line of text to read.`,
    minutesAgo: 500 - i,
    score: i % 3,
  }));
}

function memory(count: number): MemoryAdapter {
  return seeded(THREAD, seed(count));
}

const mount = (backend: Adapter, attributes: Record<string, string> = {}) =>
  mountWidget(THREAD, backend, { attributes });

beforeEach(() => localStorage.clear());
afterEach(() => document.body.replaceChildren());

describe('<threadline-comments> controls', () => {
  it('gives every button a target of at least 24 by 24 CSS pixels', async () => {
    const el = await mount(memory(3));
    const buttons = all(el, 'button').filter((b) => b.getClientRects().length > 0);
    expect(buttons.length).toBeGreaterThan(8);
    for (const b of buttons) {
      const { width, height } = b.getBoundingClientRect();
      expect({ action: b.dataset.action, width: width >= 24, height: height >= 24 }).toEqual({
        action: b.dataset.action,
        width: true,
        height: true,
      });
    }
  });

  it('shows a pressed vote by a frame as well as by colour, and labels the score on its group', async () => {
    const el = await mount(memory(2));
    const up = one(el, 'button.up');
    const unpressed = getComputedStyle(up);
    expect(unpressed.borderTopColor).toBe('rgba(0, 0, 0, 0)');
    await userEvent.click(up);
    await vi.waitFor(() => expect(up.getAttribute('aria-pressed')).toBe('true'));
    const pressed = getComputedStyle(up);
    expect(pressed.borderTopColor).not.toBe('rgba(0, 0, 0, 0)');
    expect(pressed.borderTopWidth).not.toBe('0px');
    const group = up.parentElement as HTMLElement;
    expect(group.getAttribute('role')).toBe('group');
    expect(group.getAttribute('aria-label')).toMatch(/^Score -?\d+$/);
    expect(one(el, '.score').hasAttribute('aria-label')).toBe(false);
    const results = await axe.run(el);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('falls back to the initials when an avatar image fails to load', async () => {
    const backend = reshaping(memory(1), (c) => ({
      ...c,
      author: { ...c.author, avatar: `${location.origin}/no-such-avatar-${Date.now()}.png` },
    }));
    const el = await mount(backend);
    const avatar = one(el, '.avatar');
    const img = avatar.querySelector('img') as HTMLImageElement;
    img.loading = 'eager';
    await vi.waitFor(() => expect(img.hidden).toBe(true));
    expect(avatar.dataset.initials).toBe('AR');
    expect(getComputedStyle(avatar, '::before').content).toBe('"AR"');
    expect(img.getClientRects().length).toBe(0);
  });

  it('draws a plain disc for a deleted author and varies the tint between authors', async () => {
    const el = await mount(memory(8));
    const tints = new Set(all(el, '.avatar').map((a) => a.dataset.tint));
    expect(tints.size).toBeGreaterThanOrEqual(4);
    const backgrounds = new Set(all(el, '.avatar').map((a) => getComputedStyle(a).backgroundColor));
    expect(backgrounds.size).toBeGreaterThanOrEqual(4);

    const deleted = reshaping(memory(1), (c) => ({
      ...c,
      status: 'deleted' as const,
      author: { id: 'deleted', name: '[deleted]' },
    }));
    document.body.replaceChildren();
    const tomb = await mount(deleted);
    const avatar = one(tomb, '.avatar');
    expect(avatar.dataset.initials).toBe('');
    expect(avatar.dataset.tint).toBe('none');
  });

  it('says only "Comments are closed" on an empty closed thread, with no sort toggle', async () => {
    const base = memory(0);
    const closed: Adapter = {
      ...base,
      getThread: async (thread, signal) => ({ ...(await base.getThread(thread, signal)), closed: true }),
    };
    const el = await mount(closed);
    await vi.waitFor(() => expect(one(el, 'p.status').textContent).toMatch(/closed/i));
    const texts = all(el, 'p.status').map((p) => p.textContent?.trim());
    expect(texts).toHaveLength(1);
    expect(texts.join(' ')).not.toMatch(/No comments yet/);
    expect(one(el, '.sort').hidden).toBe(true);
    expect(one(el, '.sort').checkVisibility({ visibilityProperty: true })).toBe(false);
  });

  it('offers sorting only with two or more top-level comments', async () => {
    const single = await mount(memory(1));
    expect(one(single, '.sort').hidden).toBe(true);
    document.body.replaceChildren();
    const two = await mount(memory(2));
    expect(one(two, '.sort').hidden).toBe(false);
  });

  it('keeps the "N new comments" pill in view for a reader halfway down the thread', async () => {
    const base = memory(30);
    const el = await mount(base, { 'page-size': '30' });
    const items = all(el, 'ol.list > li');
    expect(items.length).toBe(30);
    (items[15] as HTMLElement).scrollIntoView({ block: 'center' });
    const other = base.asViewer({ id: 'zed', name: 'Zed Quinn' });
    await other.createComment({
      thread: THREAD,
      parentId: null,
      body: 'Live.',
      idempotencyKey: 'live-zed-1',
    });
    const button = await vi.waitFor(() => one(el, 'button[data-action="show-new"]'));
    const rect = button.getBoundingClientRect();
    expect(rect.top).toBeGreaterThanOrEqual(0);
    expect(rect.bottom).toBeLessThanOrEqual(innerHeight);
    // The bar lets clicks through beside the pill.
    expect(getComputedStyle(button.parentElement as HTMLElement).pointerEvents).toBe('none');
    await userEvent.click(button);
    await vi.waitFor(() => expect(all(el, 'button[data-action="show-new"]')).toHaveLength(0));
  });

  it('keeps a pinned comment’s badge and time apart when the comment renders again', async () => {
    const backend = seeded(THREAD, [{ ...seed(1)[0], pinned: true } as SeedComment, ...seed(3).slice(1)]);
    const el = await mount(backend);
    const meta = () => one(el, '[data-comment] .meta');
    const before = meta().textContent;
    // Opening the reply composer renders the comment again.
    await userEvent.click(one(el, '[data-comment] button[data-action="reply"]'));
    await vi.waitFor(() => expect(all(el, 'form.inline-composer')).toHaveLength(1));
    expect(meta().querySelector('.badge')?.textContent).toBe('Pinned');
    expect(meta().querySelector('time')?.textContent).toMatch(/ago$/);
    expect(meta().textContent).toBe(before);
  });
});
