/**
 * The rest adapter's subscribe(): EventSource handling in isolation (a scripted EventSource, fake timers).
 * The real thing — Chromium's EventSource against real server processes — is in live.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ThreadEvent } from '../../src/adapters/adapter';
import { createRestAdapter, LIVE_BACKOFF } from '../../src/adapters/rest';

class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static made: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onerror: ((e: Event) => void) | null = null;
  readonly listeners = new Map<string, Array<(e: MessageEvent) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.made.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(type: string, id: string, data: unknown) {
    this.readyState = FakeEventSource.OPEN;
    const e = new MessageEvent(type, {
      data: typeof data === 'string' ? data : JSON.stringify(data),
      lastEventId: id,
    });
    for (const fn of this.listeners.get(type) ?? []) fn(e);
  }
  fail(readyState: number) {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
}

const latest = () => FakeEventSource.made.at(-1) as FakeEventSource;

describe('rest adapter subscribe()', () => {
  beforeEach(() => {
    FakeEventSource.made = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  function subscribe() {
    const adapter = createRestAdapter({
      api: 'https://comments.example/api',
      storage: null,
      EventSource: FakeEventSource as unknown as typeof EventSource,
    });
    const events: ThreadEvent[] = [];
    const stop = adapter.subscribe?.('a/thread', (e) => events.push(e));
    if (!stop) throw new Error('no subscribe');
    return { events, stop };
  }

  it('opens the thread’s event stream and hands over parsed events, ignoring junk', () => {
    const { events } = subscribe();
    expect(latest().url).toBe('https://comments.example/api/threads/a%2Fthread/events');
    latest().emit('ready', '7', { lastEventId: '7' });
    latest().emit('vote-changed', '8', { type: 'vote-changed', id: 'c1', score: 2 });
    latest().emit('vote-changed', '9', 'not json');
    latest().emit('comment-edited', '10', { type: 'vote-changed', id: 'c1', score: 3 }); // type mismatch
    expect(events).toEqual([{ type: 'vote-changed', id: 'c1', score: 2 }]);
  });

  it('leaves reconnecting to the browser while it retries (it resends Last-Event-ID itself)', () => {
    subscribe();
    latest().emit('ready', '7', {});
    latest().fail(FakeEventSource.CONNECTING);
    vi.advanceTimersByTime(60_000);
    expect(FakeEventSource.made).toHaveLength(1);
  });

  it('when the browser gives up, reconnects after a growing delay with ?lastEventId=', () => {
    subscribe();
    latest().emit('ready', '7', {});
    latest().emit('vote-changed', '12', { type: 'vote-changed', id: 'c1', score: 2 });
    latest().fail(FakeEventSource.CLOSED);
    vi.advanceTimersByTime(LIVE_BACKOFF.firstMs / 2 - 1);
    expect(FakeEventSource.made).toHaveLength(1);
    vi.advanceTimersByTime(LIVE_BACKOFF.firstMs / 2 + 1);
    expect(FakeEventSource.made).toHaveLength(2);
    expect(new URL(latest().url).searchParams.get('lastEventId')).toBe('12');
    // Fails again at once (e.g. 503): the next wait is at least twice the first minimum.
    latest().fail(FakeEventSource.CLOSED);
    vi.advanceTimersByTime(LIVE_BACKOFF.firstMs - 1);
    expect(FakeEventSource.made).toHaveLength(2);
    vi.advanceTimersByTime(LIVE_BACKOFF.firstMs + 1);
    expect(FakeEventSource.made).toHaveLength(3);
  });

  it('closes the stream and stops reconnecting on unsubscribe', () => {
    const { stop } = subscribe();
    const first = latest();
    first.fail(FakeEventSource.CLOSED);
    stop();
    vi.advanceTimersByTime(120_000);
    expect(FakeEventSource.made).toHaveLength(1);
    expect(first.readyState).toBe(FakeEventSource.CLOSED);
  });

  it('is a no-op where there is no EventSource', () => {
    vi.stubGlobal('EventSource', undefined);
    const adapter = createRestAdapter({ api: 'https://comments.example/api', storage: null });
    const stop = adapter.subscribe?.('t', () => undefined);
    expect(typeof stop).toBe('function');
    stop?.();
    vi.unstubAllGlobals();
  });
});
