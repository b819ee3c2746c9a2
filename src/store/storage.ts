/**
 * The store's small uses of localStorage (sort choice, guest name, outbox, drafts), none of which may
 * throw into the page: storage can be missing, blocked (sandboxed iframes, privacy modes) or full.
 */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** localStorage when the page may use it, else null. */
export function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // sandboxed iframes and blocked storage throw on access
  }
}

/** The stored text, or null when there is none or storage cannot be read. */
export function readItem(storage: StorageLike | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** The stored JSON value, or null when there is none or it cannot be read or parsed. */
export function readJson(storage: StorageLike | null, key: string): unknown {
  try {
    return JSON.parse(readItem(storage, key) ?? 'null');
  } catch {
    return null;
  }
}

/** Stores `value` (null removes the key). False when it was not kept: no, full or blocked storage. */
export function writeItem(storage: StorageLike | null, key: string, value: string | null): boolean {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, value);
    return storage !== null;
  } catch {
    return false;
  }
}
