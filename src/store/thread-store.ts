/**
 * One store per mounted thread. Holds the normalised comments, derives the render tree, and runs the
 * reader's actions against the adapter with optimistic updates that roll back on failure.
 */
import { atom, computed, onMount } from 'nanostores';
import {
  type Comment,
  LIMITS,
  type ListQuery,
  SORTS,
  type Sort,
  type ThreadEvent,
  type VoteValue,
} from '../adapters/adapter';
import { type AdapterError, NetworkError, toAdapterError, ValidationError } from '../adapters/errors';
import { randomId } from '../adapters/ids';
import { onTick } from '../controllers/ticker';
import { createDrafts, draftKeyFor } from './drafts';
import { describeError, NOT_SENT_TEXT, POSTED_TEXT, RESTORED_TEXT, WAIT_FOR_PARENT_TEXT } from './notices';
import { createOutbox, retryDelay as defaultRetryDelay, type OutboxEntry } from './outbox';
import {
  buildView,
  bumpReplyCount,
  draftOf,
  type Entry,
  initialState,
  linkChild,
  mergePage,
  type StoreState,
  setComment,
  tombstoneOf,
  unlinkChild,
} from './state';
import type { Notice, PostInput, PostOutcome, ThreadStore, ThreadStoreOptions } from './types';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const DEFAULT_PAGE_SIZE = 20;
export const DEFAULT_MAX_DEPTH = 4;
export const DEFAULT_REPLY_LIMIT = 3;
/** Where the reader's guest name is remembered (one for all threads). */
export const NAME_KEY = 'threadline:name';
/** Where the reader's sort choice is remembered, one key per thread. */
export const sortKey = (thread: string) => `threadline:sort:${thread}`;

/** Page size used by viewAll. */
const VIEW_ALL_PAGE = LIMITS.pageMax;
/**
 * A post attempt that has not settled by then is treated as a network failure (and retried). A backstop
 * for adapters without their own timeout: the rest adapter gives up well before (3 tries of 10 s).
 */
const SEND_TIMEOUT_MS = 60_000;
const DRAFT_DELAY_MS = 400;

/** The placeholder id of an unacknowledged post: derived from its idempotency key. */
const tempIdOf = (key: string) => `pending:${key}`;

/**
 * Errors after which an unsent post is kept and retried. Network and server failures always; a rate
 * limit only for a post already waiting in the outbox (on a fresh post the reader is told to wait and
 * keeps the text, as before).
 */
function isRetryable(error: AdapterError, fresh: boolean): boolean {
  if (error.code === 'network' || error.code === 'server') return true;
  return error.code === 'rate_limited' && !fresh;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return promise;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new NetworkError('The comment service did not answer in time.', { reason: 'timeout' })),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Root order of each sort, as the backends list it: negative when `a` comes first. */
function compareRoots(sort: Sort, a: Comment, b: Comment): number {
  const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  const byTime = Date.parse(a.createdAt) - Date.parse(b.createdAt) || byId;
  if (sort === 'oldest') return byTime;
  if (sort === 'top') return b.score - a.score || -byTime;
  return -byTime;
}

function defaultConnectivity(): ThreadStoreOptions['connectivity'] {
  const target = globalThis as Partial<EventTarget>;
  return typeof target.addEventListener === 'function' && typeof target.removeEventListener === 'function'
    ? (target as EventTarget)
    : null;
}

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

function isSort(value: unknown): value is Sort {
  return SORTS.includes(value as Sort);
}

function resolveStorage(storage: StorageLike | null | undefined): StorageLike | null {
  if (storage !== undefined) return storage;
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // sandboxed iframes and blocked storage throw on access
  }
}

function read(storage: StorageLike | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: StorageLike | null, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Full or blocked storage: the choice is simply not remembered.
  }
}

