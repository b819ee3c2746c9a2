import { describe, expect, it, vi } from 'vitest';
import type { Adapter, NewComment } from '../../src/adapters/adapter';
import {
  ForbiddenError,
  NetworkError,
  RateLimitedError,
  ServerError,
  ValidationError,
} from '../../src/adapters/errors';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory';
import type { SeedThread } from '../../src/contract/seed';
import { createThreadStore } from '../../src/store';
import { draftsKey } from '../../src/store/drafts';
import { createOutbox, type OutboxEntry, outboxKey, retryDelay } from '../../src/store/outbox';
import type { CommentNode, ThreadStore, ThreadStoreOptions } from '../../src/store/types';
import { MemoryStorage } from './memory-storage';

const seed: SeedThread = {
  thread: 't',
  comments: [
    { key: 'a', parentKey: null, authorName: 'Ana', body: 'a', minutesAgo: 60, score: 0 },
    { key: 'b', parentKey: null, authorName: 'Ben', body: 'b', minutesAgo: 30, score: 0 },
  ],
};

const NOT_SENT =
  "Can't reach the comment server. Your comment is saved on this device and will be sent when the connection is back.";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Never retries on its own unless a test asks: the retry delay is a day. */
const NEVER = () => 86_400_000;

function setup(options: Partial<ThreadStoreOptions> & { storage?: MemoryStorage } = {}) {
  const adapter = (options.adapter as MemoryAdapter | undefined) ?? createMemoryAdapter({ seed: [seed] });
  const storage = options.storage ?? new MemoryStorage();
  const connectivity = new EventTarget();
  const make = (extra: Partial<ThreadStoreOptions> = {}) =>
    createThreadStore({
      thread: 't',
      retryDelay: NEVER,
      connectivity,
      ...options,
      ...extra,
      adapter: extra.adapter ?? adapter,
      storage,
    });
  return { adapter, storage, connectivity, make, store: make() };
}

const bodies = (store: ThreadStore) => store.$view.get().roots.map((n) => n.comment.body);
const node = (store: ThreadStore, body: string): CommentNode | undefined =>
  store.$view.get().roots.find((n) => n.comment.body === body);

function entries(storage: MemoryStorage): OutboxEntry[] {
  return JSON.parse(storage.getItem(outboxKey('t')) ?? '[]') as OutboxEntry[];
}

/** Backend-side truth: every stored comment with this body. */
async function storedWith(adapter: Adapter, body: string) {
  const page = await adapter.listComments({
    thread: 't',
    sort: 'newest',
    cursor: null,
    limit: 100,
    replyLimit: 0,
  });
  return page.comments.filter((c) => c.body === body);
}

