/**
 * The localStorage adapter: the memory adapter's logic over state loaded from and saved to one
 * storage key, for a page with no server. Every call reads the stored state first (cheaply: the
 * parsed state is reused while the stored text is unchanged), so two tabs share one thread; changes
 * made in another tab arrive through the `storage` event and are pushed to subscribers as ThreadEvents.
 */

import type { SeedThread } from '../contract/seed';
import { warnOnce } from '../warnings';
import { DEFAULT_EDIT_WINDOW_SECONDS, type ThreadEvent } from './adapter';
import { ServerError, TooLargeError } from './errors';
import {
  type CoreOptions,
  createCore,
  createHandle,
  projectComment,
  type StateHost,
  type TestableAdapter,
} from './memory';
import {
  applySeed,
  type CommentRecord,
  createEmptyState,
  type MemoryState,
  parseState,
  scoreOf,
  serializeState,
  type ThreadRecord,
} from './memory-state';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const DEFAULT_LOCAL_KEY = 'threadline:local';
/** Stored text longer than this is not parsed (localStorage holds about 5 MB per origin anyway). */
export const DEFAULT_MAX_STORED_CHARS = 5_000_000;

export interface LocalAdapterOptions {
  /** Default: window.localStorage (an in-memory stand-in, with a warning, when it is blocked). */
  storage?: StorageLike;
  /** The storage key holding every thread; default 'threadline:local'. */
  key?: string;
  /** Applied once per thread, only when nothing is stored for that thread yet. */
  seed?: SeedThread[];
  editWindowSeconds?: number;
  now?: () => number;
  /** Stored text longer than this is treated as corrupt; default 5,000,000 characters. */
  maxStoredChars?: number;
}

export type LocalAdapter = TestableAdapter;

function memoryStorage(): StorageLike {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      data.set(k, String(v));
    },
    removeItem: (k) => {
      data.delete(k);
    },
  };
}

function defaultStorage(): StorageLike {
  try {
    const storage = globalThis.localStorage;
    if (storage) return storage;
  } catch {
    // Blocked (sandboxed iframe, disabled site data): fall through.
  }
  warnOnce(
    'THREADLINE_NO_LOCAL_STORAGE',
    'localStorage is not available; comments of the local backend will last only until the page closes',
  );
  return memoryStorage();
}

function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return (
    name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014
  );
}

