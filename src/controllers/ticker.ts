import type { ReactiveController, ReactiveControllerHost } from 'lit';

import { onTick } from '../store/clock';

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