describe('outbox: a post is never lost', () => {
  it('writes a post to the outbox before sending it and removes it once acknowledged', async () => {
    const { store, storage, adapter } = setup();
    await store.load();
    let seen: OutboxEntry[] = [];
    const create = adapter.createComment.bind(adapter);
    vi.spyOn(adapter, 'createComment').mockImplementation((input) => {
      seen = entries(storage);
      return create(input);
    });
    const stored = await store.post({ parentId: null, body: 'hello', authorName: 'Zoe' });
    expect(seen).toEqual([
      expect.objectContaining({ thread: 't', parentId: null, body: 'hello', authorName: 'Zoe' }),
    ]);
    expect(typeof seen[0]?.key).toBe('string');
    expect(typeof seen[0]?.createdAt).toBe('string');
    expect(stored?.body).toBe('hello');
    expect(entries(storage)).toEqual([]);
  });

  it('keeps a post that hits a simulated network fault visible as pending, with the text, and says so', async () => {
    const { store, storage, adapter } = setup();
    await store.load();
    adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    const outcome = await store.send({ parentId: null, body: 'offline post', authorName: 'Zoe' });
    expect(outcome).toMatchObject({ status: 'queued' });
    const pending = node(store, 'offline post');
    expect(pending).toMatchObject({ sending: true, pending: true, canEdit: false });
    expect(pending?.comment.author.name).toBe('Zoe');
    expect(store.$view.get().total).toBe(3);
    expect(store.$notice.get()).toMatchObject({ kind: 'error', text: NOT_SENT });
    expect(entries(storage)).toEqual([expect.objectContaining({ body: 'offline post' })]);
    expect(await storedWith(adapter, 'offline post')).toHaveLength(0);
    store.dispose();
  });

  it('retries a simulated network fault by itself with backoff, reusing the idempotency key', async () => {
    const delays: number[] = [];
    const { store, storage, adapter } = setup({
      retryDelay: (n) => {
        delays.push(n);
        return 5;
      },
    });
    await store.load();
    const spy = vi.spyOn(adapter, 'createComment');
    adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    adapter.failNext(new ServerError('simulated: 503'), 'createComment');
    await store.send({ parentId: null, body: 'eventually', authorName: 'Zoe' });
    await vi.waitFor(() => expect(node(store, 'eventually')?.pending).toBe(false));
    expect(delays).toEqual([1, 2]);
    expect(spy).toHaveBeenCalledTimes(3);
    const keys = spy.mock.calls.map(([input]) => (input as NewComment).idempotencyKey);
    expect(new Set(keys).size).toBe(1);
    expect(node(store, 'eventually')).toMatchObject({ sending: false, canEdit: true });
    expect(bodies(store).filter((b) => b === 'eventually')).toHaveLength(1);
    expect(store.$view.get().total).toBe(3);
    expect(entries(storage)).toEqual([]);
    expect(await storedWith(adapter, 'eventually')).toHaveLength(1);
    expect(store.$notice.get()?.text).toBe('Your comment was posted.');
    store.dispose();
  });

  it('retries at once when the browser comes back online', async () => {
    const { store, adapter, connectivity } = setup();
    await store.load();
    adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    await store.send({ parentId: null, body: 'back online', authorName: 'Zoe' });
    expect(node(store, 'back online')?.pending).toBe(true);
    connectivity.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(node(store, 'back online')?.sending).toBe(false));
    expect(await storedWith(adapter, 'back online')).toHaveLength(1);
    store.dispose();
  });

  it('stores a retried post once when the answer was lost on the way back (simulated network fault)', async () => {
    const { store, adapter, connectivity } = setup();
    await store.load();
    const create = adapter.createComment.bind(adapter);
    const spy = vi
      .spyOn(adapter, 'createComment')
      .mockImplementationOnce(async (input) => {
        await create(input); // the server stored it ...
        throw new NetworkError('simulated: connection reset before the answer arrived');
      })
      .mockImplementation(create);
    await store.send({ parentId: null, body: 'stored once', authorName: 'Zoe' });
    expect(node(store, 'stored once')?.pending).toBe(true);
    connectivity.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(node(store, 'stored once')?.sending).toBe(false));
    expect(spy).toHaveBeenCalledTimes(2);
    expect(await storedWith(adapter, 'stored once')).toHaveLength(1);
    expect(bodies(store).filter((b) => b === 'stored once')).toHaveLength(1);
    expect(store.$view.get().total).toBe(3);
    store.dispose();
  });

  it('survives a reload: a new store shows the unsent post as pending and sends it (simulated network fault)', async () => {
    const first = setup();
    await first.store.load();
    first.adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    await first.store.send({ parentId: null, body: 'survivor', authorName: 'Zoe' });
    first.store.dispose(); // the page is reloaded

    // The backend is still unreachable on the next load: the post is shown pending, not lost.
    first.adapter.failNext(new NetworkError('simulated: still offline'), 'createComment');
    const second = first.make();
    await second.load();
    await vi.waitFor(() => expect(node(second, 'survivor')?.pending).toBe(true));
    expect(second.$view.get().total).toBe(3);
    expect(entries(first.storage)).toHaveLength(1);
    second.dispose();

    // And on the load after that it is sent, once.
    const third = first.make();
    await third.load();
    await vi.waitFor(() => expect(node(third, 'survivor')?.sending).toBe(false));
    expect(bodies(third).filter((b) => b === 'survivor')).toHaveLength(1);
    expect(third.$view.get().total).toBe(3);
    expect(entries(first.storage)).toEqual([]);
    expect(await storedWith(first.adapter, 'survivor')).toHaveLength(1);
    expect(third.$guestName.get()).toBe('Zoe');
    third.dispose();
  });

  it('sends queued replies under their parent after a reload', async () => {
    const first = setup();
    await first.store.load();
    const a = node(first.store, 'a');
    first.adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    await first.store.send({ parentId: a?.comment.id ?? null, body: 'a reply', authorName: 'Zoe' });
    expect(node(first.store, 'a')?.children[0]).toMatchObject({
      pending: true,
      comment: { body: 'a reply' },
    });
    first.store.dispose();
    const second = first.make();
    await second.load();
    await vi.waitFor(() => expect(node(second, 'a')?.children[0]?.sending).toBe(false));
    expect(node(second, 'a')?.children.map((n) => n.comment.body)).toEqual(['a reply']);
    expect(node(second, 'a')?.comment.replyCount).toBe(1);
    second.dispose();
  });

  it('drops a queued post on a final refusal and puts its text back into the composer', async () => {
    const { store, storage, adapter, connectivity } = setup();
    await store.load();
    adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    await store.send({ parentId: null, body: 'will be refused', authorName: 'Zoe' });
    store.saveDraft('root', 'typed meanwhile');
    adapter.failNext(new ForbiddenError('closed', { reason: 'thread_closed' }), 'createComment');
    connectivity.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(node(store, 'will be refused')).toBeUndefined());
    expect(entries(storage)).toEqual([]);
    expect(store.$view.get().total).toBe(2);
    expect(store.draft('root')).toBe('typed meanwhile\n\nwill be refused');
    expect(store.$view.get().draftVersions.root).toBe(1);
    expect(JSON.parse(storage.getItem(draftsKey('t')) ?? '{}')).toEqual({
      root: 'typed meanwhile\n\nwill be refused',
    });
    expect(store.$notice.get()).toMatchObject({
      kind: 'error',
      text: 'This discussion is closed. Your comment was not posted; its text is back in the comment box.',
    });
    store.dispose();
  });

  it('refuses a fresh post finally on validation, forbidden and rate-limit errors, leaving no outbox entry', async () => {
    const { store, storage, adapter } = setup();
    await store.load();
    for (const error of [
      new ValidationError('bad', { fields: { body: 'That is not allowed.' } }),
      new ForbiddenError('closed', { reason: 'thread_closed' }),
      new RateLimitedError('429', { retryAfter: 20 }),
    ]) {
      adapter.failNext(error, 'createComment');
      expect(await store.send({ parentId: null, body: 'refused', authorName: 'Zoe' })).toEqual({
        status: 'refused',
      });
      expect(entries(storage)).toEqual([]);
      expect(bodies(store)).toEqual(['b', 'a']);
    }
    store.dispose();
  });

  it('treats a post that gets no answer in time as a network fault and retries it', async () => {
    const { store, adapter, connectivity } = setup({ sendTimeoutMs: 20 });
    await store.load();
    const create = adapter.createComment.bind(adapter);
    vi.spyOn(adapter, 'createComment')
      .mockImplementationOnce(() => new Promise(() => {})) // simulated: the request hangs
      .mockImplementation(create);
    expect(await store.send({ parentId: null, body: 'slow', authorName: 'Zoe' })).toMatchObject({
      status: 'queued',
    });
    expect(node(store, 'slow')?.pending).toBe(true);
    connectivity.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(node(store, 'slow')?.sending).toBe(false));
    store.dispose();
  });

  it('still takes a late answer after the store stopped waiting for it', async () => {
    const { store, adapter, storage } = setup({ sendTimeoutMs: 20 });
    await store.load();
    const create = adapter.createComment.bind(adapter);
    vi.spyOn(adapter, 'createComment').mockImplementationOnce(async (input) => {
      await new Promise((resolve) => setTimeout(resolve, 60)); // simulated: a slow network
      return create(input);
    });
    expect(await store.send({ parentId: null, body: 'late', authorName: 'Zoe' })).toMatchObject({
      status: 'queued',
    });
    await vi.waitFor(() => expect(node(store, 'late')?.sending).toBe(false));
    expect(entries(storage)).toEqual([]);
    expect(bodies(store).filter((b) => b === 'late')).toHaveLength(1);
    expect(await storedWith(adapter, 'late')).toHaveLength(1);
    store.dispose();
  });

  it('sends several queued posts in the order they were written', async () => {
    const { store, adapter, connectivity } = setup();
    await store.load();
    adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    adapter.failNext(new NetworkError('simulated: offline'), 'createComment');
    await store.send({ parentId: null, body: 'one', authorName: 'Zoe' });
    await store.send({ parentId: null, body: 'two', authorName: 'Zoe' });
    connectivity.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(store.$view.get().roots.every((n) => !n.sending)).toBe(true));
    const page = await adapter.listComments({
      thread: 't',
      sort: 'newest',
      cursor: null,
      limit: 10,
      replyLimit: 0,
    });
    expect(page.comments.map((c) => c.body)).toEqual(['two', 'one', 'b', 'a']);
    store.dispose();
  });

  it('ignores corrupt, foreign or hostile outbox contents', () => {
    const storage = new MemoryStorage();
    const outbox = createOutbox(storage, 't');
    storage.setItem(outboxKey('t'), '{not json');
    expect(outbox.list()).toEqual([]);
    storage.setItem(
      outboxKey('t'),
      JSON.stringify([
        { key: 'k1', thread: 'other', parentId: null, body: 'x', createdAt: '2025-01-01T00:00:00Z' },
        { key: '', thread: 't', parentId: null, body: 'x', createdAt: '2025-01-01T00:00:00Z' },
        { key: 'k2', thread: 't', parentId: 5, body: 'x', createdAt: '2025-01-01T00:00:00Z' },
        { key: 'k3', thread: 't', parentId: null, body: 'x', createdAt: 'never' },
        { key: 'k4', thread: 't', parentId: null, body: 'ok', createdAt: '2025-01-01T00:00:00Z', extra: 1 },
        '__proto__',
      ]),
    );
    expect(outbox.list()).toEqual([
      { key: 'k4', thread: 't', parentId: null, body: 'ok', createdAt: '2025-01-01T00:00:00Z' },
    ]);
    expect(createOutbox(null, 't').put(outbox.list()[0] as OutboxEntry)).toBe(false);
  });

  it('backs off from 2 s doubling to a minute, with jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => retryDelay(n, () => 0.5))).toEqual([
      2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
    expect(retryDelay(1, () => 0)).toBe(1_600);
    expect(retryDelay(1, () => 1)).toBe(2_400);
  });
});

