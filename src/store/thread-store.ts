/**
 * One store per mounted thread: holds the normalised comments, derives the render tree, and puts
 * together the parts that act on them: paging (./paging.ts), live events (./live.ts), optimistic
 * actions (./actions.ts) and posting through the outbox (./sending.ts). I/O starts when the first
 * subscriber arrives.
 */

import { atom, computed, onMount } from 'nanostores';
import { LIMITS, supports } from '../adapters/adapter';
import { toAdapterError } from '../adapters/errors';
import { ENGLISH_NOTICES } from '../i18n/notices';
import { createActions } from './actions';
import { onTick } from './clock';
import type { StoreContext } from './context';
import { createLive } from './live';
import { describeError } from './notices';
import { retryDelay as defaultRetryDelay } from './outbox';
import { createPaging, startSort } from './paging';
import { createSending } from './sending';
import { draftOf, initialState } from './state';
import { defaultStorage } from './storage';
import type { Notice, ThreadStore, ThreadStoreOptions } from './types';
import { createViewBuilder } from './view';

export const DEFAULT_PAGE_SIZE = 20;
export const DEFAULT_MAX_DEPTH = 4;
export const DEFAULT_REPLY_LIMIT = 3;

/**
 * A post attempt that has not settled by then is treated as a network failure (and retried). A backstop
 * for adapters without their own timeout: the rest adapter gives up well before (3 tries of 10 s).
 */
const SEND_TIMEOUT_MS = 60_000;
const DRAFT_DELAY_MS = 400;

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

function defaultConnectivity(): EventTarget | null {
  const target = globalThis as Partial<EventTarget>;
  return typeof target.addEventListener === 'function' && typeof target.removeEventListener === 'function'
    ? (target as EventTarget)
    : null;
}

export function createThreadStore(options: ThreadStoreOptions): ThreadStore {
  const { adapter, thread } = options;
  const maxDepth = clampInt(options.maxDepth, 0, Number.MAX_SAFE_INTEGER, DEFAULT_MAX_DEPTH);
  const now = options.now ?? Date.now;
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const retryDelay = options.retryDelay ?? defaultRetryDelay;
  /** Aborted on dispose: reply loads, list requests, retries, and every later call is a no-op. */
  const lifetime = new AbortController();
  const { signal } = lifetime;

  const $state = atom(initialState(startSort(storage, thread, options.sort)));
  const $tick = atom(0);
  const $notice = atom<Notice | null>(null);
  const buildView = createViewBuilder();
  const $view = computed([$state, $tick], (state) => buildView(state, { maxDepth, now: now() }));
  let noticeSeq = 0;

  const ctx: StoreContext = {
    adapter,
    thread,
    $state,
    signal,
    confirmedVotes: new Map(),
    ownDeletes: new Set(),
    update(change, copy = draftOf) {
      if (signal.aborted) return;
      const draft = copy($state.get());
      change(draft);
      $state.set(draft);
    },
    notify(kind, text) {
      if (!signal.aborted) $notice.set({ kind, text, seq: ++noticeSeq });
    },
    texts: options.texts ?? (() => ENGLISH_NOTICES),
    fail: (error) => ctx.notify('error', describeError(toAdapterError(error), ctx.texts())),
  };

  const keptStorage = options.outboxStorage === undefined ? storage : options.outboxStorage;
  const sending = createSending(ctx, {
    storage,
    keptStorage,
    now,
    retryDelay,
    sendTimeoutMs: options.sendTimeoutMs ?? SEND_TIMEOUT_MS,
    draftDelayMs: options.draftDelayMs ?? DRAFT_DELAY_MS,
    connectivity: options.connectivity === undefined ? defaultConnectivity() : options.connectivity,
    onPosted: options.onPosted,
  });
  const paging = createPaging(ctx, {
    pageSize: clampInt(options.pageSize, 1, LIMITS.pageMax, DEFAULT_PAGE_SIZE),
    replyLimit: clampInt(options.replyLimit, 0, LIMITS.replyLimitMax, DEFAULT_REPLY_LIMIT),
    storage,
    // Posts a previous page view could not send: shown as pending and sent again.
    afterLoad: () => {
      if (sending.hasUnsent()) void sending.retryUnsent();
    },
  });
  const live = createLive(ctx, options.live !== false, retryDelay);
  const actions = createActions(ctx, now);

  let unmount: (() => void) | null = null;
  onMount($view, () => {
    if (signal.aborted) return;
    if ($state.get().status === 'idle') void paging.load();
    // canEdit is re-evaluated on the page's one shared tick (no timer per store), so Edit disappears
    // when the window closes.
    const stopTicking = onTick(() => $tick.set($tick.get() + 1));
    const stopLive = live.start();
    unmount = () => {
      stopLive();
      stopTicking();
      unmount = null;
    };
    return () => unmount?.();
  });

  return {
    thread,
    $view,
    $notice,
    $guestName: sending.$guestName,
    ...paging,
    ...actions,
    async post(input) {
      const outcome = await sending.send(input);
      return outcome.status === 'posted' ? outcome.comment : null;
    },
    send: sending.send,
    retryUnsent: sending.retryUnsent,
    showNew: live.showNew,
    draft: sending.draft,
    saveDraft: sending.saveDraft,
    supports: (method) => supports(options.adapter, method),
    dismissNotice: () => $notice.set(null),
    announce: (text) => ctx.notify('info', text),
    dispose() {
      if (signal.aborted) return;
      unmount?.();
      lifetime.abort();
    },
  };
}
