import { describe, expect, it, vi } from 'vitest';
import type { Adapter, Comment, Sort, ThreadEvent } from '../../src/adapters/adapter';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory';
import type { SeedThread } from '../../src/contract/seed';
import { createThreadStore } from '../../src/store';
import type { CommentNode, ThreadStore, ThreadStoreOptions } from '../../src/store/types';

const seed: SeedThread = {
  thread: 't',
  comments: [
    { key: 'a', parentKey: null, authorName: 'Ana', body: 'a', minutesAgo: 60, score: 5 },
    { key: 'b', parentKey: null, authorName: 'Ben', body: 'b', minutesAgo: 50, score: -1 },
    { key: 'c', parentKey: null, authorName: 'Cleo', body: 'c', minutesAgo: 40, score: 2 },
  ],
};

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(options: Partial<ThreadStoreOptions> = {}) {
  const adapter = (options.adapter as MemoryAdapter | undefined) ?? createMemoryAdapter({ seed: [seed] });
  const store = createThreadStore({
    thread: 't',
    storage: null,
    connectivity: null,
    ...options,
    adapter,
  });
  const other = adapter.asViewer({ id: 'bob', name: 'Bob' });
  const stop = store.$view.listen(() => {}); // mounted, as the element does
  const done = () => {
    stop();
    store.dispose();
  };
  return { adapter, other, store, done };
}

let keys = 0;
function postAs(adapter: Adapter, body: string, parentId: string | null = null): Promise<Comment> {
  keys += 1;
  return adapter.createComment({ thread: 't', parentId, body, idempotencyKey: `live-${keys}` });
}

/**
 * A memory backend that, like some servers, also sends the author's own writes back as events:
 * `wrap` overrides methods and calls `emit` where the echo should happen.
 */
function echoingBackend(wrap: (base: MemoryAdapter, emit: (event: ThreadEvent) => void) => Partial<Adapter>) {
  const listeners: Array<(event: ThreadEvent) => void> = [];
  const base = createMemoryAdapter({ seed: [seed] });
  const emit = (event: ThreadEvent) => {
    for (const l of listeners) l(event);
  };
  const adapter: Adapter = {
    ...base,
    subscribe: (_thread, listener) => {
      listeners.push(listener);
      return () => {};
    },
    ...wrap(base, emit),
  };
  return { adapter: adapter as MemoryAdapter, emit };
}

const bodies = (store: ThreadStore) => store.$view.get().roots.map((n) => n.comment.body);
const node = (store: ThreadStore, body: string): CommentNode | undefined =>
  store.$view.get().roots.find((n) => n.comment.body === body);

