/**
 * Live events: every committed write becomes one event row and one NOTIFY in its own transaction; the
 * SSE endpoint streams them with ids, replays after Last-Event-ID, and never announces a rolled-back
 * write. On both backends, through app.request (no port).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../src/db/database';
import { eventsAfter, recordEvent } from '../src/live/events';
import { LiveHub, type LiveOptions } from '../src/live/hub';
import { BACKENDS, type Harness, harness, openBackend, postAsGuest } from './support/harness';
import { readSse, type SseMessage, type SseReader } from './support/sse';

const THREAD = 'live-thread';

describe.each(BACKENDS)('live events on $name', ({ open }) => {
  let db: Database;
  let h: Harness;
  let hub: LiveHub;
  const readers: SseReader[] = [];
  const hubs: LiveHub[] = [];

  function newHub(options: Partial<LiveOptions> = {}): LiveHub {
    const made = new LiveHub(db, { heartbeatMs: 60_000, ...options });
    hubs.push(made);
    return made;
  }

  async function stream(app: Harness['app'], path: string, headers: Record<string, string> = {}) {
    const res = await app.request(path, { headers });
    expect(res.status).toBe(200);
    if (!res.body) throw new Error('no body');
    const reader = readSse(res.body);
    readers.push(reader);
    return { res, reader };
  }

  const created = (body: string) => (m: SseMessage) =>
    m.event === 'comment-created' && JSON.parse(m.data).comment.body === body;

  beforeAll(async () => {
    db = await openBackend(open);
    hub = newHub();
    h = harness(db, {}, { live: hub });
    await db.exec(`
      CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected failure at commit'; END $$;`);
  });

  afterAll(async () => {
    await Promise.all(readers.map((r) => r.close()));
    await Promise.all(hubs.map((x) => x.shutdown()));
    await db?.close();
  });

  it('streams created, voted, edited and deleted comments with increasing ids, public (myVote 0)', async () => {
    const { res, reader } = await stream(h.app, `/api/threads/${THREAD}/events`, {
      Origin: 'https://news.example',
    });
    expect(res.headers.get('Content-Type')).toBe('text/event-stream');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://news.example');
    const ready = await reader.next((m) => m.event === 'ready');
    expect(ready.id).toMatch(/^\d+$/);
    expect(ready.retry).toBe(2000); // the browser's own reconnect delay
    expect(reader.messages.length).toBe(1);

    const author = await postAsGuest(h, THREAD, 'First live comment', 'Ann');
    const first = await reader.next(created('First live comment'));
    const id = author.comment.id;
    expect(JSON.parse(first.data)).toEqual({ type: 'comment-created', comment: author.comment });

    const voter = await postAsGuest(h, 'elsewhere', 'I vote', 'Bo');
    const voted = await h.call('PUT', `/api/threads/${THREAD}/comments/${id}/vote`, {
      json: { value: 1 },
      token: voter.token,
    });
    expect(voted.status).toBe(200);
    const vote = await reader.next((m) => m.event === 'vote-changed');
    expect(JSON.parse(vote.data)).toEqual({ type: 'vote-changed', id, score: 1 });

    // A voter's own vote shows in that voter's answer (myVote 1), never in the shared stream.
    const second = await postAsGuest(h, 'elsewhere', 'I vote too', 'Cy');
    const mine = await h.call('PUT', `/api/threads/${THREAD}/comments/${id}/vote`, {
      json: { value: 1 },
      token: second.token,
    });
    expect(mine.body.myVote).toBe(1);
    await reader.next((m) => m.event === 'vote-changed' && JSON.parse(m.data).score === 2);
    const edit = await h.call('PATCH', `/api/threads/${THREAD}/comments/${id}`, {
      json: { body: 'Edited live' },
      token: author.token,
    });
    expect(edit.body.myVote).toBe(0);
    const edited = JSON.parse((await reader.next((m) => m.event === 'comment-edited')).data);
    expect(edited.comment).toMatchObject({ id, body: 'Edited live', score: 2, myVote: 0 });

    // Taking a vote back changes the total; voting the same again changes nothing and says nothing.
    await h.call('PUT', `/api/threads/${THREAD}/comments/${id}/vote`, {
      json: { value: 1 },
      token: second.token,
    });
    await h.call('DELETE', `/api/threads/${THREAD}/comments/${id}`, { token: author.token });
    const deleted = JSON.parse((await reader.next((m) => m.event === 'comment-deleted')).data);
    expect(deleted.comment).toMatchObject({ id, status: 'deleted', body: '', score: 0 });

    const events = reader.messages.filter((m) => m.event !== 'ready');
    expect(events.map((m) => m.event)).toEqual([
      'comment-created',
      'vote-changed',
      'vote-changed',
      'comment-edited',
      'comment-deleted',
    ]);
    const ids = events.map((m) => BigInt(m.id ?? '0'));
    expect(ids.every((x, i) => i === 0 || x > (ids[i - 1] as bigint))).toBe(true);
    expect(ids[0]).toBeGreaterThan(BigInt(ready.id ?? '0'));
  });

  it('replays a thread’s events in numeric order, past event 9 and event 99', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      ids.push(
        await db.transaction((tx) =>
          recordEvent(tx, 'ordering', { type: 'vote-changed', id: 'x', score: i }),
        ),
      );
    }
    const replayed = await eventsAfter(db, 'ordering', '0', 200);
    expect(replayed.map((e) => e.id)).toEqual(ids);
    expect(replayed.map((e) => (e.event as { score: number }).score)).toEqual(ids.map((_, i) => i));
  });

  it('replays what a reconnecting client missed after Last-Event-ID (header or query), then goes live', async () => {
    const { reader: live } = await stream(h.app, `/api/threads/${THREAD}/events`);
    await live.next((m) => m.event === 'ready');
    await postAsGuest(h, THREAD, 'Replay one');
    const one = await live.next(created('Replay one'));
    await postAsGuest(h, THREAD, 'Replay two');
    await postAsGuest(h, THREAD, 'Replay three');
    const three = await live.next(created('Replay three'));
    const two = live.messages.find(created('Replay two'));

    const replays = await Promise.all([
      stream(h.app, `/api/threads/${THREAD}/events`, { 'Last-Event-ID': one.id ?? '' }),
      stream(h.app, `/api/threads/${THREAD}/events?lastEventId=${one.id}`),
    ]);
    for (const { reader } of replays) {
      const ready = await reader.next((m) => m.event === 'ready');
      expect(ready.id).toBe(three.id);
      expect(reader.messages.filter((m) => m.event !== 'ready').map((m) => [m.id, m.data])).toEqual([
        [two?.id, two?.data],
        [three.id, three.data],
      ]);
    }
    await postAsGuest(h, THREAD, 'After the replay');
    for (const { reader } of replays) await reader.next(created('After the replay'));
  });

  it('never announces a write that rolled back, even one that failed at COMMIT after its NOTIFY', async () => {
    const { reader } = await stream(h.app, `/api/threads/${THREAD}/events`);
    await reader.next((m) => m.event === 'ready');
    // A deferred constraint trigger fails the transaction at COMMIT, after pg_notify ran.
    await db.exec(`CREATE CONSTRAINT TRIGGER test_fail AFTER INSERT ON events
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
      WHEN (NEW.payload::text LIKE '%doomed%') EXECUTE FUNCTION test_fail()`);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await h.call('POST', `/api/threads/${THREAD}/comments`, {
        json: { body: 'A doomed comment', authorName: 'Cy' },
      });
      expect(res.status).toBe(500);
    } finally {
      quiet.mockRestore();
      await db.exec('DROP TRIGGER test_fail ON events');
    }
    await postAsGuest(h, THREAD, 'A committed comment');
    await reader.next(created('A committed comment'));
    expect(reader.messages.some((m) => m.data.includes('doomed'))).toBe(false);
    const stored = await db.query(`SELECT 1 FROM events WHERE payload::text LIKE '%doomed%'`);
    expect(stored).toEqual([]);
    const comments = await db.query(`SELECT 1 FROM comments WHERE body LIKE '%doomed%'`);
    expect(comments).toEqual([]);
  });

  it('reaches streams of another app (process) on the same database, through LISTEN/NOTIFY', async () => {
    const other = harness(db, {}, { live: newHub() });
    const { reader } = await stream(other.app, `/api/threads/${THREAD}/events`);
    await reader.next((m) => m.event === 'ready');
    await postAsGuest(h, THREAD, 'Across processes');
    await reader.next(created('Across processes'));
  });

  it('sends heartbeats, caps the streams per process, and lets go of a stream when the client leaves', async () => {
    const small = newHub({ maxStreams: 1, heartbeatMs: 50 });
    const capped = harness(db, {}, { live: small });
    const { reader } = await stream(capped.app, `/api/threads/${THREAD}/events`);
    await reader.next((m) => m.event === 'ready');
    expect(small.streams).toBe(1);
    const refused = await capped.call('GET', `/api/threads/${THREAD}/events`);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('too_many_streams');
    expect(refused.headers.get('Retry-After')).toBe('5');
    await vi.waitFor(() => expect(reader.comments).toContain('heartbeat'), { timeout: 2000 });
    await reader.close();
    await vi.waitFor(() => expect(small.streams).toBe(0), { timeout: 2000 });
    const again = await stream(capped.app, `/api/threads/${THREAD}/events`);
    await again.reader.next((m) => m.event === 'ready');
  });

  it('refuses a Last-Event-ID it never sent', async () => {
    const res = await h.call('GET', `/api/threads/${THREAD}/events`, { headers: { 'Last-Event-ID': 'abc' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_last_event_id');
  });

  it('prunes events past the retention time', async () => {
    await db.query(`UPDATE events SET created_at = now() - interval '25 hours' WHERE thread = $1`, [THREAD]);
    await postAsGuest(h, THREAD, 'Fresh');
    expect(await hub.prune()).toBeGreaterThan(0);
    const left = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE thread = $1', [
      THREAD,
    ]);
    expect(left[0]?.n).toBe(1);
  });
});
