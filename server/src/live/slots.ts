/**
 * Caps on live event streams: so many per process, and so many per client, where a client is each of
 * the keys a stream is opened under (its address, and its identity when it sends a token). Without the
 * per-client cap one address could take every slot of a process and lock every other reader out.
 */

/** Why a stream got no slot. */
export type SlotRefusal = 'process' | 'client';

export class StreamSlots {
  readonly #held = new Map<string, number>();
  #total = 0;

  constructor(
    readonly maxTotal: number,
    readonly maxPerClient: number,
  ) {}

  /**
   * Takes one slot under every key, or none. Returns the function that gives them back (safe to call
   * twice), or why there is no room.
   */
  acquire(keys: readonly string[]): (() => void) | SlotRefusal {
    if (this.#total >= this.maxTotal) return 'process';
    if (keys.some((key) => (this.#held.get(key) ?? 0) >= this.maxPerClient)) return 'client';
    this.#total += 1;
    for (const key of keys) this.#held.set(key, (this.#held.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      for (const key of keys) {
        const left = (this.#held.get(key) ?? 1) - 1;
        // A client with no stream left is forgotten, so the map holds only clients with open streams.
        if (left > 0) this.#held.set(key, left);
        else this.#held.delete(key);
      }
    };
  }

  /** Open streams, and clients holding at least one (for the leak test and monitoring). */
  get stats(): { streams: number; clients: number } {
    return { streams: this.#total, clients: this.#held.size };
  }
}
