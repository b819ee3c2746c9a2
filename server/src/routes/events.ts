/**
 * A thread's live events as Server-Sent Events. Public and not personalised (comments carry myVote 0),
 * so one stream serves every reader; a reconnect with Last-Event-ID (or ?lastEventId=) replays what was
 * missed from the events table.
 */
import { Hono } from 'hono';
import { type SSEStreamingApi, streamSSE } from 'hono/streaming';
import { type AppEnv, type Services, UNKNOWN_ADDRESS } from '../env';
import type { Subscription } from '../live/hub';
import { ApiError, badRequest, notFound } from '../middleware/errors';
import { findThread } from '../repo/read';
import { param, threadId } from '../validation';

const EVENT_ID = /^\d{1,18}$/;

export function eventRoutes(s: Services) {
  const app = new Hono<AppEnv>();

  app.get('/threads/:thread/events', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const lastEventId = c.req.header('Last-Event-ID') || c.req.query('lastEventId') || undefined;
    if (lastEventId !== undefined && !EVENT_ID.test(lastEventId)) {
      throw badRequest('invalid_last_event_id', 'Last-Event-ID must be an event id this server sent.', {
        lastEventId: 'must be a number',
      });
    }
    if (!s.config.autoCreateThreads && !(await findThread(s.db, thread))) {
      throw notFound('thread_not_found', 'This thread does not exist; a moderator must create it first.');
    }
    const identity = c.var.identity;
    // An app mounted without a way to tell addresses apart must not put every reader under one cap.
    const address = s.address(c);
    const clientKeys = [
      ...(address === UNKNOWN_ADDRESS ? [] : [`addr:${address}`]),
      ...(identity ? [`id:${identity.id}`] : []),
    ];
    const release = s.live.slots.acquire(clientKeys);
    if (release === 'process') {
      throw new ApiError(
        503,
        'too_many_streams',
        'This server has no room for another live stream.',
        undefined,
        {
          'Retry-After': '5',
        },
      );
    }
    if (release === 'client') {
      throw new ApiError(
        429,
        'too_many_streams',
        `This client already has ${s.live.slots.maxPerClient} live streams open; close one first.`,
        undefined,
        { 'Retry-After': '10' },
      );
    }
    const res = streamSSE(c, async (stream) => {
      try {
        await follow(stream);
      } finally {
        release();
      }
    });
    async function follow(stream: SSEStreamingApi): Promise<void> {
      let sub: Subscription | null = null;
      let queued = 0;
      const ended = new Promise<void>((resolve) => stream.onAbort(resolve));
      const sink = {
        write(chunk: Uint8Array) {
          // A reader that stops reading is cut off rather than buffered without end; its browser
          // reconnects and replays from its Last-Event-ID.
          if (queued >= s.live.options.maxQueuedWrites) return void stream.abort();
          queued += 1;
          void stream.write(chunk).finally(() => {
            queued -= 1;
          });
        },
        close() {
          stream.abort();
        },
      };
      stream.onAbort(() => {
        if (sub) s.live.close(sub);
      });
      try {
        sub = await s.live.open(thread, sink, lastEventId);
      } catch (error) {
        console.error('[threadline] opening an event stream failed:', (error as Error).message);
        return;
      }
      if (!sub) return; // the cap was reached while this one waited
      if (stream.aborted) s.live.close(sub);
      else await ended;
    }
    // After streamSSE's own `no-cache`, on the context too (Hono merges its headers into the response).
    for (const [name, value] of [
      ['Cache-Control', 'no-store'],
      ['X-Accel-Buffering', 'no'], // nginx: pass each event on at once
    ] as const) {
      c.header(name, value);
      res.headers.set(name, value);
    }
    return res;
  });

  return app;
}
