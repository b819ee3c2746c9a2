/**
 * One shared clock for the whole page: relative times ("3 minutes ago") in every widget and the edit
 * window of every thread store tick from a single interval, which runs only while something listens.
 * A rendered page therefore has at most one timer, however many widgets and comments it shows.
 * No DOM and no Lit, so stores listen to it directly and the elements through TickerController.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
/** 30 s: relative times stay within a minute and Edit disappears soon after the window closes. */
export const TICK_MS = 30_000;

function tick(): void {
  for (const listener of listeners) listener();
}

/** Calls `listener` on every shared tick until the returned function is called. */
export function onTick(listener: () => void): () => void {
  listeners.add(listener);
  timer ??= setInterval(tick, TICK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