describe('live updates in the thread store', () => {
  it('holds new top-level comments from others back, and shows them at the top when asked (newest)', async () => {
    const { store, other, done } = setup({ sort: 'newest' });
    await store.load();
    await postAs(other, 'new 1');
    await postAs(other, 'new 2');
    await postAs(other, 'new 3');
    await flush();
    expect(bodies(store)).toEqual(['c', 'b', 'a']);
    expect(store.$view.get()).toMatchObject({ incoming: 3, total: 6 });
    store.showNew();
    expect(bodies(store)).toEqual(['new 3', 'new 2', 'new 1', 'c', 'b', 'a']);
    expect(store.$view.get().incoming).toBe(0);
    done();
  });

  it.each<[Sort, string[]]>([
    ['oldest', ['a', 'b', 'c', 'new']],
    ['top', ['a', 'c', 'new', 'b']],
  ])('inserts shown comments where they belong when sorted by %s', async (sort, expected) => {
    const { store, other, done } = setup({ sort });
    await store.load();
    await postAs(other, 'new');
    await flush();
    expect(store.$view.get().incoming).toBe(1);
    store.showNew();
    expect(bodies(store)).toEqual(expected);
    done();
  });

  it('does not hold back comments that belong to pages not loaded yet: they come with paging', async () => {
    const { store, other, done } = setup({ sort: 'oldest', pageSize: 2 });
    await store.load();
    expect(bodies(store)).toEqual(['a', 'b']);
    await postAs(other, 'late');
    await flush();
    expect(store.$view.get()).toMatchObject({ incoming: 0, total: 4 });
    await store.loadMore();
    expect(bodies(store)).toEqual(['a', 'b', 'c', 'late']);
    done();
  });

  it('puts replies to loaded comments in place, applies votes and edits quietly, deletions in place', async () => {
    const { store, other, done } = setup({ sort: 'newest' });
    await store.load();
    const a = node(store, 'a')?.comment as Comment;
    const reply = await postAs(other, 'a reply', a.id);
    await other.vote({ thread: 't', id: a.id, value: 1 });
    await flush();
    expect(node(store, 'a')?.children.map((n) => n.comment.body)).toEqual(['a reply']);
    expect(node(store, 'a')?.comment).toMatchObject({ score: 6, replyCount: 1 });
    expect(store.$view.get().incoming).toBe(0);

    await other.editComment({ thread: 't', id: reply.id, body: 'a reply, edited' });
    await flush();
    expect(node(store, 'a')?.children[0]?.comment.body).toBe('a reply, edited');
    await other.deleteComment({ thread: 't', id: reply.id });
    await flush();
    expect(node(store, 'a')?.children).toEqual([]);
    expect(store.$view.get().total).toBe(3);
    done();
  });

  it('forgets a held-back comment that is deleted before it was shown', async () => {
    const { store, other, done } = setup();
    await store.load();
    const gone = await postAs(other, 'gone');
    await flush();
    expect(store.$view.get().incoming).toBe(1);
    await other.deleteComment({ thread: 't', id: gone.id });
    await flush();
    expect(store.$view.get()).toMatchObject({ incoming: 0, total: 3 });
    store.showNew();
    expect(bodies(store)).toEqual(['c', 'b', 'a']);
    done();
  });

  it('changes nothing for an event about a comment it already has (the reader’s own post echoed)', async () => {
    const { adapter, emit } = echoingBackend((base, emit) => ({
      async createComment(input) {
        const stored = await base.createComment(input);
        // This backend echoes the author's own writes, before and after the answer.
        emit({ type: 'comment-created', comment: stored });
        return stored;
      },
    }));
    const { store, done } = setup({ adapter });
    await store.load();
    const mine = await store.post({ parentId: null, body: 'mine', authorName: 'Zoe' });
    emit({ type: 'comment-created', comment: mine as Comment });
    await flush();
    expect(bodies(store)).toEqual(['mine', 'c', 'b', 'a']);
    expect(store.$view.get()).toMatchObject({ incoming: 0, total: 4 });
    done();
  });

  it('places the reader’s own post when the echo arrived first and was taken for someone else’s', async () => {
    const { adapter } = echoingBackend((base, emit) => ({
      async createComment(input) {
        const stored = await base.createComment(input);
        // The server trimmed the body, so the echo does not look like the post in flight.
        emit({ type: 'comment-created', comment: { ...stored, body: 'mine!' } });
        await flush();
        return stored;
      },
    }));
    const { store, done } = setup({ adapter });
    await store.load();
    await store.post({ parentId: null, body: 'mine', authorName: 'Zoe' });
    expect(bodies(store)).toEqual(['mine', 'c', 'b', 'a']);
    expect(store.$view.get()).toMatchObject({ incoming: 0, total: 4 });
    done();
  });

  it('counts the reader’s own deletion once when the backend echoes it', async () => {
    const { adapter } = echoingBackend((base, emit) => ({
      async deleteComment(ref) {
        const tombstone = await base.deleteComment(ref);
        emit({ type: 'comment-deleted', comment: tombstone });
        return tombstone;
      },
    }));
    const { store, done } = setup({ adapter });
    await store.load();
    const mine = await store.post({ parentId: null, body: 'mine', authorName: 'Zoe' });
    expect(store.$view.get().total).toBe(4);
    expect(await store.remove(mine?.id ?? '')).toBe(true);
    await flush();
    expect(store.$view.get().total).toBe(3);
    expect(bodies(store)).toEqual(['c', 'b', 'a']);
    done();
  });

  it('does not subscribe when live is off', async () => {
    const adapter = createMemoryAdapter({ seed: [seed] });
    const spy = vi.spyOn(adapter, 'subscribe');
    const { store, other, done } = setup({ adapter, live: false });
    await store.load();
    await postAs(other, 'unseen');
    await flush();
    expect(spy).not.toHaveBeenCalled();
    expect(store.$view.get()).toMatchObject({ incoming: 0, total: 3 });
    done();
  });

  it('subscribes again, with backoff, when subscribing fails', async () => {
    const adapter = createMemoryAdapter({ seed: [seed] });
    const subscribe = adapter.subscribe.bind(adapter);
    const spy = vi
      .spyOn(adapter, 'subscribe')
      .mockImplementationOnce(() => {
        throw new Error('simulated: stream refused');
      })
      .mockImplementation(subscribe);
    const { store, other, done } = setup({ adapter, retryDelay: () => 5 });
    await store.load();
    await vi.waitFor(() => expect(spy).toHaveBeenCalledTimes(2));
    await postAs(other, 'after reconnect');
    await flush();
    expect(store.$view.get().incoming).toBe(1);
    done();
  });

  it('stops listening when unmounted', async () => {
    const { store, other, done } = setup();
    await store.load();
    done();
    await postAs(other, 'after dispose');
    await flush();
    expect(store.$view.get().incoming).toBe(0);
  });
});
