import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Comment, ThreadEvent } from '../../src/adapters/adapter';
import { TooLargeError, ValidationError } from '../../src/adapters/errors';
import { createLocalAdapter } from '../../src/adapters/local';
import type { SeedThread } from '../../src/contract/seed';
import { createThreadStore } from '../../src/store';

let seq = 0;
const keys: string[] = [];
/** A fresh storage key per test, removed afterwards. */
function freshKey(): string {
  const key = `threadline:test:${Date.now()}:${++seq}`;
  keys.push(key);
  return key;
}

afterEach(() => {
  for (const key of keys.splice(0)) localStorage.removeItem(key);
  vi.restoreAllMocks();
});

const seed: SeedThread = {
  thread: 't',
  comments: [
    { key: 'a', parentKey: null, authorName: 'Ada', body: 'seeded a', minutesAgo: 30, score: 2 },
    { key: 'b', parentKey: 'a', authorName: 'Bo', body: 'seeded b', minutesAgo: 20, score: 0 },
  ],
};

let idem = 0;
const post = (adapter: ReturnType<typeof createLocalAdapter>, body: string, parentId: string | null = null) =>
  adapter.createComment({ thread: 't', parentId, body, authorName: 'Lou', idempotencyKey: `k${++idem}` });

async function list(adapter: ReturnType<typeof createLocalAdapter>) {
  const page = await adapter.listComments({
    thread: 't',
    sort: 'oldest',
    cursor: null,
    limit: 100,
    replyLimit: 100,
  });
  return page.comments;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('createLocalAdapter (real localStorage)', () => {
  it('keeps comments and the reader’s identity across a reload', async () => {
    const key = freshKey();
    const first = createLocalAdapter({ key });
    const comment = await post(first, 'persisted');
    const viewer = await first.getViewer();

    const reloaded = createLocalAdapter({ key });
    expect((await list(reloaded)).map((c) => c.body)).toEqual(['persisted']);
    expect(await reloaded.getViewer()).toEqual(viewer);
    expect(await reloaded.editComment({ thread: 't', id: comment.id, body: 'still mine' })).toMatchObject({
      body: 'still mine',
    });
    expect(JSON.parse(localStorage.getItem(key) ?? 'null')).toMatchObject({ version: 1 });
  });

  it('applies a seed once, only while the thread has nothing stored', async () => {
    const key = freshKey();
    const adapter = createLocalAdapter({ key, seed: [seed] });
    const seeded = await list(adapter);
    expect(seeded.map((c) => c.body)).toEqual(['seeded a', 'seeded b']);
    expect(seeded[0]).toMatchObject({ score: 2, replyCount: 1 });
    await post(adapter, 'mine');

    const again = createLocalAdapter({ key, seed: [seed] });
    // Top-level comments first, then their replies.
    expect((await list(again)).map((c) => c.body)).toEqual(['seeded a', 'mine', 'seeded b']);
  });

  it('validates exactly like the memory adapter', async () => {
    const adapter = createLocalAdapter({ key: freshKey() });
    expect(await rejection(post(adapter, '   '))).toBeInstanceOf(ValidationError);
    expect(await adapter.getViewer()).toBeNull();
  });

  it('starts fresh with one coded warning when the stored JSON is corrupt', async () => {
    const key = freshKey();
    localStorage.setItem(key, '{"version":1,"threads":[{"id":"t","comments":[{"id":5}]}');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const adapter = createLocalAdapter({ key });
    expect(await list(adapter)).toEqual([]);
    expect(await list(adapter)).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^\[threadline\] .*\(THREADLINE_LOCAL_CORRUPT\)$/);
    await post(adapter, 'after corruption');
    expect((await list(createLocalAdapter({ key }))).map((c) => c.body)).toEqual(['after corruption']);
  });

  it('ignores stored state with the wrong shape, and oversized state, with a warning', async () => {
    const shapes = ['null', '[]', '"text"', '{"version":99}', '{"version":1,"clock":[0,0],"identities":"x"}'];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const raw of shapes) {
      const key = freshKey();
      localStorage.setItem(key, raw);
      expect(await list(createLocalAdapter({ key }))).toEqual([]);
    }
    const key = freshKey();
    const big = createLocalAdapter({ key });
    await post(big, 'x'.repeat(2_000));
    const small = createLocalAdapter({ key, maxStoredChars: 1_000 });
    expect(await list(small)).toEqual([]);
    expect(warn.mock.calls.some(([m]) => String(m).includes('THREADLINE_LOCAL_TOO_LARGE'))).toBe(true);
  });

  it('turns a full storage into a TooLargeError and keeps what was stored', async () => {
    const key = freshKey();
    let full = false;
    const storage = {
      getItem: (k: string) => localStorage.getItem(k),
      removeItem: (k: string) => localStorage.removeItem(k),
      setItem: (k: string, v: string) => {
        if (full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        localStorage.setItem(k, v);
      },
    };
    const adapter = createLocalAdapter({ key, storage });
    await post(adapter, 'fits');
    full = true;
    const error = await rejection(post(adapter, 'does not fit'));
    expect(error).toBeInstanceOf(TooLargeError);
    expect((error as TooLargeError).reason).toBe('storage_full');
    expect((await list(adapter)).map((c) => c.body)).toEqual(['fits']);
    full = false;
    await post(adapter, 'fits again');
    expect((await list(adapter)).map((c) => c.body)).toEqual(['fits', 'fits again']);
  });

  it('pushes changes from another tab through the storage event', async () => {
    const key = freshKey();
    const here = createLocalAdapter({ key, seed: [seed] });
    const otherTab = createLocalAdapter({ key });
    const events: ThreadEvent[] = [];
    const unsubscribe = here.subscribe('t', (event) => events.push(event));

    /** Runs a write in "the other tab" and delivers the storage event a browser would send here. */
    async function elsewhere<T>(write: () => Promise<T>): Promise<T> {
      const oldValue = localStorage.getItem(key);
      const result = await write();
      window.dispatchEvent(
        new StorageEvent('storage', {
          key,
          oldValue,
          newValue: localStorage.getItem(key),
          storageArea: localStorage,
        }),
      );
      await tick();
      return result;
    }

    const [a] = await list(here);
    const created = await elsewhere(() => post(otherTab, 'from the other tab', a?.id ?? null));
    await elsewhere(() => otherTab.vote({ thread: 't', id: a?.id ?? '', value: 1 }));
    await elsewhere(() => otherTab.editComment({ thread: 't', id: created.id, body: 'edited there' }));
    await elsewhere(() => otherTab.deleteComment({ thread: 't', id: created.id }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'unrelated', newValue: 'x' }));
    await tick();

    expect(events.map((e) => e.type)).toEqual([
      'comment-created',
      'vote-changed',
      'comment-edited',
      'comment-deleted',
    ]);
    expect((events[0] as { comment: Comment }).comment).toMatchObject({
      body: 'from the other tab',
      parentId: a?.id,
    });
    expect(events[1]).toEqual({ type: 'vote-changed', id: a?.id, score: 3 });
    expect((events[3] as { comment: Comment }).comment).toMatchObject({
      id: created.id,
      status: 'deleted',
      body: '',
    });

    unsubscribe();
    await elsewhere(() => post(otherTab, 'unheard'));
    expect(events).toHaveLength(4);
  });

  it('hears a real storage event from another document (a same-origin iframe)', async () => {
    const key = freshKey();
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const frameStorage = frame.contentWindow?.localStorage;
    if (!frameStorage) throw new Error('no iframe storage');
    const here = createLocalAdapter({ key });
    const there = createLocalAdapter({ key, storage: frameStorage });
    const received = new Promise<ThreadEvent>((resolve) => {
      here.subscribe('t', resolve);
    });
    await there.createComment({
      thread: 't',
      parentId: null,
      body: 'hello from the frame',
      authorName: 'F',
      idempotencyKey: 'f1',
    });
    const event = await received;
    expect(event).toMatchObject({ type: 'comment-created', comment: { body: 'hello from the frame' } });
    frame.remove();
  });

  it('drives a thread store that a second tab updates live', async () => {
    const key = freshKey();
    const adapter = createLocalAdapter({ key, seed: [seed] });
    const store = createThreadStore({ adapter, thread: 't', storage: null, sort: 'oldest' });
    const unsubscribe = store.$view.listen(() => {});
    await store.load();
    const oldValue = localStorage.getItem(key);
    await createLocalAdapter({ key }).createComment({
      thread: 't',
      parentId: null,
      body: 'new in tab two',
      authorName: 'Two',
      idempotencyKey: 'two',
    });
    window.dispatchEvent(
      new StorageEvent('storage', {
        key,
        oldValue,
        newValue: localStorage.getItem(key),
        storageArea: localStorage,
      }),
    );
    await tick();
    // Held back behind "1 new comment" until the reader asks (see test/unit/store-live.test.ts).
    expect(store.$view.get().incoming).toBe(1);
    store.showNew();
    expect(store.$view.get().roots.map((n) => n.comment.body)).toEqual(['seeded a', 'new in tab two']);
    expect(store.$view.get().total).toBe(3);
    unsubscribe();
    store.dispose();
  });
});
