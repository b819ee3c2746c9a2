/**
 * Small id helpers shared by the in-browser adapters and the store.
 */

const TIME_WIDTH = 9; // base36 milliseconds: enough until the year 5188
const COUNTER_WIDTH = 4; // base36 counter within one millisecond: 1.6 million ids per ms

/** A time-sortable id: zero-padded base36 time, then a zero-padded base36 counter. */
export function makeTimeId(time: number, counter: number): string {
  const t = Math.max(0, Math.floor(time)).toString(36).padStart(TIME_WIDTH, '0');
  const c = Math.max(0, Math.floor(counter)).toString(36).padStart(COUNTER_WIDTH, '0');
  return t + c;
}

/** Matches the ids `makeTimeId` makes (and nothing that could be a path or a query). */
export const TIME_ID_PATTERN = /^[0-9a-z]{13,}$/;

/** Where the last id was made; kept in the adapter state so ids stay monotonic across reloads and tabs. */
export interface IdClock {
  time: number;
  counter: number;
}

/**
 * The next id after `clock` for a comment made at `now`. Monotonic even if the clock goes back: a
 * time earlier than the last one reuses the last time with the next counter. Mutates `clock`.
 */
export function nextTimeId(clock: IdClock, now: number): string {
  const time = Math.max(0, Math.floor(now));
  if (time > clock.time) {
    clock.time = time;
    clock.counter = 0;
  } else {
    clock.counter += 1;
  }
  return makeTimeId(clock.time, clock.counter);
}

/**
 * A random UUID. `crypto.randomUUID` exists only in secure contexts, and a widget may be embedded in a
 * plain-http page, so fall back to `crypto.getRandomValues` (available everywhere).
 */
export function randomId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
