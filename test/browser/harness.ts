/**
 * What browser tests share: mounting <threadline-comments> on the test page with an adapter, waiting
 * until its first page is shown, querying its shadow root, and adapters that change what a backend
 * answers.
 */
import { vi } from 'vitest';
import type { Adapter, Comment } from '../../src/adapters/adapter';
import '../../src/define';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';

export interface MountOptions {
  /** Attributes besides thread, locale="en" and loading="eager". */
  attributes?: Record<string, string>;
  /** Where the element goes (the body by default). */
  parent?: HTMLElement;
  /** Wait until the thread is shown, not only the skeleton (default true). */
  settle?: boolean;
}

/** Mounts the widget for `thread` on `adapter`, eager, in English. */
export async function mountWidget(
  thread: string,
  adapter: Adapter,
  { attributes = {}, parent = document.body, settle = true }: MountOptions = {},
): Promise<ThreadlineComments> {
  const el = document.createElement('threadline-comments') as ThreadlineComments;
  el.setAttribute('thread', thread);
  el.setAttribute('locale', 'en');
  el.setAttribute('loading', 'eager');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.adapter = adapter;
  parent.append(el);
  if (settle) await settled(el);
  await el.updateComplete;
  return el;
}

/** Resolves once the widget shows its thread (header and list, no skeleton) and every slice is in. */
export async function settled(el: ThreadlineComments): Promise<void> {
  await vi.waitFor(() => {
    const root = el.shadowRoot;
    if (!root?.querySelector('header') || root.querySelector('.skeleton')) throw new Error('still loading');
  });
  await el.updateComplete;
}

export function all<T extends HTMLElement = HTMLElement>(el: ThreadlineComments, selector: string): T[] {
  return [...(el.shadowRoot?.querySelectorAll<T>(selector) ?? [])];
}

export function one<T extends HTMLElement = HTMLElement>(el: ThreadlineComments, selector: string): T {
  const found = el.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
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
