/**
 * Live streams are capped per process and per client (address, and identity when a token is sent), so
 * one client cannot take every slot; and a process that opened and closed thousands of streams holds
 * nothing for them afterwards. On both backends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveOptionsOf } from '../src/app';
import type { Database } from '../src/db/database';
import { LiveHub } from '../src/live/hub';
import { BACKENDS, harness, openBackend, postAsGuest, testConfig } from './support/harness';
import { readSse, type SseReader } from './support/sse';

const idle = {
  streams: 0,
  threads: 0,
  cursors: 0,
  pending: 0,
  heartbeat: false,
  slots: { streams: 0, clients: 0 },
};

describe.each(BACKENDS)('live stream caps on $name', ({ open }) => {
  let db: Database;
  const hubs: LiveHub[] = [];
  const readers: SseReader[] = [];
  beforeAll(async () => {
    db = await openBackend(open);
  });
  afterAll(async () => {
    await Promise.all(readers.map((r) => r.close()));
    await Promise.all(hubs.map((hub) => hub.shutdown()));
    await db?.close();
  });

  async function openStream(h: ReturnType<typeof harness>, path: string, headers: Record<string, string>) {
    const res = await h.app.request(path, { headers });
    if (res.status !== 200 || !res.body) return { status: res.status, res, reader: undefined };
    const reader = readSse(res.body);
    readers.push(reader);
    await reader.next((m) => m.event === 'ready');
    return { status: 200, res, reader };
  }

  it('answers 429 with Retry-After past the per-address cap, and keeps room for other readers', async () => {
    const hub = new LiveHub(db, { heartbeatMs: 60_000, maxStreams: 6, maxStreamsPerClient: 3 });
    hubs.push(hub);
    const h = harness(db, {}, { live: hub });
    const from = (address: string) => ({ 'X-Test-Address': address });
    const mine = [];
    for (let i = 0; i < 3; i++)
      mine.push(await openStream(h, `/api/threads/cap-${i}/events`, from('192.0.2.1')));
    expect(mine.map((s) => s.status)).toEqual([200, 200, 200]);
    const over = await h.app.request('/api/threads/cap-x/events', { headers: from('192.0.2.1') });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');

    // Another reader still gets in, up to the process cap, which stays (503).
    expect((await openStream(h, '/api/threads/cap-0/events', from('192.0.2.2'))).status).toBe(200);
    expect((await openStream(h, '/api/threads/cap-0/events', from('192.0.2.3'))).status).toBe(200);
    expect((await openStream(h, '/api/threads/cap-0/events', from('192.0.2.4'))).status).toBe(200);
    const full = await h.app.request('/api/threads/cap-0/events', { headers: from('192.0.2.5') });
    expect(full.status).toBe(503);
    expect(full.headers.get('Retry-After')).toBe('5');

    // A closed stream gives its slot back to its client.
    await mine[0]?.reader?.close();
    await expect.poll(() => hub.slots.stats.streams).toBe(5);
    expect((await openStream(h, '/api/threads/cap-9/events', from('192.0.2.1'))).status).toBe(200);
  });

  it('puts no per-address cap on readers when the app cannot tell their addresses apart', async () => {
    const hub = new LiveHub(db, { heartbeatMs: 60_000, maxStreams: 100, maxStreamsPerClient: 2 });
    hubs.push(hub);
    const h = harness(db, {}, { live: hub, clientAddress: () => undefined });
    const statuses = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await openStream(h, '/api/threads/cap-unknown/events', {})).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });

  it('caps one identity across addresses', async () => {
    const hub = new LiveHub(db, { heartbeatMs: 60_000, maxStreams: 100, maxStreamsPerClient: 2 });
    hubs.push(hub);
    const h = harness(db, {}, { live: hub });
    const { token } = await postAsGuest(h, 'cap-identity', 'me', 'Streamer');
    const as = (address: string) => ({ 'X-Test-Address': address, Authorization: `Bearer ${token}` });
    expect((await openStream(h, '/api/threads/cap-identity/events', as('203.0.113.1'))).status).toBe(200);
    expect((await openStream(h, '/api/threads/cap-identity/events', as('203.0.113.2'))).status).toBe(200);
    const third = await h.app.request('/api/threads/cap-identity/events', { headers: as('203.0.113.3') });
    expect(third.status).toBe(429);
  });

  it('takes its caps from THREADLINE_MAX_STREAMS_PER_CLIENT and THREADLINE_MAX_STREAMS', async () => {
    const env = { THREADLINE_MAX_STREAMS_PER_CLIENT: '1', THREADLINE_MAX_STREAMS: '50' };
    const hub = new LiveHub(db, { ...liveOptionsOf(testConfig(env)), heartbeatMs: 60_000 });
    hubs.push(hub);
    expect(hub.slots).toMatchObject({ maxPerClient: 1, maxTotal: 50 });
    const h = harness(db, env, { live: hub });
    const first = await openStream(h, '/api/threads/cap-env/events', { 'X-Test-Address': '198.51.100.90' });
    expect(first.status).toBe(200);
    const second = await h.app.request('/api/threads/cap-env/events', {
      headers: { 'X-Test-Address': '198.51.100.90' },
    });
    expect(second.status).toBe(429);
    await first.reader?.close();
  });

  it('holds nothing for 2,000 streams once they are closed', async () => {
    const hub = new LiveHub(db, { heartbeatMs: 60_000 });
    hubs.push(hub);
    const h = harness(db, {}, { live: hub });
    const threads = ['leak-a', 'leak-b', 'leak-c', 'leak-d'];
    for (let batch = 0; batch < 40; batch++) {
      const open = await Promise.all(
        Array.from({ length: 50 }, (_, i) => {
          const n = batch * 50 + i;
          return openStream(h, `/api/threads/${threads[n % threads.length]}/events`, {
            'X-Test-Address': `10.${batch}.${i}.1`,
          });
        }),
      );
      expect(open.every((s) => s.status === 200)).toBe(true);
      expect(hub.stats.streams).toBe(50);
      // Some readers go away while an event is being delivered to them.
      if (batch % 10 === 0) await postAsGuest(h, threads[0] ?? 'leak-a', `during batch ${batch}`, 'Leak');
      await Promise.all(open.map((s) => s.reader?.close()));
      readers.length = 0;
    }
    await expect.poll(() => hub.stats).toEqual(idle);

    // And it still works.
    const after = await openStream(h, '/api/threads/leak-a/events', {});
    await postAsGuest(h, 'leak-a', 'after the storm', 'Leak');
    expect(
      JSON.parse((await after.reader?.next((m) => m.event === 'comment-created'))?.data ?? '{}').comment.body,
    ).toBe('after the storm');
    await after.reader?.close();
    await expect.poll(() => hub.stats).toEqual(idle);
  }, 120_000);
});
