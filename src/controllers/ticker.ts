import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * One shared clock for relative times ("3 minutes ago") across every widget on the page: a single
 * interval while at least one host is connected, none otherwise, so a rendered page goes idle.
 */
const hosts = new Set<ReactiveControllerHost>();
let timer: ReturnType<typeof setInterval> | undefined;
const PERIOD_MS = 60_000;

function tick(): void {
  for (const host of hosts) host.requestUpdate();
}

export class TickerController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The time relative times are measured from, refreshed once a minute. */
  now(): number {
    return Date.now();
  }

  hostConnected(): void {
    hosts.add(this.host);
    timer ??= setInterval(tick, PERIOD_MS);
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
    if (hosts.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  }
}
