/**
 * What browser tests share: memory adapters seeded with a thread, mounting <threadline-comments> on
 * the test page, waiting until its first page is shown, querying its shadow root, finding comments and
 * buttons the way a reader would, writing through the UI, and adapters that change what a backend
 * answers.
 */
import { vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { Adapter, Comment } from '../../src/adapters/adapter';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory';
import type { SeedComment } from '../../src/contract/seed';
import '../../src/define';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';

/** A memory adapter holding `comments` in `thread`. */
export function seeded(thread: string, comments: SeedComment[]): MemoryAdapter {
  return createMemoryAdapter({ seed: [{ thread, comments }] });
}

export interface MountOptions {
  /** Attributes besides thread, locale="en" and loading="eager" (which they can override). */
  attributes?: Record<string, string>;
  /** Where the element goes (the body by default). */
  parent?: HTMLElement;
  /** Wait until the thread is shown, not only the skeleton (default true). */
  settle?: boolean;
  /** Called before the element is connected, to hear what it does from the start (say, an outbox send). */
  beforeConnect?: ((el: ThreadlineComments) => void) | undefined;
}

/** Mounts the widget for `thread` on `adapter`, eager, in English. */
export async function mountWidget(
  thread: string,
  adapter: Adapter,
  { attributes = {}, parent = document.body, settle = true, beforeConnect }: MountOptions = {},
): Promise<ThreadlineComments> {
  const el = document.createElement('threadline-comments') as ThreadlineComments;
  el.setAttribute('thread', thread);
  el.setAttribute('locale', 'en');
  el.setAttribute('loading', 'eager');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.adapter = adapter;
  beforeConnect?.(el);
  parent.append(el);
  if (settle) await settled(el);
  await el.updateComplete;
  return el;
}

/**
 * Resolves once the widget shows its thread (header and list, no skeleton) and every slice is in. By
 * the skeleton, not the words "Loading comments…", so it works in every language.
 */
export async function settled(el: ThreadlineComments): Promise<void> {
  await vi.waitFor(() => {
    const root = el.shadowRoot;
    if (!root?.querySelector('header') || root.querySelector('.skeleton')) throw new Error('still loading');
  });
  await el.updateComplete;
}

export function shadow(el: ThreadlineComments): ShadowRoot {
  if (!el.shadowRoot) throw new Error('no shadow root');
  return el.shadowRoot;
}

export function all<T extends HTMLElement = HTMLElement>(el: ThreadlineComments, selector: string): T[] {
  return [...(el.shadowRoot?.querySelectorAll<T>(selector) ?? [])];
}

export function one<T extends HTMLElement = HTMLElement>(el: ThreadlineComments, selector: string): T {
  const found = el.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** How many comments, at any depth, are in the DOM (no array: cheap enough for a MutationObserver). */
export function items(el: ThreadlineComments): number {
  return el.shadowRoot?.querySelectorAll('li[data-comment]').length ?? 0;
}

/** The author names of the comments `scope` selects (the top-level ones by default), in DOM order. */
export function authors(el: ThreadlineComments, scope = 'ol.list > li'): string[] {
  return all(el, `${scope} > article .author`).map((node) => node.textContent?.trim() ?? '');
}

/** The list item of the comment (at any depth) written by `name`. */
export function commentByAuthor(el: ThreadlineComments, name: string): HTMLElement {
  const item = all(el, 'li[data-comment]').find(
    (li) => li.querySelector(':scope > article .author')?.textContent?.trim() === name,
  );
  if (!item) throw new Error(`no comment by ${name}`);
  return item;
}

/**
 * The button in `scope` a reader knows as `name`: by its visible text, or by an accessible name that
 * starts with it ("Reply to Ana", "Upvote Ana's comment").
 */
export function button(scope: ParentNode, name: string): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find(
    (b) => b.textContent?.trim() === name || (b.getAttribute('aria-label') ?? '').startsWith(name),
  );
  if (!found) throw new Error(`no button named ${name}`);
  return found;
}

/** A button of the comment `item` itself, not of its replies. */
export function ownButton(item: HTMLElement, name: string): HTMLButtonElement {
  return button(item.querySelector(':scope > article') as HTMLElement, name);
}

/** Puts `text` into a field the way a paste does: the value replaced, with input events. */
export async function typeInto(field: HTMLElement, text: string): Promise<void> {
  await userEvent.fill(field, text);
}

/**
 * Writes a top-level comment and presses Post comment. With `name`, types it into the guest name field
 * first (there until the reader's first post; absent, it throws).
 */
export async function postTopLevel(el: ThreadlineComments, body: string, name?: string): Promise<void> {
  await typeInto(one(el, 'form[data-form="root"] textarea'), body);
  if (name !== undefined) await typeInto(one(el, 'form[data-form="root"] input[name="authorName"]'), name);
  await userEvent.click(button(one(el, 'form[data-form="root"]'), 'Post comment'));
}

/** `base`, with every comment of every page it lists changed by `change`. */
export function reshaping(base: Adapter, change: (comment: Comment) => Comment): Adapter {
  return {
    ...base,
    listComments: async (query) => {
      const page = await base.listComments(query);
      return { ...page, comments: page.comments.map(change) };
    },
  };
}
