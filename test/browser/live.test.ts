import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { MemoryAdapter } from '../../src/adapters/memory';
import type { SeedComment } from '../../src/contract/seed';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';
import { all, authors, mountWidget, seeded, shadow } from './harness';

const THREAD = 'live-thread';

const seed: SeedComment[] = [
  { key: 'ana', parentKey: null, authorName: 'Ana Ribeiro', body: 'First.', minutesAgo: 60, score: 3 },
  { key: 'ben', parentKey: null, authorName: 'Ben Okafor', body: 'Second.', minutesAgo: 30, score: 1 },
];

let adapter: MemoryAdapter;
/** A second reader on the same backend: their writes reach the widget as live events. */
let other: MemoryAdapter;
let keys = 0;

async function mount(attributes: Record<string, string> = {}): Promise<ThreadlineComments> {
  const el = await mountWidget(THREAD, adapter, { attributes, settle: false });
  await vi.waitFor(() => expect(authors(el).length).toBeGreaterThan(0));
  return el;
}

function newButton(el: ThreadlineComments): HTMLButtonElement | null {
  return shadow(el).querySelector<HTMLButtonElement>('button[data-action="show-new"]');
}

function postAs(who: MemoryAdapter, body: string, parentId: string | null = null) {
  keys += 1;
  return who.createComment({ thread: THREAD, parentId, body, idempotencyKey: `other-${keys}` });
}

beforeEach(() => {
  localStorage.clear();
  adapter = seeded(THREAD, seed);
  other = adapter.asViewer({ id: 'cleo', name: 'Cleo Park' });
});

afterEach(() => {
  document.body.replaceChildren();
});

describe('<threadline-comments> live updates', () => {
  it('holds new comments from another reader behind an announced "N new comments" button', async () => {
    const el = await mount();
    expect(authors(el)).toEqual(['Ben Okafor', 'Ana Ribeiro']);
    const region = shadow(el).querySelector('.new-bar') as HTMLElement;
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(newButton(el)).toBeNull();

    await postAs(other, 'Live one.');
    await vi.waitFor(() => expect(newButton(el)?.textContent?.trim()).toBe('1 new comment'));
    await postAs(other, 'Live two.');
    await postAs(other, 'Live three.');
    await vi.waitFor(() => expect(newButton(el)?.textContent?.trim()).toBe('3 new comments'));
    // Nothing moved under the reader; the count already says 5.
    expect(authors(el)).toEqual(['Ben Okafor', 'Ana Ribeiro']);
    expect(shadow(el).querySelector('#count')?.textContent).toBe('5 comments');
    expect(region.contains(newButton(el))).toBe(true);

    const results = await axe.run(el);
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await userEvent.click(newButton(el) as HTMLButtonElement);
    await el.updateComplete;
    expect(authors(el)).toEqual(['Cleo Park', 'Cleo Park', 'Cleo Park', 'Ben Okafor', 'Ana Ribeiro']);
    expect(
      all(el, 'ol.list > li > article .body')
        .slice(0, 3)
        .map((n) => n.textContent?.trim()),
    ).toEqual(['Live three.', 'Live two.', 'Live one.']);
    expect(newButton(el)).toBeNull();
    // Focus does not fall to the page when the button goes: it lands on the first revealed comment.
    await vi.waitFor(() =>
      expect(shadow(el).activeElement).toBe(shadow(el).querySelector('ol.list > li:first-child > article')),
    );
  });

  it('inserts shown comments where they belong in the Oldest order', async () => {
    const el = await mount({ sort: 'oldest' });
    await postAs(other, 'Late to the party.');
    await vi.waitFor(() => expect(newButton(el)).not.toBeNull());
    newButton(el)?.click();
    await el.updateComplete;
    expect(authors(el)).toEqual(['Ana Ribeiro', 'Ben Okafor', 'Cleo Park']);
  });

  it('shows a reply under its parent in place, and applies votes quietly', async () => {
    const el = await mount();
    const ana = all(el, 'ol.list > li').find((li) => li.textContent?.includes('Ana Ribeiro')) as HTMLElement;
    const id = ana.dataset.comment ?? '';
    await postAs(other, 'A live reply.', id);
    await other.vote({ thread: THREAD, id, value: 1 });
    await vi.waitFor(() => {
      expect(ana.querySelector(':scope > ol.replies')?.textContent).toContain('A live reply.');
      expect(ana.querySelector(':scope > article .score')?.textContent).toBe('4');
    });
    expect(newButton(el)).toBeNull();
    expect(authors(el)).toEqual(['Ben Okafor', 'Ana Ribeiro']);
  });

  it('applies edits and deletions from another reader in place', async () => {
    const el = await mount();
    const mine = await postAs(other, 'Soon edited.');
    await vi.waitFor(() => expect(newButton(el)).not.toBeNull());
    newButton(el)?.click();
    await vi.waitFor(() => expect(shadow(el).textContent).toContain('Soon edited.'));
    await other.editComment({ thread: THREAD, id: mine.id, body: 'Edited live.' });
    await vi.waitFor(() => expect(shadow(el).textContent).toContain('Edited live.'));
    await other.deleteComment({ thread: THREAD, id: mine.id });
    await vi.waitFor(() => expect(shadow(el).textContent).not.toContain('Edited live.'));
    expect(shadow(el).querySelector('#count')?.textContent).toBe('2 comments');
  });

  it('does not listen with live="off"', async () => {
    const spy = vi.spyOn(adapter, 'subscribe');
    const el = await mount({ live: 'off' });
    await postAs(other, 'Nobody hears this.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await el.updateComplete;
    expect(spy).not.toHaveBeenCalled();
    expect(newButton(el)).toBeNull();
    expect(el.live).toBe('off');
  });

  it('falls back to live on for an unknown value, with one coded warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const el = await mount({ live: 'sometimes' });
    await postAs(other, 'Heard anyway.');
    await vi.waitFor(() => expect(newButton(el)).not.toBeNull());
    expect(warn.mock.calls.flat().join(' ')).toContain('THREADLINE_BAD_LIVE');
    warn.mockRestore();
  });
});
