import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * One shared clock for the whole page: relative times ("3 minutes ago") in every widget and the edit
 * window of every thread store tick from a single interval, which runs only while something listens.
 * A rendered page therefore has at most one timer, however many widgets and comments it shows.
 * No DOM and no Lit at runtime, so stores can listen too.
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

/** Re-renders its host on every shared tick while connected. */
export class TickerController implements ReactiveController {
  private stop: (() => void) | null = null;
  private time = Date.now();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * The time relative times are measured from. It changes only on a tick (or a reconnect), so a
   * re-render for another reason (a vote) does not invalidate every comment's cached template.
   */
  now(): number {
    return this.time;
  }

  hostConnected(): void {
    this.time = Date.now();
    this.stop ??= onTick(() => {
      this.time = Date.now();
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.stop?.();
    this.stop = null;
  }
}
