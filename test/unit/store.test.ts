import { describe, expect, it, vi } from 'vitest';
import type { Comment, ListQuery, Sort } from '../../src/adapters/adapter';
import { ForbiddenError, NetworkError, RateLimitedError, ServerError } from '../../src/adapters/errors';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory';
import type { SeedComment, SeedThread } from '../../src/contract/seed';
import { createThreadStore } from '../../src/store';
import type { CommentNode, ThreadStore, ThreadStoreOptions } from '../../src/store/types';
import { MemoryStorage } from './memory-storage';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

function clock() {
  let t = T0;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

const c = (key: string, minutesAgo: number, score = 0, parentKey: string | null = null): SeedComment => ({
  key,
  parentKey,
  authorName: `Author ${key}`,
  body: key,
  minutesAgo,
  score,
});

const seed: SeedThread = {
  thread: 't',
  title: 'An article',
  comments: [
    c('a', 60, 5),
    c('b', 50, 1),
    c('c', 40, 9),
    c('a1', 55, 0, 'a'),
    c('a2', 54, 0, 'a'),
    c('a3', 53, 0, 'a'),
    c('a1x', 52, 0, 'a1'),
    c('a1xy', 51, 0, 'a1x'),
  ],
};

/** A top-level comment of thread t as a backend sends it, made at `time` (epoch ms). */
const topLevel = (id: string, body: string, time: number, score = 0): Comment => ({
  id,
  thread: 't',
  parentId: null,
  author: { id: 'x', name: 'X' },
  body,
  createdAt: new Date(time).toISOString(),
  score,
  myVote: 0,
  replyCount: 0,
  status: 'published',
  pinned: false,
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(options: Partial<ThreadStoreOptions> & { adapter?: MemoryAdapter } = {}) {
  const time = clock();
  const adapter = options.adapter ?? createMemoryAdapter({ seed: [seed], now: time.now });
  const storage = new MemoryStorage();
  const store = createThreadStore({ thread: 't', storage, now: time.now, ...options, adapter });
  return { time, adapter, storage, store };
}

const bodies = (nodes: CommentNode[]) => nodes.map((n) => n.comment.body);

function find(nodes: CommentNode[], body: string): CommentNode | undefined {
  for (const node of nodes) {
    if (node.comment.body === body) return node;
    const inner = find(node.children, body);
    if (inner) return inner;
  }
  return undefined;
}

function findById(store: ThreadStore, id: string) {
  const walk = (nodes: CommentNode[]): CommentNode | undefined => {
    for (const node of nodes) {
      if (node.comment.id === id) return node;
      const inner = walk(node.children);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(store.$view.get().roots);
}

describe('createThreadStore', () => {
  describe('loading', () => {
    it('loads thread info, viewer and the first page in the chosen sort', async () => {
      const { store } = setup({ sort: 'top' });
      const loading = store.load();
      expect(store.$view.get().status).toBe('pending');
      await loading;
      const view = store.$view.get();
      expect(view.status).toBe('ready');
      expect(view.sort).toBe('top');
      expect(bodies(view.roots)).toEqual(['c', 'a', 'b']);
      expect(view.total).toBe(8);
      expect(view.info).toMatchObject({ id: 't', title: 'An article', editWindowSeconds: 900 });
      expect(view.viewer).toBeNull();
      expect(view.hasMore).toBe(false);
    });

    it('keeps pinned comments first: a new post goes below them, not above', async () => {
      const time = clock();
      const pinnedSeed: SeedThread = {
        thread: 't',
        comments: [{ ...c('note', 90), pinned: true }, c('a', 60), c('b', 30)],
      };
      const adapter = createMemoryAdapter({ seed: [pinnedSeed], now: time.now });
      const { store } = setup({ adapter });
      await store.load();
      expect(bodies(store.$view.get().roots)).toEqual(['note', 'b', 'a']);
      await store.post({ parentId: null, body: 'fresh', authorName: 'Pat' });
      expect(bodies(store.$view.get().roots)).toEqual(['note', 'fresh', 'b', 'a']);
    });

    it('does no I/O until $view is first read or subscribed', async () => {
      const { store, adapter } = setup();
      const spy = vi.spyOn(adapter, 'listComments');
      await flush();
      expect(spy).not.toHaveBeenCalled();
      expect(['idle', 'pending']).toContain(store.$view.get().status);
      expect(spy).toHaveBeenCalledTimes(1);
      store.dispose();
    });

    it('loads on the first subscriber of $view and reports an error status when the backend fails', async () => {
      const { store, adapter } = setup();
      adapter.failNext(new ServerError('boom'), 'listComments');
      const unsubscribe = store.$view.listen(() => {});
      await flush();
      expect(store.$view.get().status).toBe('error');
      expect(store.$view.get().error).toBeInstanceOf(ServerError);
      await store.load();
      expect(store.$view.get().status).toBe('ready');
      unsubscribe();
      store.dispose();
    });

    it('takes a first page of over 500 comments in over several tasks, a small one at once', async () => {
      for (const [count, later, steps] of [
        [3000, true, 3],
        [600, true, 1],
        [8, false, 1],
      ] as const) {
        const base = createMemoryAdapter({ seed: [seed] });
        // A backend that answers with the whole thread at once; notes, when it answers, whether a task
        // has passed since.
        const comments = Array.from({ length: count }, (_, i) =>
          topLevel(`k${i}`, `k${i}`, Date.UTC(2026, 0, 1) - i * 60_000),
        );
        let taskPassed = false;
        const adapter: MemoryAdapter = {
          ...base,
          async listComments() {
            setTimeout(() => {
              taskPassed = true;
            });
            // More to come, so that another sort is asked of the backend, not done by the store.
            return { comments, nextCursor: 'more' };
          },
        };
        const { store } = setup({ adapter, pageSize: 100 });
        let readyAfterTask: boolean | null = null;
        const shown: number[] = [];
        store.$view.listen((view) => {
          if (view.status !== 'ready') return;
          if (readyAfterTask === null) readyAfterTask = taskPassed;
          if (shown.at(-1) !== view.roots.length) shown.push(view.roots.length);
        });
        await store.load();
        expect(readyAfterTask).toBe(later);
        // In place step by step, about a thousand comments each, in the page's order.
        expect(shown).toHaveLength(steps);
        expect(shown.at(-1)).toBe(count);
        expect(store.$view.get().roots.map((node) => node.comment.id)).toEqual(comments.map((c) => c.id));
        if (count < 3000) continue;
        // The backend's answer to another sort (the same comments) replaces the shown list in one step,
        // so its DOM is moved rather than removed and made again.
        shown.length = 0;
        await store.setSort('oldest');
        expect(shown).toEqual([count]);
        expect(store.$view.get().sort).toBe('oldest');
      }
    });

    it('shares one request when load is called again while loading', async () => {
      const { store, adapter } = setup();
      const spy = vi.spyOn(adapter, 'listComments');
      await Promise.all([store.load(), store.load()]);
      expect(spy).toHaveBeenCalledTimes(1);
    });

    it('pages top-level comments with loadMore until there are no more', async () => {
      const { store } = setup({ pageSize: 2, sort: 'oldest' });
      await store.load();
      expect(bodies(store.$view.get().roots)).toEqual(['a', 'b']);
      expect(store.$view.get().hasMore).toBe(true);
      await store.loadMore();
      expect(bodies(store.$view.get().roots)).toEqual(['a', 'b', 'c']);
      expect(store.$view.get().hasMore).toBe(false);
      await store.loadMore(); // nothing more: no change, no error
      expect(bodies(store.$view.get().roots)).toEqual(['a', 'b', 'c']);
    });

    it('builds the reply tree oldest first, caps depth with replyingTo and counts replies not loaded', async () => {
      const { store } = setup({ sort: 'oldest', replyLimit: 2, maxDepth: 1 });
      await store.load();
      const a = find(store.$view.get().roots, 'a') as CommentNode;
      expect(bodies(a.children)).toEqual(['a1', 'a2']);
      expect(a.moreReplies).toBe(1);
      const a1 = a.children[0] as CommentNode;
      expect(a1.depth).toBe(1);
      expect(a1.replyingTo).toBeUndefined();
      // Past max-depth every later reply sits in one flat list under the last indented level, in
      // conversation order, saying whom it answers.
      const [a1x, a1xx] = a1.children as CommentNode[];
      expect(a1x?.depth).toBe(1); // capped
      expect(a1x?.replyingTo).toBe('Author a1');
      expect(a1x?.children).toEqual([]);
      expect(a1xx).toMatchObject({ depth: 1, replyingTo: 'Author a1x' });

      await store.loadReplies(a.comment.id);
      const loaded = find(store.$view.get().roots, 'a') as CommentNode;
      expect(bodies(loaded.children)).toEqual(['a1', 'a2', 'a3']);
      expect(loaded.moreReplies).toBe(0);
      expect(loaded.loadingReplies).toBe(false);
    });

    it('viewAll loads every remaining page and every missing reply', async () => {
      const { store } = setup({ pageSize: 1, replyLimit: 0 });
      await store.load();
      expect(store.$view.get().roots).toHaveLength(1);
      await store.viewAll();
      const view = store.$view.get();
      expect(view.hasMore).toBe(false);
      expect(bodies(view.roots)).toEqual(['c', 'b', 'a']);
      const all: CommentNode[] = [];
      const walk = (nodes: CommentNode[]) => {
        for (const n of nodes) {
          all.push(n);
          walk(n.children);
        }
      };
      walk(view.roots);
      expect(all).toHaveLength(8);
      expect(all.every((n) => n.moreReplies === 0)).toBe(true);
    });
  });

  describe('sorting', () => {
    it('reloads from the first page on a new sort while some are not loaded, and remembers the choice', async () => {
      const { store, storage } = setup({ pageSize: 2 });
      await store.load();
      await store.setSort('top');
      expect(bodies(store.$view.get().roots)).toEqual(['c', 'a']);
      expect(store.$view.get().hasMore).toBe(true);
      expect(storage.getItem('threadline:sort:t')).toBe('top');
    });

    it("restores a reader's stored sort over the site's default, and uses the default otherwise", async () => {
      const storage = new MemoryStorage();
      const adapter = createMemoryAdapter({ seed: [seed] });
      const siteDefault = createThreadStore({ adapter, thread: 't', storage, sort: 'oldest' });
      expect(siteDefault.$view.get().sort).toBe('oldest');
      await siteDefault.setSort('top');
      const later = createThreadStore({ adapter, thread: 't', storage, sort: 'oldest' });
      expect(later.$view.get().sort).toBe('top');
      const otherThread = createThreadStore({ adapter, thread: 'u', storage, sort: 'oldest' });
      expect(otherThread.$view.get().sort).toBe('oldest');
      storage.setItem('threadline:sort:t', 'random<script>');
      expect(createThreadStore({ adapter, thread: 't', storage }).$view.get().sort).toBe('newest');
    });

    it('keeps the loaded copy of every comment a new sort brings back unchanged, and with it its node', async () => {
      const { store, adapter } = setup({ sort: 'oldest', pageSize: 2 });
      await store.load();
      const before = store.$view.get().roots;
      const a = find(before, 'a') as CommentNode;
      // The backend's copy of a changes behind the store's back (as another reader's vote would).
      await adapter.vote({ thread: 't', id: a.comment.id, value: 1 });
      await store.setSort('top');
      const after = store.$view.get().roots;
      expect(bodies(after)).toEqual(['c', 'a']);
      // The memory backend answers with new objects, as JSON would be: equal ones are not taken.
      for (const body of ['a1', 'a1x', 'a1xy', 'a2', 'a3'])
        expect(find(after, body)).toBe(find(before, body));
      expect(find(after, 'a')).not.toBe(a);
      expect(find(after, 'a')?.comment.score).toBe(a.comment.score + 1);
    });

    it('sorts a list with every top-level comment loaded itself, as the backend would, with no request', async () => {
      const comments = [
        c('old', 90, 4),
        c('tied', 70, 4),
        c('low', 60, 1),
        c('best', 80, 7),
        c('pin old', 100, 0),
        c('pin new', 30, 1),
        c('hot', 50, 9),
        c('hot reply', 45, 0, 'hot'),
        c('best reply 1', 75, 0, 'best'),
        c('best reply 2', 74, 0, 'best'),
      ].map((x) => (x.key.startsWith('pin') ? { ...x, pinned: true } : x));
      const adapter = createMemoryAdapter({ seed: [{ thread: 'u', comments }] });
      const listed = async (sort: Sort) => {
        const page = await adapter.listComments({
          thread: 'u',
          sort,
          cursor: null,
          limit: 50,
          replyLimit: 0,
        });
        return page.comments.filter((x) => x.parentId === null);
      };
      // A moderator deletes the best-scored comment: it stays for its reply, and counts 0 from now on.
      const hot = (await listed('top')).find((x) => x.body === 'hot')?.id as string;
      await adapter
        .asViewer({ id: 'mod', name: 'Mod', role: 'moderator' })
        .deleteComment({ thread: 'u', id: hot });
      const store = createThreadStore({ adapter, thread: 'u', storage: null, replyLimit: 1, sort: 'oldest' });
      await store.load();
      await store.loadReplies(find(store.$view.get().roots, 'best')?.comment.id as string);
      const list = vi.spyOn(adapter, 'listComments');

      const orders: Partial<Record<Sort, string[]>> = {};
      for (const sort of ['top', 'newest', 'oldest'] as const) {
        await store.setSort(sort);
        expect(list).not.toHaveBeenCalled();
        orders[sort] = store.$view.get().roots.map((n) => n.comment.id);
        // Replies the reader opened stay open.
        expect(bodies(find(store.$view.get().roots, 'best')?.children ?? [])).toEqual([
          'best reply 1',
          'best reply 2',
        ]);
      }
      list.mockRestore();
      for (const sort of ['top', 'newest', 'oldest'] as const)
        expect(orders[sort]).toEqual((await listed(sort)).map((x) => x.id));
      const byId = new Map(store.$view.get().roots.map((n) => [n.comment.id, n.comment.body]));
      expect(orders.top?.map((x) => byId.get(x))).toEqual([
        'pin new',
        'pin old',
        'best',
        'tied',
        'old',
        'low',
        '',
      ]);
    });

    describe('a long list it has whole', () => {
      const count = 1000;
      // Newest first, as loaded; every seventh one voted up, so each sort is a real re-order.
      const comments = Array.from({ length: count }, (_, i) =>
        topLevel(`k${String(count - i).padStart(4, '0')}`, `k${i}`, T0 - i * 60_000, i % 7 === 0 ? 3 : 0),
      );
      const loaded = comments.map((c) => c.id);
      const oldest = [...loaded].reverse();
      const top = [...comments]
        .sort((a, b) => b.score - a.score || Date.parse(b.createdAt) - Date.parse(a.createdAt))
        .map((c) => c.id);
      const ids = (store: ThreadStore) => store.$view.get().roots.map((n) => n.comment.id);

      async function loadAll() {
        const base = createMemoryAdapter({ seed: [seed] });
        const adapter: MemoryAdapter = {
          ...base,
          listComments: async () => ({ comments, nextCursor: null }),
        };
        adapter.createComment = () => new Promise(() => {}); // never answers: a post stays unsent
        const { store } = setup({ adapter });
        await store.load();
        expect(ids(store)).toEqual(loaded);
        return store;
      }

      it('gets its new order from the top down, a step per task', async () => {
        const store = await loadAll();
        const steps: string[][] = [];
        store.$view.listen((view) => steps.push(view.roots.map((n) => n.comment.id)));
        const sorting = store.setSort('oldest');
        // In the reader's own task: the first 100 in the new order, the rest where they were.
        const first = ids(store);
        expect(first.slice(0, 100)).toEqual(oldest.slice(0, 100));
        expect(first.slice(100)).toEqual(loaded.slice(0, count - 100));
        await sorting;
        expect(ids(store)).toEqual(oldest);
        // 100, then 400 more per task.
        expect(steps.map((step) => step.findIndex((id, i) => id !== oldest[i]))).toEqual([100, 500, 900, -1]);
        await store.setSort('top');
        expect(ids(store)).toEqual(top);
      });

      it('ends the steps with the whole order when something else changes the list meanwhile', async () => {
        const store = await loadAll();
        const sorting = store.setSort('top');
        void store.post({ parentId: null, body: 'meanwhile', authorName: 'Zoe' });
        await sorting;
        // Sorted whole, and the reader's unsent comment first, where a new one goes in this order.
        expect(store.$view.get().roots[0]?.comment.body).toBe('meanwhile');
        expect(ids(store).slice(1)).toEqual(top);
      });

      it('stops the steps of a sort when a newer sort comes', async () => {
        const store = await loadAll();
        const first = store.setSort('oldest');
        await store.setSort('newest');
        await first;
        expect(ids(store)).toEqual(loaded);
      });
    });

    it('puts unsent comments where a new one goes when it sorts a loaded list itself', async () => {
      const { store, adapter } = setup();
      await store.load();
      adapter.createComment = () => new Promise(() => {}); // never answers: the post stays unsent
      void store.post({ parentId: null, body: 'unsent', authorName: 'Zoe' });
      const steps: string[][] = [];
      store.$view.listen((view) => steps.push(bodies(view.roots)));
      await store.setSort('oldest');
      // A short list in one step.
      expect(steps).toEqual([['a', 'b', 'c', 'unsent']]);
      await store.setSort('top');
      expect(bodies(store.$view.get().roots)).toEqual(['unsent', 'c', 'a', 'b']);
      expect(store.$view.get().roots[0]?.sending).toBe(true);
    });

    it('aborts a superseded sort load and shows only the latest sort', async () => {
      const time = clock();
      const adapter = createMemoryAdapter({ seed: [seed], now: time.now, latencyMs: 20 });
      const signals: AbortSignal[] = [];
      const list = adapter.listComments.bind(adapter);
      adapter.listComments = (query: ListQuery) => {
        if (query.signal) signals.push(query.signal);
        return list(query);
      };
      const { store } = setup({ adapter, pageSize: 2 });
      await store.load();
      const first = store.setSort('oldest');
      const second = store.setSort('top');
      await Promise.all([first, second]);
      expect(signals).toHaveLength(3);
      expect(signals[1]?.aborted).toBe(true);
      expect(signals[2]?.aborted).toBe(false);
      expect(store.$view.get()).toMatchObject({ sort: 'top', status: 'ready', error: null });
      expect(bodies(store.$view.get().roots)).toEqual(['c', 'a']);
    });

    it('keeps two stores over one adapter independent', async () => {
      const adapter = createMemoryAdapter({ seed: [seed] });
      const one = createThreadStore({ adapter, thread: 't', storage: null, sort: 'oldest' });
      const two = createThreadStore({ adapter, thread: 't', storage: null, sort: 'newest' });
      await Promise.all([one.load(), two.load()]);
      await one.setSort('top');
      expect(two.$view.get().sort).toBe('newest');
      expect(bodies(two.$view.get().roots)).toEqual(['c', 'b', 'a']);
      const a = find(one.$view.get().roots, 'a') as CommentNode;
      await one.vote(a.comment.id, 1);
      expect(find(one.$view.get().roots, 'a')?.comment.myVote).toBe(1);
      expect(find(two.$view.get().roots, 'a')?.comment.myVote).toBe(0);
      one.dispose();
      expect(bodies(two.$view.get().roots)).toEqual(['c', 'b', 'a']);
    });
  });

  describe('posting', () => {
    it('shows a post at once as sending, then replaces it with the stored comment', async () => {
      const { store, storage } = setup();
      await store.load();
      const posting = store.post({ parentId: null, body: 'Hello there', authorName: '  Zoe ' });
      const optimistic = store.$view.get();
      expect(optimistic.roots[0]).toMatchObject({
        sending: true,
        canEdit: false,
        comment: { body: 'Hello there' },
      });
      expect(optimistic.roots[0]?.comment.author.name).toBe('Zoe');
      expect(optimistic.total).toBe(9);
      const stored = await posting;
      expect(stored).toMatchObject({ body: 'Hello there', author: { name: 'Zoe' } });
      const view = store.$view.get();
      expect(view.roots[0]).toMatchObject({ sending: false, canEdit: true, comment: { id: stored?.id } });
      expect(view.roots.filter((n) => n.comment.body === 'Hello there')).toHaveLength(1);
      expect(view.total).toBe(9);
      expect(view.viewer).toMatchObject({ name: 'Zoe', role: 'guest' });
      expect(store.$notice.get()).toMatchObject({ kind: 'info', text: 'Your comment was posted.' });
      expect(store.$guestName.get()).toBe('Zoe');
      expect(storage.getItem('threadline:name')).toBe('Zoe');
    });

    it('knows the new guest from the stored comment, with no second request', async () => {
      const adapter = createMemoryAdapter({ seed: [seed] });
      const { store } = setup({ adapter });
      await store.load();
      const getViewer = vi.spyOn(adapter, 'getViewer');
      const stored = await store.post({ parentId: null, body: 'First words', authorName: 'Zoe' });
      expect(getViewer).not.toHaveBeenCalled();
      expect(store.$view.get().viewer).toEqual({ id: stored?.author.id, name: 'Zoe', role: 'guest' });
    });

    it('asks the backend who the viewer is when the stored comment’s author has no role', async () => {
      const adapter = createMemoryAdapter({ seed: [seed] });
      const createComment = adapter.createComment.bind(adapter);
      adapter.createComment = async (input) => {
        const comment = await createComment(input);
        const { role: _role, ...author } = comment.author;
        return { ...comment, author };
      };
      const { store } = setup({ adapter });
      await store.load();
      const getViewer = vi.spyOn(adapter, 'getViewer');
      await store.post({ parentId: null, body: 'First words', authorName: 'Zoe' });
      expect(getViewer).toHaveBeenCalledTimes(1);
      expect(store.$view.get().viewer).toMatchObject({ name: 'Zoe', role: 'guest' });
    });

    it('remembers the guest name across stores', () => {
      const storage = new MemoryStorage();
      storage.setItem('threadline:name', 'Remembered');
      const store = createThreadStore({ adapter: createMemoryAdapter(), thread: 't', storage });
      expect(store.$guestName.get()).toBe('Remembered');
    });

    it('adds a reply under its parent and counts it', async () => {
      const { store } = setup({ sort: 'oldest', replyLimit: 3 });
      await store.load();
      const b = find(store.$view.get().roots, 'b') as CommentNode;
      const reply = await store.post({ parentId: b.comment.id, body: 'a reply', authorName: 'Zoe' });
      const after = find(store.$view.get().roots, 'b') as CommentNode;
      expect(after.comment.replyCount).toBe(1);
      expect(after.children.map((n) => n.comment.id)).toEqual([reply?.id]);
      expect(after.moreReplies).toBe(0);
    });

    it('removes a refused post, says why in plain words, and returns null', async () => {
      const { store, adapter } = setup();
      await store.load();
      adapter.failNext(new RateLimitedError('429', { retryAfter: 20 }), 'createComment');
      const result = await store.post({ parentId: null, body: 'too fast', authorName: 'Zoe' });
      expect(result).toBeNull();
      expect(bodies(store.$view.get().roots)).toEqual(['c', 'b', 'a']);
      expect(store.$view.get().total).toBe(8);
      expect(store.$notice.get()).toMatchObject({
        kind: 'error',
        text: 'You are posting too fast — try again in 20 s',
      });
      expect(store.$guestName.get()).toBe('');
    });

    it("explains network failures (simulated) and the backend's validation messages", async () => {
      const { store, adapter } = setup();
      await store.load();
      adapter.failNext(new NetworkError('fetch failed'));
      // A post that cannot be sent is kept and retried (see outbox.test.ts), and the reader is told so.
      expect(await store.post({ parentId: null, body: 'offline', authorName: 'Zoe' })).toBeNull();
      expect(store.$notice.get()?.text).toBe(
        "Can't reach the comment server. Your comment is saved on this device and will be sent when the connection is back.",
      );
      const nameless = await store.post({ parentId: null, body: 'who am I' });
      expect(nameless).toBeNull();
      expect(store.$notice.get()?.text).toBe('Please enter a name.');
    });

    it('refuses an empty post before sending it, and numbers every notice', async () => {
      const { store, adapter } = setup();
      await store.load();
      const spy = vi.spyOn(adapter, 'createComment');
      expect(await store.post({ parentId: null, body: '   ', authorName: 'Zoe' })).toBeNull();
      const first = store.$notice.get();
      expect(await store.post({ parentId: null, body: '', authorName: 'Zoe' })).toBeNull();
      const second = store.$notice.get();
      expect(spy).not.toHaveBeenCalled();
      expect(first?.text).toBe('Please write a comment first.');
      expect(second?.text).toBe(first?.text);
      expect((second?.seq ?? 0) > (first?.seq ?? 0)).toBe(true);
      store.dismissNotice();
      expect(store.$notice.get()).toBeNull();
    });
  });

  describe('votes, edits and deletes', () => {
    it('changes score and myVote at once and keeps what the backend confirms', async () => {
      const { store } = setup();
      await store.load();
      const c1 = find(store.$view.get().roots, 'c') as CommentNode;
      const voting = store.vote(c1.comment.id, 1);
      expect(findById(store, c1.comment.id)?.comment).toMatchObject({ score: 10, myVote: 1 });
      expect(await voting).toBe(true);
      await store.vote(c1.comment.id, -1);
      expect(findById(store, c1.comment.id)?.comment).toMatchObject({ score: 8, myVote: -1 });
      await store.vote(c1.comment.id, 0);
      expect(findById(store, c1.comment.id)?.comment).toMatchObject({ score: 9, myVote: 0 });
    });

    it('keeps every node off the changed path: a vote makes new nodes only from the root to that comment', async () => {
      const { store } = setup();
      await store.load();
      const before = store.$view.get().roots;
      const deep = find(before, 'a1x') as CommentNode;
      await store.vote(deep.comment.id, 1);
      const after = store.$view.get().roots;
      expect(after).not.toBe(before);
      // Untouched: other roots, siblings on the way down, and the voted comment's own replies.
      for (const body of ['b', 'c', 'a2', 'a3', 'a1xy']) expect(find(after, body)).toBe(find(before, body));
      // Made anew: the voted comment and every ancestor of it.
      for (const body of ['a', 'a1', 'a1x']) expect(find(after, body)).not.toBe(find(before, body));
      expect(find(after, 'a1x')?.comment.score).toBe(1);
      // Nothing changed: the same roots array, so a render compares nothing.
      store.dismissNotice();
      await store.vote('no-such-id', 1);
      expect(store.$view.get().roots).toBe(after);
    });

    it('rolls a refused vote back and says why', async () => {
      const { store, adapter } = setup();
      await store.load();
      const c1 = find(store.$view.get().roots, 'c') as CommentNode;
      adapter.failNext(new NetworkError('offline'), 'vote');
      expect(await store.vote(c1.comment.id, -1)).toBe(false);
      expect(findById(store, c1.comment.id)?.comment).toMatchObject({ score: 9, myVote: 0 });
      expect(store.$notice.get()?.kind).toBe('error');
    });

    it('allows editing own comments within the window, then not, by the fake clock', async () => {
      const { store, time } = setup();
      await store.load();
      const mine = await store.post({ parentId: null, body: 'v1', authorName: 'Zoe' });
      const id = mine?.id ?? '';
      expect(findById(store, id)?.canEdit).toBe(true);
      expect(find(store.$view.get().roots, 'c')?.canEdit).toBe(false);
      const editing = store.edit(id, 'v2');
      expect(findById(store, id)?.comment.body).toBe('v2');
      expect(await editing).toBe(true);
      expect(findById(store, id)?.comment.editedAt).toBeDefined();

      time.advance(900_000);
      await store.load(); // any change re-evaluates canEdit; the mounted store also ticks
      expect(findById(store, id)?.canEdit).toBe(false);
      expect(await store.edit(id, 'v3')).toBe(false);
      expect(findById(store, id)?.comment.body).toBe('v2');
      expect(store.$notice.get()?.text).toBe('The edit window for this comment has closed.');
    });

    it('rolls a refused edit back', async () => {
      const { store, adapter } = setup();
      await store.load();
      const mine = await store.post({ parentId: null, body: 'original', authorName: 'Zoe' });
      adapter.failNext(new ForbiddenError('nope', { reason: 'edit_window_closed' }), 'editComment');
      expect(await store.edit(mine?.id ?? '', 'changed')).toBe(false);
      const node = findById(store, mine?.id ?? '');
      expect(node?.comment.body).toBe('original');
      expect(node?.comment.editedAt).toBeUndefined();
    });

    it('gives a moderator edit rights on every comment', async () => {
      const time = clock();
      const adapter = createMemoryAdapter({
        seed: [seed],
        now: time.now,
        viewer: { id: 'm', name: 'Mo', role: 'moderator' },
      });
      const { store } = setup({ adapter });
      await store.load();
      expect(store.$view.get().roots.every((n) => n.canEdit)).toBe(true);
    });

    it('removes a comment without replies at once, and restores it in place when refused', async () => {
      const { store, adapter } = setup();
      await store.load();
      await store.post({ parentId: null, body: 'first', authorName: 'Zoe' });
      const mine = await store.post({ parentId: null, body: 'second', authorName: 'Zoe' });
      const id = mine?.id ?? '';
      expect(bodies(store.$view.get().roots).slice(0, 2)).toEqual(['second', 'first']);

      adapter.failNext(new ServerError('boom'), 'deleteComment');
      const removing = store.remove(id);
      expect(findById(store, id)).toBeUndefined();
      expect(store.$view.get().total).toBe(9);
      expect(await removing).toBe(false);
      expect(bodies(store.$view.get().roots).slice(0, 2)).toEqual(['second', 'first']);
      expect(store.$view.get().total).toBe(10);

      expect(await store.remove(id)).toBe(true);
      expect(findById(store, id)).toBeUndefined();
      expect(store.$view.get().total).toBe(9);
    });

    it('turns a comment with replies into a tombstone, and drops it with its last reply', async () => {
      const { store } = setup();
      await store.load();
      const parent = await store.post({ parentId: null, body: 'parent', authorName: 'Zoe' });
      const reply = await store.post({ parentId: parent?.id ?? null, body: 'reply', authorName: 'Zoe' });
      expect(await store.remove(parent?.id ?? '')).toBe(true);
      expect(findById(store, parent?.id ?? '')?.comment).toMatchObject({
        status: 'deleted',
        body: '',
        author: { name: '[deleted]' },
      });
      expect(findById(store, parent?.id ?? '')?.canEdit).toBe(false);
      expect(await store.remove(reply?.id ?? '')).toBe(true);
      expect(findById(store, parent?.id ?? '')).toBeUndefined();
      expect(store.$view.get().total).toBe(8);
    });
  });

  describe('hostile input', () => {
    it('refuses actions on unknown or hostile ids and bad vote values without touching state', async () => {
      const { store, adapter } = setup();
      await store.load();
      const before = store.$view.get();
      const spy = vi.spyOn(adapter, 'vote');
      for (const id of ['__proto__', 'constructor', '../../etc', "' OR 1=1 --", '']) {
        expect(await store.vote(id, 1)).toBe(false);
        expect(await store.edit(id, 'x')).toBe(false);
        expect(await store.remove(id)).toBe(false);
        await store.loadReplies(id);
      }
      const c1 = find(before.roots, 'c') as CommentNode;
      for (const value of [2, -5, '1', null, Number.NaN]) {
        expect(await store.vote(c1.comment.id, value as never)).toBe(false);
      }
      expect(spy).not.toHaveBeenCalled();
      expect(store.$view.get()).toBe(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('reports a reply to an unknown parent in plain words', async () => {
      const { store } = setup();
      await store.load();
      expect(await store.post({ parentId: "' OR 1=1 --", body: 'hi', authorName: 'Zoe' })).toBeNull();
      expect(store.$notice.get()?.text).toBe('That comment no longer exists.');
      expect(store.$view.get().total).toBe(8);
    });
  });

  describe('live events', () => {
    it('applies comments, votes, edits and deletes from other readers while mounted', async () => {
      const { store, adapter } = setup({ sort: 'newest', replyLimit: 5 });
      const other = adapter.asViewer({ id: 'bob', name: 'Bob' });
      const unsubscribe = store.$view.listen(() => {});
      await store.load();
      const c1 = find(store.$view.get().roots, 'c') as CommentNode;

      const top = await other.createComment({
        thread: 't',
        parentId: null,
        body: 'live',
        idempotencyKey: 'k1',
      });
      const reply = await other.createComment({
        thread: 't',
        parentId: c1.comment.id,
        body: 'live reply',
        idempotencyKey: 'k2',
      });
      await other.vote({ thread: 't', id: c1.comment.id, value: 1 });
      await flush();
      // A new top-level comment waits behind "1 new comment" (see store-live.test.ts).
      expect(store.$view.get().incoming).toBe(1);
      store.showNew();
      let view = store.$view.get();
      expect(bodies(view.roots)[0]).toBe('live');
      expect(find(view.roots, 'c')?.children.map((n) => n.comment.id)).toEqual([reply.id]);
      expect(find(view.roots, 'c')?.comment).toMatchObject({ score: 10, replyCount: 1 });
      expect(view.total).toBe(10);

      await other.editComment({ thread: 't', id: top.id, body: 'live, edited' });
      await other.deleteComment({ thread: 't', id: reply.id });
      await flush();
      view = store.$view.get();
      expect(bodies(view.roots)[0]).toBe('live, edited');
      expect(find(view.roots, 'c')?.children).toEqual([]);
      expect(view.total).toBe(9);

      unsubscribe();
      store.dispose();
      await other.createComment({ thread: 't', parentId: null, body: 'after dispose', idempotencyKey: 'k3' });
      await flush();
      expect(bodies(store.$view.get().roots)).not.toContain('after dispose');
    });

    it('ignores a new reply whose parent is not loaded, but counts it', async () => {
      const { store, adapter } = setup({ pageSize: 1, sort: 'newest', replyLimit: 0 });
      const other = adapter.asViewer({ id: 'bob', name: 'Bob' });
      const unsubscribe = store.$view.listen(() => {});
      await store.load();
      const all = await adapter.listComments({
        thread: 't',
        sort: 'oldest',
        cursor: null,
        limit: 1,
        replyLimit: 0,
      });
      const a = all.comments[0];
      await other.createComment({
        thread: 't',
        parentId: a?.id ?? null,
        body: 'hidden',
        idempotencyKey: 'k',
      });
      await flush();
      expect(bodies(store.$view.get().roots)).toEqual(['c']);
      expect(store.$view.get().total).toBe(9);
      unsubscribe();
      store.dispose();
    });
  });
});
