/**
 * The live hub of one server process: it LISTENs on the events channel, and for every notification of a
 * thread that has local subscribers it reads the new event rows (by id, in order) and writes each one,
 * encoded once, to every Server-Sent Events stream of that thread. It holds nothing another process
 * needs: any process can serve any thread, and a reconnecting client replays from the table.
 */
import type { Database } from '../db/database';
import { EVENTS_CHANNEL, eventsAfter, latestEventId, pruneEvents, type StoredEvent } from './events';
import { StreamSlots } from './slots';

export interface LiveOptions {
  /** Open streams this process accepts; more get 503 (the browser retries, maybe on another process). */
  maxStreams: number;
  /** Open streams one client (address, identity) may hold in this process; more get 429. */
  maxStreamsPerClient: number;
  /** A comment line on every stream this often, so proxies and browsers keep idle streams open. */
  heartbeatMs: number;
  /** Events older than this are pruned (hourly); replay reaches back this far. */
  retentionHours: number;
  /** Writes a stream may have queued before it is cut (the client reconnects and replays). */
  maxQueuedWrites: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = {
  maxStreams: 5000,
  maxStreamsPerClient: 10,
  heartbeatMs: 15_000,
  retentionHours: 24,
  maxQueuedWrites: 1000,
};

/** Where a subscription's bytes go (an SSE response). */
export interface Sink {
  write(chunk: Uint8Array): void;
  close(): void;
}

const REPLAY_PAGE = 500;
const encoder = new TextEncoder();

/** One SSE message. The data is one JSON line (JSON.stringify never emits a raw newline). */
export function frame(id: string, event: string, data: unknown): Uint8Array {
  return encoder.encode(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const HEARTBEAT = encoder.encode(': heartbeat\n\n');
/** Browsers wait this long before their own reconnect (the SSE `retry` field). */
export const RECONNECT_MS = 2000;

class Subscription {
  lastId = 0n;
  live = false;
  closed = false;
  readonly #buffer: Array<{ id: bigint; chunk: Uint8Array }> = [];

  constructor(
    readonly thread: string,
    readonly sink: Sink,
  ) {}

  deliver(id: bigint, chunk: Uint8Array): void {
    if (this.closed) return;
    if (!this.live) this.#buffer.push({ id, chunk });
    else if (id > this.lastId) {
      this.lastId = id;
      this.sink.write(chunk);
    }
  }

  /** After the replay: events that arrived meanwhile, without the ones the replay already sent. */
  goLive(): void {
    this.live = true;
    for (const { id, chunk } of this.#buffer.splice(0)) this.deliver(id, chunk);
  }
}

export class LiveHub {
  readonly options: LiveOptions;
  /** Stream slots per process and per client, taken before a stream is answered. */
  readonly slots: StreamSlots;
  readonly #db: Database;
  readonly #threads = new Map<string, Set<Subscription>>();
  /** Per thread with subscribers: the newest event id read for delivery. */
  readonly #cursor = new Map<string, bigint>();
  /** Threads with notifications not yet read, with the newest notified id. */
  readonly #pending = new Map<string, bigint>();
  #count = 0;
  #started: Promise<void> | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #draining = false;
  #heartbeat: NodeJS.Timeout | undefined;
  #prune: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(db: Database, options: Partial<LiveOptions> = {}) {
    this.#db = db;
    this.options = { ...DEFAULT_LIVE_OPTIONS, ...options };
    this.slots = new StreamSlots(this.options.maxStreams, this.options.maxStreamsPerClient);
  }

  /**
   * What this hub holds: every figure is 0 (and no heartbeat timer runs) once its streams are closed.
   * For the leak test and for monitoring.
   */
  get stats() {
    return {
      streams: this.#count,
      threads: this.#threads.size,
      cursors: this.#cursor.size,
      pending: this.#pending.size,
      heartbeat: this.#heartbeat !== undefined,
      slots: this.slots.stats,
    };
  }

  /** Open streams in this process. */
  get streams(): number {
    return this.#count;
  }

  /** Starts listening (once; lazily on the first stream, so an app that never streams never listens). */
  start(): Promise<void> {
    this.#started ??= (async () => {
      this.#unlisten = await this.#db.listen(EVENTS_CHANNEL, {
        notify: (payload) => this.#onNotify(payload),
        reconnected: () => this.#catchUp(),
      });
      this.#prune = setInterval(() => void this.prune(), 3600_000);
      this.#prune.unref();
      void this.prune();
    })();
    this.#started.catch(() => {
      this.#started = undefined; // let the next stream try again
    });
    return this.#started;
  }

  /** Deletes expired events; a failure is logged, not thrown (the next run tries again). */
  async prune(): Promise<number> {
    try {
      return await pruneEvents(this.#db, this.options.retentionHours);
    } catch (error) {
      if (!this.#closed) console.error('[threadline] pruning events failed:', (error as Error).message);
      return 0;
    }
  }

  /**
   * Opens a subscription to `thread`, replaying every event after `lastEventId` first (or starting
   * from now without one). Returns null when the process is at its stream cap.
   */
  async open(thread: string, sink: Sink, lastEventId: string | undefined): Promise<Subscription | null> {
    if (this.#count >= this.options.maxStreams) return null;
    const sub = new Subscription(thread, sink);
    this.#count += 1;
    let subs = this.#threads.get(thread);
    if (!subs) {
      subs = new Set();
      this.#threads.set(thread, subs);
    }
    subs.add(sub);
    this.#startHeartbeat();
    try {
      await this.start();
      // Registered first, replayed second: an event committed in between is in the buffer or the replay
      // (or both; goLive drops the duplicate).
      let from = lastEventId ?? (await latestEventId(this.#db, thread));
      if (lastEventId !== undefined) {
        for (;;) {
          const page: StoredEvent[] = await eventsAfter(this.#db, thread, from, REPLAY_PAGE);
          if (sub.closed) return sub;
          for (const { id, event } of page) sink.write(frame(id, event.type, event));
          const last = page.at(-1);
          if (last) from = last.id;
          if (page.length < REPLAY_PAGE) break;
        }
      }
      if (sub.closed) return sub;
      sub.lastId = BigInt(from);
      // Sets the browser's Last-Event-ID even when nothing happens, so its reconnect replays from here.
      sink.write(encoder.encode(`retry: ${RECONNECT_MS}\n`));
      sink.write(frame(from, 'ready', { lastEventId: from }));
      sub.goLive();
      return sub;
    } catch (error) {
      this.close(sub);
      throw error;
    }
  }

  /** Ends a subscription (client gone, or cut by the server). Safe to call twice. */
  close(sub: Subscription): void {
    if (sub.closed) return;
    sub.closed = true;
    const subs = this.#threads.get(sub.thread);
    if (subs?.delete(sub)) {
      this.#count -= 1;
      if (subs.size === 0) {
        this.#threads.delete(sub.thread);
        this.#cursor.delete(sub.thread);
        this.#pending.delete(sub.thread);
      }
    }
    if (this.#count === 0) {
      clearInterval(this.#heartbeat);
      this.#heartbeat = undefined;
    }
    sub.sink.close();
  }

  /** Stops listening and ends every stream. */
  async shutdown(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#prune);
    for (const subs of [...this.#threads.values()]) for (const sub of [...subs]) this.close(sub);
    await this.#started?.catch(() => undefined);
    await this.#unlisten?.();
  }

  #startHeartbeat(): void {
    if (this.#heartbeat) return;
    this.#heartbeat = setInterval(() => {
      for (const subs of this.#threads.values()) for (const sub of subs) sub.sink.write(HEARTBEAT);
    }, this.options.heartbeatMs);
    this.#heartbeat.unref();
  }

  #onNotify(payload: string): void {
    const at = payload.lastIndexOf(':');
    const thread = payload.slice(0, at);
    const idText = payload.slice(at + 1);
    if (at < 0 || !/^\d+$/.test(idText) || !this.#threads.has(thread)) return;
    const id = BigInt(idText);
    const cursor = this.#cursor.get(thread);
    if (cursor !== undefined && id <= cursor) return; // already read with an earlier batch
    const pending = this.#pending.get(thread);
    if (pending === undefined || id > pending) this.#pending.set(thread, id);
    void this.#drain();
  }

  /** After a lost LISTEN connection: read every subscribed thread from its cursor. */
  #catchUp(): void {
    for (const [thread, subs] of this.#threads) {
      let from = this.#cursor.get(thread);
      for (const sub of subs) if (from === undefined || sub.lastId < from) from = sub.lastId;
      if (from !== undefined) this.#pending.set(thread, from + 1n);
    }
    void this.#drain();
  }

  /** Reads and delivers pending threads one batch at a time, so each thread's events stay in order. */
  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#pending.size > 0 && !this.#closed) {
        const [thread, notified] = this.#pending.entries().next().value as [string, bigint];
        this.#pending.delete(thread);
        const subs = this.#threads.get(thread);
        if (!subs) continue;
        // Per thread, events commit in id order (recordEvent's lock), so every id below a notified one
        // has committed: reading "after the cursor" misses nothing.
        const from = this.#cursor.get(thread) ?? notified - 1n;
        let events: StoredEvent[];
        try {
          events = await eventsAfter(this.#db, thread, from.toString(), REPLAY_PAGE);
        } catch (error) {
          if (this.#closed) return;
          console.error('[threadline] reading events failed, retrying:', (error as Error).message);
          this.#pending.set(thread, notified);
          setTimeout(() => void this.#drain(), 1000).unref();
          return;
        }
        const last = events.at(-1);
        if (!last) continue;
        if (!this.#threads.has(thread)) continue;
        this.#cursor.set(thread, BigInt(last.id));
        if (events.length === REPLAY_PAGE) this.#pending.set(thread, BigInt(last.id) + 1n);
        for (const { id, event } of events) {
          const chunk = frame(id, event.type, event);
          const big = BigInt(id);
          for (const sub of this.#threads.get(thread) ?? []) sub.deliver(big, chunk);
        }
      }
    } finally {
      this.#draining = false;
    }
  }
}

export type { Subscription };
