/**
 * Drafts: the text being typed in the top-level composer and in open reply composers, kept in
 * localStorage per thread so a reload (or a crash) does not lose it. Reads come from memory; writes to
 * storage are debounced. Keys are the composer's form keys: `root` and `reply:<parentId>`.
 */
import { LIMITS } from '../adapters/adapter';
import { readJson, type StorageLike, writeItem } from './storage';

export const draftsKey = (thread: string) => `threadline:drafts:${thread}`;

/** The draft key of the composer that posts under `parentId` (null: the top-level composer). */
export const draftKeyFor = (parentId: string | null) => (parentId === null ? 'root' : `reply:${parentId}`);

const KEY_PATTERN = /^(root|reply:[^\s]{1,200})$/;
const MAX_DRAFTS = 20;

export interface Drafts {
  get(key: string): string;
  /** Keeps the text at once in memory and in storage after `delayMs` without further changes. */
  set(key: string, text: string): void;
  clear(key: string): void;
  /** Writes a pending change now (on dispose). */
  flush(): void;
}

export function createDrafts(storage: StorageLike | null, thread: string, delayMs: number): Drafts {
  const storageKey = draftsKey(thread);
  const texts = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Corrupt or blocked storage: start without drafts.
  const stored = readJson(storage, storageKey);
  if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
    for (const [key, text] of Object.entries(stored)) {
      if (KEY_PATTERN.test(key) && typeof text === 'string' && text !== '' && texts.size < MAX_DRAFTS) {
        texts.set(key, text.slice(0, LIMITS.bodyMaxLength));
      }
    }
  }

  /** Full or blocked storage: the draft lives on in memory only. */
  function write(): void {
    timer = undefined;
    writeItem(storage, storageKey, texts.size ? JSON.stringify(Object.fromEntries(texts)) : null);
  }

  function schedule(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(write, delayMs);
    (timer as { unref?: () => void }).unref?.();
  }

  return {
    get: (key) => texts.get(key) ?? '',
    set(key, text) {
      if (!KEY_PATTERN.test(key) || typeof text !== 'string') return;
      const value = text.slice(0, LIMITS.bodyMaxLength);
      if ((texts.get(key) ?? '') === value) return;
      if (value.trim() === '') texts.delete(key);
      else {
        // Re-inserting moves the key last, so the oldest drafts go first when there are too many.
        texts.delete(key);
        texts.set(key, value);
        while (texts.size > MAX_DRAFTS) texts.delete(texts.keys().next().value as string);
      }
      schedule();
    },
    clear(key) {
      if (!texts.delete(key)) return;
      if (timer !== undefined) clearTimeout(timer);
      write();
    },
    flush() {
      if (timer === undefined) return;
      clearTimeout(timer);
      write();
    },
  };
}
