/**
 * What a broken or hostile custom adapter can do to the widget: malformed comments and pages, huge
 * strings, a reply chain thousands deep, garbage live events. The widget degrades the one comment (or
 * shows the plain failure), never blanks the thread or throws into the page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Adapter, Comment, ThreadEvent } from '../../src/adapters/adapter';
import { createMemoryAdapter } from '../../src/adapters/memory';
import { all, mountWidget } from './harness';

const THREAD = 'hostile';

function comment(id: string, parentId: string | null, extra: Partial<Record<keyof Comment, unknown>> = {}) {
  return {
    id,
    thread: THREAD,
    parentId,
    author: { id: `a-${id}`, name: `Author ${id}` },
    body: `Body ${id}`,
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    score: 0,
    myVote: 0,
    replyCount: 0,
    status: 'published',
    pinned: false,
    ...extra,
  };
}

/** A working memory adapter whose listComments answers with `page` instead. */
function answering(page: unknown, subscribe?: Adapter['subscribe']): Adapter {
  const base = createMemoryAdapter();
  const adapter: Adapter = { ...base, listComments: async () => page as never };
  if (subscribe) adapter.subscribe = subscribe;
  else delete adapter.subscribe;
  return adapter;
}

const mount = (adapter: Adapter) => mountWidget(THREAD, adapter);

let errors: unknown[];
const onError = (event: ErrorEvent | PromiseRejectionEvent) =>
  errors.push('reason' in event ? event.reason : event.error);
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  localStorage.clear();
  errors = [];
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onError);
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  removeEventListener('error', onError);
  removeEventListener('unhandledrejection', onError);
  warn.mockRestore();
  document.body.replaceChildren();
});

const warned = () => warn.mock.calls.flat().join(' ');

describe('<threadline-comments> with a hostile adapter', () => {
  it('mends a comment with author null, drops a null one, and renders the rest', async () => {
    const el = await mount(
      answering({
        comments: [null, comment('a', null, { author: null }), 7, comment('b', null), { id: '' }],
        nextCursor: null,
      }),
    );
    const names = all(el, 'li[data-comment] .author').map((n) => n.textContent);
    expect(names.sort()).toEqual(['Author b', 'Unknown']);
    expect(warned()).toContain('THREADLINE_BAD_ADAPTER_RESULT');
    expect(errors).toEqual([]);
  });

  it('shows a page that is not a page as a failure in plain words, not a blank widget', async () => {
    const el = await mount(answering(null));
    const alert = await vi.waitFor(() => {
      const found = all(el, 'p.status[role="alert"]')[0];
      if (!found) throw new Error('no alert yet');
      return found;
    });
    expect(alert.textContent).toContain('Something went wrong on the comment server');
    expect(all(el, 'button[data-action="retry"]')).toHaveLength(1);
    expect(warned()).toContain('THREADLINE_BAD_ADAPTER_RESULT');
    expect(errors).toEqual([]);
  });

  it('cuts huge strings to the contract limits before they reach the DOM', async () => {
    const huge = 'x'.repeat(1_000_000);
    const el = await mount(
      answering({
        comments: [
          comment('big', null, {
            author: {
              id: 'h',
              name: huge,
              avatar: `https://example.com/${huge}`,
              url: `https://example.com/${huge}`,
            },
            body: 'y'.repeat(5_000_000),
            content: [{ type: 'paragraph', children: [{ type: 'text', text: 'y'.repeat(5_000_000) }] }],
          }),
        ],
        nextCursor: null,
      }),
    );
    const [name] = all(el, '.author');
    expect(name?.textContent?.length).toBeLessThanOrEqual(80);
    const [body] = all(el, '.body');
    expect(body?.textContent?.length).toBeLessThanOrEqual(10_000);
    expect(body?.textContent?.endsWith('…')).toBe(true);
    expect(all(el, '.avatar img')).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it('renders a reply chain 3,000 deep without overflowing the stack', async () => {
    const chain = [comment('c0', null, { replyCount: 1 })];
    for (let i = 1; i < 3000; i += 1)
      chain.push(comment(`c${i}`, `c${i - 1}`, { replyCount: i < 2999 ? 1 : 0 }));
    const el = await mount(answering({ comments: chain, nextCursor: null }));
    await vi.waitFor(() => expect(all(el, 'li[data-comment]')).toHaveLength(3000));
    // Past max-depth (4) every reply sits in one flat list at the last level, saying whom it answers.
    const deepest = all(el, 'li[data-comment="c2999"]')[0];
    expect(deepest?.querySelector('.meta')?.textContent).toContain('replying to Author c2998');
    let nesting = 0;
    for (let node = deepest?.parentElement; node; node = node.parentElement)
      if (node.localName === 'ol') nesting += 1;
    expect(nesting).toBeLessThanOrEqual(6);
    expect(errors).toEqual([]);
  });

  it('ignores malformed live events with a warning and applies the good ones', async () => {
    let listener: ((event: ThreadEvent) => void) | null = null;
    const el = await mount(
      answering({ comments: [comment('a', null)], nextCursor: null }, (_thread, l) => {
        listener = l;
        return () => {};
      }),
    );
    await vi.waitFor(() => expect(listener).not.toBeNull());
    const send = listener as unknown as (event: unknown) => void;
    send(null);
    send({ type: 'comment-created', comment: null });
    send({ type: 'vote-changed', id: 'a', score: 'lots' });
    send({ type: 'nonsense' });
    send({ type: 'vote-changed', id: 'a', score: 9 });
    await vi.waitFor(() => expect(all(el, '.score')[0]?.textContent).toBe('9'));
    expect(warned()).toContain('THREADLINE_BAD_ADAPTER_RESULT');
    expect(errors).toEqual([]);
  });
});
