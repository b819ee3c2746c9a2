/**
 * Fixed-window rate limits kept in this process's memory. That is enough for one process and keeps the
 * write path free of extra database round trips; behind a load balancer each process enforces its own
 * share (documented in the README). Refusals carry Retry-After in seconds.
 */
import { ApiError } from './errors';

interface Window {
  count: number;
  resetAt: number;
}

export class RateLimiter {
  readonly #windows = new Map<string, Window>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit for `key`; throws 429 when it is over `limit` in the current window. */
  hit(key: string, limit: number, what: string): void {
    const now = this.now();
    if (this.#windows.size > 50_000) this.#sweep(now);
    let window = this.#windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.windowMs };
      this.#windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit) {
      const retryAfter = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
      throw new ApiError(429, 'rate_limited', `Too many ${what}; try again in ${retryAfter} s.`, undefined, {
        'Retry-After': String(retryAfter),
      });
    }
  }

  #sweep(now: number): void {
    for (const [key, window] of this.#windows) if (window.resetAt <= now) this.#windows.delete(key);
  }
}