export function createLocalAdapter(options: LocalAdapterOptions = {}): LocalAdapter {
  const storage = options.storage ?? defaultStorage();
  const key = options.key ?? DEFAULT_LOCAL_KEY;
  const maxChars = options.maxStoredChars ?? DEFAULT_MAX_STORED_CHARS;
  const now = options.now ?? Date.now;

  function getRaw(): string | null {
    try {
      return storage.getItem(key);
    } catch {
      return null;
    }
  }

  /** Parses stored text; anything unreadable or oversized starts a fresh state (with one warning). */
  function decode(raw: string | null, quiet = false): MemoryState | null {
    if (raw === null) return createEmptyState();
    if (raw.length > maxChars) {
      if (!quiet) {
        warnOnce(
          'THREADLINE_LOCAL_TOO_LARGE',
          `the comments stored under "${key}" are larger than ${maxChars} characters and were ignored; starting fresh`,
        );
      }
      return quiet ? null : createEmptyState();
    }
    try {
      return parseState(raw);
    } catch {
      if (!quiet) {
        warnOnce(
          'THREADLINE_LOCAL_CORRUPT',
          `the comments stored under "${key}" could not be read and were ignored; starting fresh`,
        );
      }
      return quiet ? null : createEmptyState();
    }
  }

  let cachedRaw: string | null | undefined;
  let cached: MemoryState | null = null;

  const host: StateHost = {
    read() {
      const raw = getRaw();
      if (cached && raw === cachedRaw) return cached;
      cached = decode(raw) ?? createEmptyState();
      cachedRaw = raw;
      return cached;
    },
    commit(state) {
      const raw = serializeState(state);
      try {
        storage.setItem(key, raw);
      } catch (error) {
        // The write did not happen: forget the mutated copy, the next call reads what is stored.
        cached = null;
        cachedRaw = undefined;
        if (isQuotaError(error)) {
          throw new TooLargeError("This browser's storage for comments is full.", {
            reason: 'storage_full',
            cause: error,
          });
        }
        throw new ServerError('The comments could not be saved in this browser.', {
          reason: 'storage_failed',
          cause: error,
        });
      }
      cached = state;
      cachedRaw = raw;
    },
  };

  const coreOptions: CoreOptions = {
    host,
    editWindowSeconds: options.editWindowSeconds ?? DEFAULT_EDIT_WINDOW_SECONDS,
    now,
    latencyMs: 0,
  };
  const core = createCore(coreOptions);
  const base = createHandle(core, {
    get: (state) => state.viewerId,
    set: (state, id) => {
      state.viewerId = id;
    },
  });

  if (options.seed?.length) {
    const state = host.read();
    let seeded = false;
    for (const seed of options.seed) {
      if (typeof seed?.thread !== 'string' || state.threads.has(seed.thread)) continue;
      applySeed(state, seed, now());
      seeded = true;
    }
    if (seeded) {
      try {
        host.commit(state);
      } catch (error) {
        warnOnce('THREADLINE_LOCAL_SEED_FAILED', `the seed comments could not be saved: ${String(error)}`);
      }
    }
  }

  // ---- other tabs ---------------------------------------------------------------------------------

  const target: EventTarget | null =
    typeof globalThis.addEventListener === 'function' ? (globalThis as unknown as EventTarget) : null;
  let listening = 0;

  function onStorage(event: Event): void {
    const e = event as StorageEvent;
    if (e.key !== null && e.key !== key) return;
    if (
      e.storageArea &&
      typeof Storage !== 'undefined' &&
      storage instanceof Storage &&
      e.storageArea !== storage
    ) {
      return;
    }
    cached = null;
    cachedRaw = undefined;
    if (e.key === null) return; // storage cleared
    const before = decode(e.oldValue, true);
    const after = decode(e.newValue, true);
    if (!before || !after) return;
    for (const thread of core.subscriptions.keys()) {
      for (const change of diffThread(before, after, thread)) {
        core.emit(null, thread, () => structuredClone(change));
      }
    }
  }

  return {
    ...base,
    subscribe(thread, listener) {
      const unsubscribe = base.subscribe(thread, listener);
      if (listening === 0) target?.addEventListener('storage', onStorage);
      listening += 1;
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        unsubscribe();
        listening -= 1;
        if (listening === 0) target?.removeEventListener('storage', onStorage);
      };
    },
  };
}

/** What changed in one thread between two stored states, as the events a live backend would push. */
function diffThread(before: MemoryState, after: MemoryState, threadId: string): ThreadEvent[] {
  const events: ThreadEvent[] = [];
  const old = before.threads.get(threadId);
  const now = after.threads.get(threadId);
  const viewerId = after.viewerId;
  const oldComments = old?.comments ?? new Map<string, CommentRecord>();
  const newComments = now?.comments ?? new Map<string, CommentRecord>();
  // Ids sort in creation order, so a parent is announced before its replies.
  const ids = [...new Set([...oldComments.keys(), ...newComments.keys()])].sort();
  for (const id of ids) {
    const was = oldComments.get(id);
    const is = newComments.get(id);
    if (!was && is && now) {
      if (is.status === 'published') {
        events.push({ type: 'comment-created', comment: projectComment(after, now, is, viewerId) });
      }
    } else if (was && !is && old) {
      if (was.status === 'published') {
        events.push({ type: 'comment-deleted', comment: removedTombstone(before, old, was) });
      }
    } else if (was && is && now) {
      if (was.status === 'published' && is.status === 'deleted') {
        events.push({ type: 'comment-deleted', comment: projectComment(after, now, is, null) });
      } else if (is.status === 'published') {
        if (was.body !== is.body || was.editedAt !== is.editedAt) {
          events.push({ type: 'comment-edited', comment: projectComment(after, now, is, viewerId) });
        } else if (scoreOf(was) !== scoreOf(is)) {
          events.push({ type: 'vote-changed', id, score: scoreOf(is) });
        }
      }
    }
  }
  return events;
}

function removedTombstone(state: MemoryState, thread: ThreadRecord, record: CommentRecord) {
  const comment = projectComment(state, thread, { ...record, status: 'deleted' }, null);
  return { ...comment, replyCount: 0 };
}
