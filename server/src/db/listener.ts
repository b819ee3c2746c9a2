/**
 * LISTEN for the pg backend: one dedicated client outside the pool (a pooled client would be handed to
 * other queries and lose its LISTEN). When the connection drops, it reconnects with capped exponential
 * backoff and tells the caller, who catches up from the events table.
 */
import pg from 'pg';
import type { ListenHandlers } from './database';

const MIN_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

export async function listenPostgres(
  connectionString: string,
  channel: string,
  handlers: ListenHandlers,
): Promise<() => Promise<void>> {
  if (!/^\w+$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel === channel) handlers.notify(message.payload ?? '');
    });
    next.on('error', (error) => {
      console.error('[threadline] LISTEN connection failed:', error.message);
      void lost(next);
    });
    next.on('end', () => void lost(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
    failures = 0;
  }

  async function lost(which: pg.Client): Promise<void> {
    if (stopped || client !== which) return;
    client = undefined;
    await which.end().catch(() => undefined);
    schedule();
  }

  function schedule(): void {
    if (stopped) return;
    const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** failures) * (0.5 + Math.random() / 2);
    failures += 1;
    timer = setTimeout(() => {
      connect().then(
        () => handlers.reconnected?.(),
        (error: Error) => {
          console.error('[threadline] LISTEN reconnect failed:', error.message);
          schedule();
        },
      );
    }, delay);
    timer.unref();
  }

  await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const current = client;
    client = undefined;
    await current?.end().catch(() => undefined);
  };
}
