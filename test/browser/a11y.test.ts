/**
 * Keyboard and screen reader: where focus goes after each action, what the live region says, the
 * accessible names of repeated controls, form errors on the right field, the heading level, and what a
 * reader sees and hears while the comments load or fail to.
 */
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { Adapter } from '../../src/adapters/adapter';
import { ServerError } from '../../src/adapters/errors';
import type { MemoryAdapter } from '../../src/adapters/memory';
import type { SeedComment } from '../../src/contract/seed';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';
import { commentByAuthor, mountWidget, one, postTopLevel, seeded, shadow } from './harness';

const THREAD = 'a11y';

function seed(count: number): SeedComment[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `c${i}`,
    parentKey: null,
    authorName: `Reader ${i}`,
    body: `Comment ${i}.`,
    minutesAgo: 1000 - i,
    score: 0,
  }));
}

const memory = (count: number): MemoryAdapter => seeded(THREAD, seed(count));

const mount = (backend: Adapter, attributes: Record<string, string> = {}, settle = true) =>
  mountWidget(THREAD, backend, { attributes, settle });
const region = (el: ThreadlineComments) => one(el, '[role="status"]');

beforeEach(() => localStorage.clear());
afterEach(() => document.body.replaceChildren());

describe('<threadline-comments> keyboard and screen reader', () => {
  it('moves focus to the new comment after posting, and announces every post, not only the first', async () => {
    const el = await mount(memory(2));
    await postTopLevel(el, 'First of mine.', 'Olu Ade');
    await vi.waitFor(() =>
      expect(shadow(el).activeElement?.closest('li')?.textContent).toContain('First of mine.'),
    );
    expect(shadow(el).activeElement?.localName).toBe('article');
    const first = region(el).firstElementChild;
    expect(first?.textContent).toBe('Your comment was posted.');

    await postTopLevel(el, 'Second of mine.');
    await vi.waitFor(() =>
      expect(shadow(el).activeElement?.closest('li')?.textContent).toContain('Second of mine.'),
    );
    const second = region(el).firstElementChild;
    expect(second?.textContent).toBe('Your comment was posted.');
    // A new node: screen readers announce it again.
    expect(second).not.toBe(first);
  });

  it('announces saved edits and deletions, and keeps focus in the thread after a delete', async () => {
    const el = await mount(memory(2));
    await postTopLevel(el, 'To be changed.', 'Olu Ade');
    await vi.waitFor(() => commentByAuthor(el, 'Olu Ade'));
    await userEvent.click(
      one(
        el,
        `[data-comment="${commentByAuthor(el, 'Olu Ade').dataset.comment}"] button[data-action="edit"]`,
      ),
    );
    await el.updateComplete;
    await userEvent.fill(
      commentByAuthor(el, 'Olu Ade').querySelector('form textarea') as HTMLElement,
      'Changed.',
    );
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await vi.waitFor(() => expect(region(el).textContent).toBe('Your edit was saved.'));

    const id = commentByAuthor(el, 'Olu Ade').dataset.comment;
    await userEvent.click(one(el, `[data-comment="${id}"] button[data-action="ask-delete"]`));
    await userEvent.click(one(el, `[data-comment="${id}"] button[data-action="delete"]`));
    await vi.waitFor(() => expect(region(el).textContent).toBe('Your comment was deleted.'));
    // The comment is gone (no replies): focus is on the comment that took its place, not on the page.
    const active = shadow(el).activeElement;
    expect(active?.localName).toBe('article');
    expect(active?.textContent).toContain('Reader 1');
  });

  it('moves focus to the first comment "Load more" added and says how many came', async () => {
    const el = await mount(memory(5), { 'page-size': '2', sort: 'oldest' });
    await userEvent.click(one(el, 'button[data-action="load-more"]'));
    await vi.waitFor(() => expect(shadow(el).activeElement?.textContent).toContain('Comment 2.'));
    expect(region(el).textContent).toBe('2 more comments loaded.');
    await userEvent.click(one(el, 'button[data-action="view-all"]'));
    await vi.waitFor(() => expect(shadow(el).activeElement?.textContent).toContain('Comment 4.'));
    expect(region(el).textContent).toBe('1 more comment loaded.');
  });

  it('names repeated controls after their comment', async () => {
    const el = await mount(memory(3));
    const names = [...shadow(el).querySelectorAll('button.up, button.down, button[data-action="reply"]')].map(
      (b) => b.getAttribute('aria-label'),
    );
    expect(names).toContain('Reply to Reader 1');
    expect(names).toContain("Upvote Reader 1's comment");
    expect(names).toContain("Downvote Reader 2's comment");
    expect(new Set(names).size).toBe(names.length);
    // The visible word is part of the name (WCAG 2.5.3).
    for (const b of shadow(el).querySelectorAll('button[data-action="reply"]'))
      expect(b.getAttribute('aria-label')).toContain(b.textContent ?? '-');
    expect((await axe.run(el)).violations.map((v) => v.id)).toEqual([]);
  });

  it('marks the name field, not the comment box, when the name is missing', async () => {
    const el = await mount(memory(1));
    await postTopLevel(el, 'A comment without a name.', '');
    const name = one<HTMLInputElement>(el, 'form[data-form="root"] input[name="authorName"]');
    await vi.waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'));
    const box = one(el, 'form[data-form="root"] textarea');
    expect(box.getAttribute('aria-invalid')).toBe('false');
    expect(shadow(el).activeElement).toBe(name);
    const error = shadow(el).getElementById(name.getAttribute('aria-describedby') ?? '-');
    expect(error?.textContent).toMatch(/name/);
  });

  it('posts with Ctrl+Enter in the comment box', async () => {
    const el = await mount(memory(1));
    await userEvent.fill(one(el, 'form[data-form="root"] input[name="authorName"]'), 'Kai Ito');
    await userEvent.fill(one(el, 'form[data-form="root"] textarea'), 'Sent by keyboard.');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await vi.waitFor(() => commentByAuthor(el, 'Kai Ito'));
  });

  it('takes the heading level from heading-level, and warns about a bad one', async () => {
    const el = await mount(memory(1), { 'heading-level': '3' });
    expect(one(el, '#count').getAttribute('aria-level')).toBe('3');
    document.body.replaceChildren();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bad = await mount(memory(1), { 'heading-level': '9' });
    expect(one(bad, '#count').hasAttribute('aria-level')).toBe(false);
    expect(warn.mock.calls.flat().join(' ')).toContain('THREADLINE_BAD_HEADING_LEVEL');
    warn.mockRestore();
  });

  it('shows a quiet skeleton and no count while loading, then the count', async () => {
    const base = memory(3);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: Adapter = {
      ...base,
      listComments: async (query) => {
        await gate;
        return base.listComments(query);
      },
    };
    const el = await mount(slow, {}, false);
    // First the placeholder's skeleton, then the thread's own, under a heading without a count.
    expect(one(el, '.skeleton').getAttribute('aria-hidden')).toBe('true');
    await vi.waitFor(() => expect(one(el, '#count').textContent).toBe('Comments'));
    expect(one(el, '.skeleton').getAttribute('aria-hidden')).toBe('true');
    expect(shadow(el).textContent).not.toMatch(/0 comments/);
    release();
    await vi.waitFor(() => expect(one(el, '#count').textContent).toBe('3 comments'));
    expect(shadow(el).querySelector('.skeleton')).toBeNull();
  });

  it('tells readers a server failure in plain words and the console the detail', async () => {
    const base = memory(1);
    const failing: Adapter = {
      ...base,
      listComments: async () => {
        throw new ServerError('boom: relation "comments" does not exist');
      },
    };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const el = await mount(failing, {}, false);
    const alert = await vi.waitFor(() => one(el, 'p.status[role="alert"]'));
    expect(alert.textContent).not.toContain('boom');
    expect(alert.textContent).toContain('Something went wrong on the comment server');
    await vi.waitFor(() => expect(warn.mock.calls.flat().join(' ')).toMatch(/boom.*THREADLINE_LOAD_ERROR/));
    warn.mockRestore();
  });
});

describe('<threadline-comments> reserved space', () => {
  for (const count of [0, 8]) {
    it(`leaves no blank space under a ${count}-comment thread a reader jumped to`, async () => {
      const el = await mount(memory(count), { 'page-size': '20' }, false);
      // Before the first page: a skeleton, and at most a screen held.
      expect(el.getBoundingClientRect().height).toBeLessThanOrEqual(innerHeight + 1);
      await vi.waitFor(() => {
        if (shadow(el).querySelector('.skeleton')) throw new Error('loading');
      });
      await el.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const wrapper = one(el, '.widget');
      const end = (wrapper.lastElementChild as HTMLElement).getBoundingClientRect().bottom;
      expect(wrapper.getBoundingClientRect().bottom - end).toBeLessThan(2);
    });
  }
});
