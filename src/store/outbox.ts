/**
 * The outbox: every post the reader sends is written here (localStorage, one key per thread) before it
 * goes to the backend, and removed only when the backend has acknowledged it. A post that could not be
 * sent (offline, server down, timed out) therefore survives a reload and is sent again with the same
 * idempotency key, so the backend stores it once however often it is retried.
 *
 * Storage is read on every call, so two stores (or two tabs) over one thread see the same entries;
 * a retry from both is harmless because the key is the same.
 */
import { LIMITS } from '../adapters/adapter';
import { readJson, type StorageLike, writeItem } from './storage';

export interface OutboxEntry {
  /** The idempotency key: the same for every attempt of this post. */
  key: string;
  thread: string;
  parentId: string | null;
  body: string;
  authorName?: string;
  writeMs?: number;
  website?: string;
  /** ISO 8601, when the reader pressed Post. */
  createdAt: string;
}

/** Where a thread's outbox lives. */
export const outboxKey = (thread: string) => `threadline:outbox:${thread}`;

/** Entries kept per thread at most; beyond this the oldest are dropped (a runaway page, not a reader). */
const MAX_ENTRIES = 50;

function isEntry(value: unknown, thread: string): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return (
    typeof e.key === 'string' &&
    e.key !== '' &&
    e.key.length <= 200 &&
    e.thread === thread &&
    (e.parentId === null || (typeof e.parentId === 'string' && e.parentId !== '')) &&
    typeof e.body === 'string' &&
    e.body.length <= LIMITS.bodyMaxLength &&
    (e.authorName === undefined ||
      (typeof e.authorName === 'string' && e.authorName.length <= LIMITS.nameMaxLength)) &&
    typeof e.createdAt === 'string' &&
    !Number.isNaN(Date.parse(e.createdAt))
  );
}

function clean(entry: OutboxEntry): OutboxEntry {
  const out: OutboxEntry = {
    key: entry.key,
    thread: entry.thread,
    parentId: entry.parentId,
    body: entry.body,
    createdAt: entry.createdAt,
  };
  if (entry.authorName !== undefined) out.authorName = entry.authorName;
  return out;
}

export interface Outbox {
  /** Unacknowledged posts of this thread, oldest first. Corrupt or foreign entries are skipped. */
  list(): OutboxEntry[];
  get(key: string): OutboxEntry | undefined;
  /** Adds or replaces an entry. Returns false when it could not be stored (no or full storage). */
  put(entry: OutboxEntry): boolean;
  remove(key: string): void;
}

export function createOutbox(storage: StorageLike | null, thread: string): Outbox {
  const storageKey = outboxKey(thread);

  function list(): OutboxEntry[] {
    const parsed = readJson(storage, storageKey);
    return Array.isArray(parsed) ? parsed.filter((e) => isEntry(e, thread)).map(clean) : [];
  }

  // Full or blocked storage: the post still goes out, it just would not survive a reload.
  const save = (entries: OutboxEntry[]): boolean =>
    writeItem(storage, storageKey, entries.length ? JSON.stringify(entries.slice(-MAX_ENTRIES)) : null);

  return {
    list,
    get: (key) => list().find((e) => e.key === key),
    put(entry) {
      if (!isEntry(entry, thread)) return false;
      const entries = list().filter((e) => e.key !== entry.key);
      entries.push(clean(entry));
      return save(entries);
    },
    remove(key) {
      const entries = list();
      const rest = entries.filter((e) => e.key !== key);
      if (rest.length !== entries.length) save(rest);
    },
  };
}

/**
 * Delay before retry number `attempt` (1 = the first retry): 2 s, 4 s, 8 s … capped at a minute, with
 * ±20 % jitter so many readers coming back online do not retry in lockstep.
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