export function createThreadStore(options: ThreadStoreOptions): ThreadStore {
  const { adapter, thread } = options;
  const pageSize = clampInt(options.pageSize, 1, LIMITS.pageMax, DEFAULT_PAGE_SIZE);
  const maxDepth = clampInt(options.maxDepth, 0, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_DEPTH);
  const replyLimit = clampInt(options.replyLimit, 0, LIMITS.replyLimitMax, DEFAULT_REPLY_LIMIT);
  const now = options.now ?? Date.now;
  const storage = resolveStorage(options.storage);
  const live = options.live !== false;
  const keptStorage = options.outboxStorage === undefined ? storage : options.outboxStorage;
  const outbox = createOutbox(keptStorage, thread);
  const drafts = createDrafts(keptStorage, thread, options.draftDelayMs ?? DRAFT_DELAY_MS);
  const retryDelay = options.retryDelay ?? defaultRetryDelay;
  const sendTimeoutMs = options.sendTimeoutMs ?? SEND_TIMEOUT_MS;
  const connectivity = options.connectivity === undefined ? defaultConnectivity() : options.connectivity;

  // The sort rule: the element passes `sort` only when the site set the attribute, so options.sort is
  // the site's default. A reader's own stored choice for this thread wins over it; with neither, newest.
  const storedSort = read(storage, sortKey(thread));
  const initialSort: Sort = isSort(storedSort) ? storedSort : isSort(options.sort) ? options.sort : 'newest';

  const $state = atom<StoreState>(initialState(initialSort));
  const $tick = atom(0);
  const $notice = atom<Notice | null>(null);
  const $guestName = atom<string>(read(storage, NAME_KEY) ?? '');
  const $view = computed([$state, $tick], (state) => buildView(state, { maxDepth, now: now() }));

  let disposed = false;
  let noticeSeq = 0;
  /** The in-flight top-level list request (first page, next page): a new sort aborts it. */
  let listController: AbortController | null = null;
  let loading: Promise<void> | null = null;
  /** Aborted on dispose: reply loads and everything else. */
  const lifetime = new AbortController();
  let unmount: (() => void) | null = null;
  /** Last vote state the backend confirmed, per comment, to roll back to. */
  const confirmedVotes = new Map<string, { score: number; myVote: VoteValue }>();
  /** Latest operation per comment and kind, so an older request settling late does not undo a newer one. */
  const latestOp = new Map<string, number>();
  /** Comments this reader deleted: a backend that echoes the deletion must not count it twice. */
  const ownDeletes = new Set<string>();
  let opSeq = 0;

  const update = (change: (draft: StoreState) => void) => {
    if (disposed) return;
    const draft = draftOf($state.get());
    change(draft);
    $state.set(draft);
  };

  const notify = (kind: Notice['kind'], text: string) => {
    if (disposed) return;
    noticeSeq += 1;
    $notice.set({ kind, text, seq: noticeSeq });
  };

  const fail = (error: unknown) => notify('error', describeError(toAdapterError(error)));

  const beginOp = (key: string) => {
    opSeq += 1;
    latestOp.set(key, opSeq);
    return opSeq;
  };
  const isLatest = (key: string, op: number) => latestOp.get(key) === op;

  // ---- live updates -------------------------------------------------------------------------------

  let unsubscribe: (() => void) | undefined;
  let resubscribeTimer: ReturnType<typeof setTimeout> | undefined;
  let subscribeFailures = 0;

  /**
   * Subscribes to the adapter's events (when `live`). Reconnecting a dropped stream with backoff is the
   * adapter's job; a subscribe call that throws is tried again here, with the same backoff as posts.
   */
  function connect(): void {
    resubscribeTimer = undefined;
    if (!live || disposed || !unmount || !adapter.subscribe) return;
    try {
      unsubscribe = adapter.subscribe(thread, applyEvent);
      subscribeFailures = 0;
    } catch {
      unsubscribe = undefined; // no live updates for now; everything else still works
      subscribeFailures += 1;
      resubscribeTimer = setTimeout(connect, retryDelay(subscribeFailures));
    }
  }

  onMount($view, () => {
    if (disposed) return;
    if ($state.get().status === 'idle') void load();
    // canEdit is re-evaluated on the page's one shared tick (no timer per store), so Edit disappears
    // when the window closes.
    const stopTicking = onTick(() => $tick.set($tick.get() + 1));
    unmount = () => {
      unsubscribe?.();
      unsubscribe = undefined;
      clearTimeout(resubscribeTimer);
      stopTicking();
      unmount = null;
    };
    connect();
    return () => unmount?.();
  });

  /**
   * Every change pushed by the backend goes through here. Nothing moves what the reader is reading:
   * a new top-level comment is held back (`incoming`, the "N new comments" button) until `showNew`; a
   * reply to a loaded comment goes in place under its parent (below it, in conversation order; the
   * browser's scroll anchoring keeps the reader's position when that is above the viewport); votes,
   * edits and deletions apply in place. An event for a comment the store already has changes nothing.
   */
  function applyEvent(event: ThreadEvent): void {
    if (disposed) return;
    switch (event.type) {
      case 'comment-created': {
        const comment = event.comment;
        if (comment.thread !== thread || isOwnEcho(comment)) return;
        update((d) => {
          if (d.entries.has(comment.id)) return;
          if (comment.status === 'published') d.total += 1;
          if (comment.parentId === null) {
            // Only comments that belong among the loaded ones are held back; the rest arrive with paging.
            if (rootIndex(d, comment) === d.roots.length && d.cursor !== null) return;
            setComment(d, comment);
            d.incoming.unshift(comment.id);
          } else if (d.entries.has(comment.parentId)) {
            setComment(d, comment);
            linkChild(d, comment.parentId, comment.id);
            bumpReplyCount(d, comment.parentId, 1);
          }
        });
        return;
      }
      case 'comment-edited': {
        const comment = event.comment;
        update((d) => {
          const entry = d.entries.get(comment.id);
          if (!entry || entry.sending) return;
          // The event cannot know this reader's vote.
          setComment(d, { ...comment, myVote: entry.comment.myVote });
        });
        return;
      }
      case 'comment-deleted': {
        const comment = event.comment;
        update((d) => {
          const entry = d.entries.get(comment.id);
          if (!entry) {
            // The echo of this reader's own deletion was counted already.
            if (!ownDeletes.delete(comment.id)) d.total = Math.max(0, d.total - 1);
            return;
          }
          deleteLocally(d, comment.id, comment);
        });
        return;
      }
      case 'vote-changed': {
        // While this reader's own vote is in flight, the event's score lacks it: keep it on top.
        const pending = confirmedVotes.get(event.id);
        if (pending) pending.score = event.score;
        update((d) => {
          const entry = d.entries.get(event.id);
          if (!entry || entry.comment.status === 'deleted') return;
          const score = pending ? event.score - pending.myVote + entry.comment.myVote : event.score;
          setComment(d, { ...entry.comment, score });
        });
        return;
      }
    }
  }

  /**
   * An event for a post of this reader still in flight (a backend that echoes the author's own writes):
   * the post's answer places it, so it is not announced as new.
   */
  function isOwnEcho(comment: Comment): boolean {
    const viewerId = $state.get().viewer?.id;
    if (viewerId && comment.author.id !== viewerId) return false;
    for (const e of $state.get().entries.values()) {
      if (e.sending && e.comment.parentId === comment.parentId && e.comment.body === comment.body)
        return true;
    }
    return false;
  }

  /** Where a top-level comment belongs among the loaded ones, in the current sort. */
  function rootIndex(d: StoreState, comment: Comment): number {
    const index = d.roots.findIndex((id) => {
      const other = d.entries.get(id)?.comment;
      return other !== undefined && compareRoots(d.sort, comment, other) < 0;
    });
    return index === -1 ? d.roots.length : index;
  }

  /** Inserts the held-back new comments where they belong (at the top for newest). */
  function showNew(): void {
    update((d) => {
      const ids = d.incoming.filter((id) => d.entries.has(id) && !d.roots.includes(id));
      d.incoming = [];
      for (const id of ids.reverse()) {
        const comment = d.entries.get(id)?.comment;
        if (comment) d.roots.splice(rootIndex(d, comment), 0, id);
      }
    });
  }

  /** Where a new top-level comment goes: first for newest and most voted (so its author sees it), last for oldest. */
  function placeRoot(d: StoreState, id: string): void {
    if (d.roots.includes(id)) return;
    if (d.sort === 'oldest') d.roots.push(id);
    else d.roots.unshift(id);
  }

  /**
   * Applies a deletion: a comment with replies becomes a tombstone, one without is dropped, and so are
   * tombstones it was the last reply of. Returns the undo steps, applied in reverse to roll back.
   */
  function deleteLocally(d: StoreState, id: string, tombstone?: Comment): Array<(d: StoreState) => void> {
    const undo: Array<(d: StoreState) => void> = [];
    const entry = d.entries.get(id);
    if (!entry) return undo;
    if (entry.comment.status === 'published') {
      d.total = Math.max(0, d.total - 1);
      undo.push((u) => {
        u.total += 1;
      });
    }
    const replyCount = tombstone ? tombstone.replyCount : entry.comment.replyCount;
    if (replyCount > 0) {
      setComment(d, tombstone ?? tombstoneOf(entry.comment));
      undo.push((u) => {
        if (u.entries.has(id)) u.entries.set(id, entry);
      });
      return undo;
    }
    let current: string | null = id;
    while (current !== null) {
      const removed = d.entries.get(current);
      if (!removed) break;
      const removedId: string = current;
      const parentId = removed.comment.parentId;
      d.entries.delete(removedId);
      if (parentId === null) {
        const index = d.roots.indexOf(removedId);
        if (index !== -1) d.roots.splice(index, 1);
        d.incoming = d.incoming.filter((x) => x !== removedId);
        undo.push((u) => {
          u.entries.set(removedId, removed);
          if (!u.roots.includes(removedId))
            u.roots.splice(Math.min(Math.max(index, 0), u.roots.length), 0, removedId);
        });
        break;
      }
      unlinkChild(d, parentId, removedId);
      bumpReplyCount(d, parentId, -1);
      undo.push((u) => {
        u.entries.set(removedId, removed);
        linkChild(u, parentId, removedId);
        bumpReplyCount(u, parentId, 1);
      });
      const parent = d.entries.get(parentId);
      current =
        parent && parent.comment.status === 'deleted' && parent.comment.replyCount === 0 ? parentId : null;
    }
    return undo;
  }

  function rollback(undo: Array<(d: StoreState) => void>): void {
    update((d) => {
      for (let i = undo.length - 1; i >= 0; i -= 1) undo[i]?.(d);
    });
  }

  // ---- loading ------------------------------------------------------------------------------------

  function listQuery(sort: Sort, cursor: string | null, limit: number, signal: AbortSignal): ListQuery {
    return { thread, sort, cursor, limit, replyLimit, signal };
  }

  /**
   * Replaces the loaded comments with a first page, keeping unsent comments (their post settles
   * later) where they still have a place. Returns how many were kept.
   */
  function resetList(d: StoreState, comments: readonly Comment[], cursor: string | null): number {
    const sending = [...d.entries.values()].filter((e) => e.sending);
    d.entries = new Map();
    d.children = new Map();
    d.roots = [];
    d.incoming = []; // a fresh first page has them
    mergePage(d, comments);
    d.cursor = cursor;
    let kept = 0;
    for (const e of sending) {
      const { id, parentId } = e.comment;
      if (parentId === null) {
        d.entries.set(id, e);
        placeRoot(d, id);
      } else if (d.entries.has(parentId)) {
        d.entries.set(id, e);
        linkChild(d, parentId, id);
        bumpReplyCount(d, parentId, 1);
      } else continue;
      kept += 1;
    }
    return kept;
  }

  function isAborted(signal: AbortSignal): boolean {
    return signal.aborted || disposed;
  }

  function load(): Promise<void> {
    if (disposed) return Promise.resolve();
    if (loading) return loading;
    listController?.abort();
    const controller = new AbortController();
    listController = controller;
    const { signal } = controller;
    update((d) => {
      d.status = 'pending';
      d.error = null;
    });
    const sort = $state.get().sort;
    const run = async () => {
      try {
        const [info, viewer, page] = await Promise.all([
          adapter.getThread(thread, signal),
          adapter.getViewer().catch(() => null),
          adapter.listComments(listQuery(sort, null, pageSize, signal)),
        ]);
        if (isAborted(signal)) return;
        update((d) => {
          d.total = info.commentCount + resetList(d, page.comments, page.nextCursor);
          d.info = info;
          d.viewer = viewer;
          d.status = 'ready';
          d.loadingMore = false;
        });
        confirmedVotes.clear();
      } catch (error) {
        if (isAborted(signal)) return;
        update((d) => {
          d.status = 'error';
          d.error = toAdapterError(error);
        });
      }
      // Posts a previous page view could not send: shown as pending and sent again.
      if (outbox.list().length > 0) void retryUnsent();
    };
    const promise = run().finally(() => {
      if (loading === promise) loading = null;
    });
    loading = promise;
    return promise;
  }

  async function setSort(sort: Sort): Promise<void> {
    if (disposed || !isSort(sort)) return;
    write(storage, sortKey(thread), sort);
    const state = $state.get();
    if (state.sort === sort && (state.status === 'ready' || state.status === 'pending')) return;
    if (state.info === null) {
      // Nothing shown yet: a full load with the new sort.
      loading = null;
      update((d) => {
        d.sort = sort;
      });
      return load();
    }
    loading = null;
    listController?.abort();
    const controller = new AbortController();
    listController = controller;
    const { signal } = controller;
    update((d) => {
      d.sort = sort;
      d.status = 'pending';
      d.error = null;
      d.loadingMore = false;
    });
    try {
      const page = await adapter.listComments(listQuery(sort, null, pageSize, signal));
      if (isAborted(signal)) return;
      update((d) => {
        resetList(d, page.comments, page.nextCursor);
        d.status = 'ready';
      });
      confirmedVotes.clear();
    } catch (error) {
      if (isAborted(signal)) return;
      update((d) => {
        d.status = 'error';
        d.error = toAdapterError(error);
      });
    }
  }

  /** Loads the next top-level page; resolves true when it worked. */
  async function loadPage(limit: number): Promise<boolean> {
    const state = $state.get();
    if (disposed || state.status !== 'ready' || state.cursor === null || state.loadingMore) return false;
    const controller = new AbortController();
    listController = controller;
    const { signal } = controller;
    const sort = state.sort;
    update((d) => {
      d.loadingMore = true;
    });
    try {
      const page = await adapter.listComments(listQuery(sort, state.cursor, limit, signal));
      if (isAborted(signal)) return false;
      update((d) => {
        mergePage(d, page.comments);
        d.cursor = page.nextCursor;
        d.loadingMore = false;
      });
      return true;
    } catch (error) {
      if (isAborted(signal)) return false;
      update((d) => {
        d.loadingMore = false;
      });
      fail(error);
      return false;
    }
  }

  async function loadMore(): Promise<void> {
    await loadPage(pageSize);
  }

  /** Loads every remaining direct reply of `parentId` (with their own first replies). */
  async function loadReplies(parentId: string): Promise<void> {
    const entry = $state.get().entries.get(parentId);
    if (disposed || !entry || entry.loadingReplies || entry.sending) return;
    update((d) => {
      const e = d.entries.get(parentId);
      if (e) d.entries.set(parentId, { ...e, loadingReplies: true });
    });
    try {
      let cursor: string | null = null;
      do {
        const page = await adapter.listReplies({
          thread,
          parentId,
          cursor,
          limit: LIMITS.pageMax,
          replyLimit,
          signal: lifetime.signal,
        });
        if (disposed) return;
        update((d) => mergePage(d, page.comments));
        cursor = page.nextCursor;
      } while (cursor !== null);
    } catch (error) {
      if (!disposed) fail(error);
    } finally {
      update((d) => {
        const e = d.entries.get(parentId);
        if (e) d.entries.set(parentId, { ...e, loadingReplies: false });
      });
    }
  }

  async function viewAll(): Promise<void> {
    if (disposed) return;
    if ($state.get().status !== 'ready') await load();
    while ($state.get().cursor !== null && !disposed) {
      if (!(await loadPage(VIEW_ALL_PAGE))) break;
    }
    // Missing replies, level by level, until nothing is missing or nothing more can be loaded.
    const tried = new Set<string>();
    for (;;) {
      const { entries, children } = $state.get();
      const missing = [...entries.values()]
        .filter((e) => !e.sending && e.comment.replyCount > (children.get(e.comment.id)?.length ?? 0))
        .map((e) => e.comment.id)
        .filter((id) => !tried.has(id));
      if (missing.length === 0 || disposed) return;
      for (const id of missing) tried.add(id);
      await Promise.all(missing.map((id) => loadReplies(id)));
    }
  }

  // ---- writing ------------------------------------------------------------------------------------

  /** The checks every adapter makes, done first so an obviously bad post never flickers in. */
  function precheck(body: string): AdapterError | null {
    if (typeof body !== 'string' || body.trim() === '') {
      return new ValidationError('Please write a comment first.', {
        fields: { body: 'Please write a comment first.' },
      });
    }
    if (body.length > LIMITS.bodyMaxLength) {
      const text = `A comment can be at most ${LIMITS.bodyMaxLength.toLocaleString('en-US')} characters.`;
      return new ValidationError(text, { fields: { body: text } });
    }
    return null;
  }

  /** The optimistic comment shown for a post until the backend acknowledges it. */
  function placeholderOf(entry: OutboxEntry): Comment {
    const viewer = $state.get().viewer;
    const authorName = entry.authorName ?? '';
    return {
      id: tempIdOf(entry.key),
      thread,
      parentId: entry.parentId,
      author: viewer
        ? {
            id: viewer.id,
            name: viewer.role === 'guest' && authorName ? authorName : viewer.name,
            role: viewer.role,
          }
        : { id: '', name: authorName || $guestName.get() },
      body: entry.body,
      createdAt: entry.createdAt,
      score: 0,
      myVote: 0,
      replyCount: 0,
      status: 'published',
      pinned: false,
    };
  }

  function insertPlaceholder(d: StoreState, entry: OutboxEntry, pending: boolean): void {
    const comment = placeholderOf(entry);
    if (d.entries.has(comment.id)) return;
    const item: Entry = { comment, sending: true, loadingReplies: false };
    if (pending) item.pending = true;
    d.entries.set(comment.id, item);
    d.total += 1;
    if (entry.parentId === null) placeRoot(d, comment.id);
    else if (d.entries.has(entry.parentId)) {
      linkChild(d, entry.parentId, comment.id);
      bumpReplyCount(d, entry.parentId, 1);
    }
  }

  /** Takes a placeholder out again, with the counts it added. */
  function removePlaceholder(d: StoreState, tempId: string): void {
    const entry = d.entries.get(tempId);
    if (!entry) return;
    d.entries.delete(tempId);
    d.total = Math.max(0, d.total - 1);
    const parentId = entry.comment.parentId;
    if (parentId === null) d.roots = d.roots.filter((id) => id !== tempId);
    else if (d.children.get(parentId)?.includes(tempId)) {
      unlinkChild(d, parentId, tempId);
      bumpReplyCount(d, parentId, -1);
    }
  }

  function setPending(tempId: string, pending: boolean): void {
    update((d) => {
      const e = d.entries.get(tempId);
      if (!e || (e.pending === true) === pending) return;
      const next: Entry = { comment: e.comment, sending: e.sending, loadingReplies: e.loadingReplies };
      if (pending) next.pending = true;
      d.entries.set(tempId, next);
    });
  }

  /** Replaces a placeholder with the stored comment, in the placeholder's place. */
  function acknowledge(tempId: string, stored: Comment): void {
    update((d) => {
      const hadPlaceholder = d.entries.has(tempId);
      const index = d.roots.indexOf(tempId);
      if (d.entries.has(stored.id)) {
        // Already here (a page or a live event brought it first): drop the placeholder and its counts.
        removePlaceholder(d, tempId);
        setComment(d, stored);
        if (stored.parentId === null && !d.roots.includes(stored.id)) {
          d.incoming = d.incoming.filter((id) => id !== stored.id);
          d.roots.splice(Math.max(0, Math.min(index, d.roots.length)), 0, stored.id);
        }
        return;
      }
      d.entries.delete(tempId);
      d.entries.set(stored.id, { comment: stored, sending: false, loadingReplies: false });
      if (index !== -1) d.roots[index] = stored.id;
      else if (stored.parentId === null) placeRoot(d, stored.id);
      if (!hadPlaceholder) d.total += 1;
      if (stored.parentId !== null) {
        const linked = d.children.get(stored.parentId)?.includes(tempId) === true;
        unlinkChild(d, stored.parentId, tempId);
        if (d.entries.has(stored.parentId)) {
          linkChild(d, stored.parentId, stored.id);
          if (!linked) bumpReplyCount(d, stored.parentId, 1);
        }
      }
    });
  }

  /** After a queued post was finally refused: its text goes back into a composer, so nothing is lost. */
  function restoreText(entry: OutboxEntry): void {
    const parent = entry.parentId === null ? undefined : $state.get().entries.get(entry.parentId);
    const key = parent && parent.comment.status !== 'deleted' ? draftKeyFor(entry.parentId) : 'root';
    const existing = drafts.get(key);
    drafts.set(key, existing.trim() && existing !== entry.body ? `${existing}\n\n${entry.body}` : entry.body);
    drafts.flush();
    update((d) => {
      d.draftVersions = { ...d.draftVersions, [key]: (d.draftVersions[key] ?? 0) + 1 };
    });
  }

  const inFlight = new Set<string>();
  const failures = new Map<string, number>();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryAt = Number.POSITIVE_INFINITY;

  function scheduleRetry(ms: number): void {
    if (disposed) return;
    const at = Date.now() + ms;
    if (retryTimer !== undefined && retryAt <= at) return;
    clearTimeout(retryTimer);
    retryAt = at;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      retryAt = Number.POSITIVE_INFINITY;
      void retryUnsent();
    }, ms);
    (retryTimer as { unref?: () => void }).unref?.();
  }

  /**
   * One attempt to send an outbox entry. Acknowledged: out of the outbox, the placeholder becomes the
   * stored comment. Network or server failure (or no answer in time): kept, marked pending, retried
   * with backoff. Any other refusal is final: out of the outbox, the placeholder goes, and a post that
   * had been waiting gets its text back in a composer.
   */
  async function attempt(entry: OutboxEntry, fresh: boolean): Promise<PostOutcome> {
    const tempId = tempIdOf(entry.key);
    inFlight.add(entry.key);
    const request = adapter.createComment({
      thread,
      parentId: entry.parentId,
      body: entry.body,
      ...(entry.authorName ? { authorName: entry.authorName } : {}),
      idempotencyKey: entry.key,
    });
    // After a timeout the store stops waiting (a retry may run beside the slow request: the key makes
    // the backend store it once), but a late answer still counts.
    let waiting = true;
    request.then(
      (late) => {
        if (!waiting && !disposed && outbox.get(entry.key)) void delivered(entry, late);
      },
      () => {},
    );
    let stored: Comment;
    try {
      stored = await withTimeout(request, sendTimeoutMs);
    } catch (caught) {
      waiting = false;
      inFlight.delete(entry.key);
      const error = toAdapterError(caught);
      // Disposed (page left, widget removed): the entry stays in the outbox for the next load.
      if (disposed) return { status: 'queued', key: entry.key };
      if (isRetryable(error, fresh)) {
        const count = (failures.get(entry.key) ?? 0) + 1;
        failures.set(entry.key, count);
        setPending(tempId, true);
        scheduleRetry(Math.max(retryDelay(count), (error.retryAfter ?? 0) * 1000));
        if (fresh) notify('error', NOT_SENT_TEXT);
        return { status: 'queued', key: entry.key };
      }
      outbox.remove(entry.key);
      failures.delete(entry.key);
      update((d) => removePlaceholder(d, tempId));
      if (fresh) fail(error);
      else {
        restoreText(entry);
        notify('error', `${describeError(error)} ${RESTORED_TEXT}`);
      }
      return { status: 'refused' };
    }
    waiting = false;
    inFlight.delete(entry.key);
    return delivered(entry, stored);
  }

  /** The backend has the post: out of the outbox, and the placeholder becomes the stored comment. */
  async function delivered(entry: OutboxEntry, stored: Comment): Promise<PostOutcome> {
    outbox.remove(entry.key);
    failures.delete(entry.key);
    if (disposed) return { status: 'posted', comment: stored };
    acknowledge(tempIdOf(entry.key), stored);
    if (entry.authorName) rememberName(entry.authorName);
    const known = $state.get().viewer;
    if (!known || known.id !== stored.author.id || known.name !== stored.author.name) {
      const fresh = await adapter.getViewer().catch(() => null);
      if (fresh) {
        update((d) => {
          d.viewer = fresh;
        });
      }
    }
    notify('info', POSTED_TEXT);
    return { status: 'posted', comment: stored };
  }

  function rememberName(name: string): void {
    $guestName.set(name);
    write(storage, NAME_KEY, name);
  }

  /**
   * Sends the thread's unsent posts, oldest first, one at a time (so they are stored in the order they
   * were written). Stops at the first that still cannot be sent; the backoff timer tries again.
   */
  let retrying: Promise<void> | null = null;
  function retryUnsent(): Promise<void> {
    if (disposed) return Promise.resolve();
    retrying ??= (async () => {
      clearTimeout(retryTimer);
      retryTimer = undefined;
      retryAt = Number.POSITIVE_INFINITY;
      const entries = outbox.list().filter((e) => !inFlight.has(e.key));
      // Posts from an earlier page view are not on screen yet: show them, marked as not sent.
      update((d) => {
        for (const e of entries) insertPlaceholder(d, e, true);
      });
      for (const e of entries) {
        if (disposed || !outbox.get(e.key)) continue;
        const outcome = await attempt(e, false);
        if (outcome.status === 'queued') {
          for (const rest of entries) if (outbox.get(rest.key)) setPending(tempIdOf(rest.key), true);
          break;
        }
      }
    })().finally(() => {
      retrying = null;
    });
    return retrying;
  }

  const handleOnline = () => {
    void retryUnsent();
  };
  connectivity?.addEventListener('online', handleOnline);

  async function send(input: PostInput): Promise<PostOutcome> {
    if (disposed) return { status: 'refused' };
    const problem = precheck(input.body);
    if (problem) {
      fail(problem);
      return { status: 'refused' };
    }
    const parentId = input.parentId ?? null;
    if (parentId !== null && $state.get().entries.get(parentId)?.sending) {
      notify('error', WAIT_FOR_PARENT_TEXT);
      return { status: 'refused' };
    }
    const authorName = typeof input.authorName === 'string' ? input.authorName.trim() : '';
    const entry: OutboxEntry = {
      key: randomId(),
      thread,
      parentId,
      body: input.body,
      createdAt: new Date(now()).toISOString(),
    };
    if (authorName) entry.authorName = authorName;
    // Written down before it is sent: from here on a reload or a dropped connection cannot lose it.
    outbox.put(entry);
    update((d) => insertPlaceholder(d, entry, false));
    const outcome = await attempt(entry, true);
    if (outcome.status !== 'refused') drafts.clear(draftKeyFor(parentId));
    if (outcome.status === 'queued' && authorName) rememberName(authorName);
    return outcome;
  }

  async function post(input: PostInput): Promise<Comment | null> {
    const outcome = await send(input);
    return outcome.status === 'posted' ? outcome.comment : null;
  }

  function editable(id: string) {
    const entry = $state.get().entries.get(id);
    return entry && !entry.sending && entry.comment.status !== 'deleted' ? entry : null;
  }

  async function edit(id: string, body: string): Promise<boolean> {
    if (disposed) return false;
    const entry = editable(id);
    if (!entry) return false;
    const problem = precheck(body);
    if (problem) {
      fail(problem);
      return false;
    }
    const before = entry.comment;
    const op = beginOp(`edit:${id}`);
    update((d) => {
      const e = d.entries.get(id);
      if (e) setComment(d, { ...e.comment, body, editedAt: new Date(now()).toISOString() });
    });
    try {
      const saved = await adapter.editComment({ thread, id, body });
      if (isLatest(`edit:${id}`, op)) {
        update((d) => {
          const e = d.entries.get(id);
          // Keep the local vote state: a vote may be in flight.
          if (e && e.comment.status !== 'deleted') {
            setComment(d, { ...saved, score: e.comment.score, myVote: e.comment.myVote });
          }
        });
      }
      return true;
    } catch (error) {
      if (isLatest(`edit:${id}`, op)) {
        update((d) => {
          const e = d.entries.get(id);
          if (!e || e.comment.status === 'deleted') return;
          const restored: Comment = { ...e.comment, body: before.body };
          if (before.editedAt === undefined) delete restored.editedAt;
          else restored.editedAt = before.editedAt;
          setComment(d, restored);
        });
      }
      fail(error);
      return false;
    }
  }

  async function remove(id: string): Promise<boolean> {
    if (disposed) return false;
    if (!editable(id)) return false;
    let undo: Array<(d: StoreState) => void> = [];
    ownDeletes.add(id);
    update((d) => {
      undo = deleteLocally(d, id);
    });
    try {
      const tombstone = await adapter.deleteComment({ thread, id });
      update((d) => {
        const e = d.entries.get(id);
        if (e && tombstone.replyCount > 0) setComment(d, tombstone);
      });
      confirmedVotes.delete(id);
      return true;
    } catch (error) {
      ownDeletes.delete(id);
      rollback(undo);
      fail(error);
      return false;
    }
  }

  async function vote(id: string, value: VoteValue): Promise<boolean> {
    if (disposed) return false;
    if (value !== -1 && value !== 0 && value !== 1) return false;
    const entry = editable(id);
    if (!entry) return false;
    if (!confirmedVotes.has(id)) {
      confirmedVotes.set(id, { score: entry.comment.score, myVote: entry.comment.myVote });
    }
    const op = beginOp(`vote:${id}`);
    update((d) => {
      const e = d.entries.get(id);
      if (!e) return;
      setComment(d, { ...e.comment, score: e.comment.score - e.comment.myVote + value, myVote: value });
    });
    try {
      const result = await adapter.vote({ thread, id, value });
      confirmedVotes.set(id, { score: result.score, myVote: result.myVote });
      if (isLatest(`vote:${id}`, op)) {
        update((d) => {
          const e = d.entries.get(id);
          if (e) setComment(d, { ...e.comment, score: result.score, myVote: result.myVote });
        });
        confirmedVotes.delete(id);
      }
      return true;
    } catch (error) {
      if (isLatest(`vote:${id}`, op)) {
        const confirmed = confirmedVotes.get(id);
        update((d) => {
          const e = d.entries.get(id);
          if (e && confirmed) setComment(d, { ...e.comment, ...confirmed });
        });
        confirmedVotes.delete(id);
      }
      fail(error);
      return false;
    }
  }

  function dispose(): void {
    if (disposed) return;
    unmount?.();
    listController?.abort();
    lifetime.abort();
    clearTimeout(retryTimer);
    connectivity?.removeEventListener('online', handleOnline);
    drafts.flush();
    disposed = true;
  }

  return {
    thread,
    $view,
    $notice,
    $guestName,
    load,
    loadMore,
    loadReplies,
    viewAll,
    setSort,
    post,
    send,
    retryUnsent,
    showNew,
    draft: (key) => drafts.get(key),
    saveDraft: (key, text) => drafts.set(key, text),
    edit,
    remove,
    vote,
    dismissNotice: () => $notice.set(null),
    dispose,
  };
}