describe('drafts', () => {
  it('saves a draft (debounced) and restores it in a new store; a post clears it', async () => {
    const { store, storage, make } = setup({ draftDelayMs: 5 });
    await store.load();
    store.saveDraft('root', 'half a thought');
    store.saveDraft('reply:abc', 'a reply draft');
    expect(storage.getItem(draftsKey('t'))).toBeNull();
    await vi.waitFor(() => expect(storage.getItem(draftsKey('t'))).not.toBeNull());
    store.dispose();

    const reloaded = make({ draftDelayMs: 5 });
    expect(reloaded.draft('root')).toBe('half a thought');
    expect(reloaded.draft('reply:abc')).toBe('a reply draft');
    expect(reloaded.draft('edit:abc')).toBe('');
    await reloaded.load();
    await reloaded.post({ parentId: null, body: 'half a thought, finished', authorName: 'Zoe' });
    expect(reloaded.draft('root')).toBe('');
    expect(JSON.parse(storage.getItem(draftsKey('t')) ?? '{}')).toEqual({ 'reply:abc': 'a reply draft' });
    reloaded.dispose();
  });

  it('writes a pending draft when the store is disposed, and ignores corrupt storage', async () => {
    const storage = new MemoryStorage();
    storage.setItem(draftsKey('t'), '[1,2');
    const { store } = setup({ storage, draftDelayMs: 60_000 });
    expect(store.draft('root')).toBe('');
    store.saveDraft('root', 'typed just before leaving');
    store.saveDraft('__proto__', 'nope');
    store.dispose();
    expect(JSON.parse(storage.getItem(draftsKey('t')) ?? '{}')).toEqual({
      root: 'typed just before leaving',
    });
    await flush();
  });
});
