/**
 * Crash safety with real processes: a load generator posts with Idempotency-Keys, the server process is
 * SIGKILLed in the middle of it, and restarted on the same data. Then every post that got a 2xx answer
 * is stored exactly once, and re-sending every post that got no answer, with the same key, leaves exactly
 * one copy. Once on PostgreSQL, once on embedded PGlite (a data folder inside the killed process).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type TestPostgres } from '@threadline/server/test-support/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServer } from './server-process';

const LIMITS = {
  THREADLINE_SEED_DEMO: 'false',
  THREADLINE_RATE_WRITES_PER_ADDRESS: '100000',
  THREADLINE_RATE_WRITES_PER_IDENTITY: '100000',
  THREADLINE_RATE_READS_PER_ADDRESS: '100000',
};
const THREAD = 'crash-test';
const WORKERS = 8;
const MAX_POSTS = 1500;
const KILL_AFTER_ACKS = 150;

interface Post {
  key: string;
  body: string;
  outcome: 'acked' | 'no-answer' | 'refused';
}

function post(url: string, p: Pick<Post, 'key' | 'body'>): Promise<Response> {
  return fetch(`${url}/api/threads/${THREAD}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': p.key },
    body: JSON.stringify({ body: p.body, authorName: 'Load' }),
    signal: AbortSignal.timeout(10_000),
  });
}

/**
 * A bounded load generator: WORKERS concurrent loops post until MAX_POSTS or until the server stops
 * answering; `onAck` runs after each 2xx (the test kills the server from there).
 */
async function load(url: string, run: string, onAck: (acked: number) => void): Promise<Post[]> {
  const posts: Post[] = [];
  let next = 0;
  let acked = 0;
  let dead = false;
  async function worker(): Promise<void> {
    while (!dead && next < MAX_POSTS) {
      const i = next++;
      const p: Post = { key: `${run}-${i}`, body: `${run} post ${i}`, outcome: 'no-answer' };
      posts.push(p);
      try {
        const res = await post(url, p);
        await res.arrayBuffer();
        p.outcome = res.ok ? 'acked' : 'refused';
        if (res.ok) onAck(++acked);
      } catch {
        dead = true; // connection refused or reset: the server is gone
      }
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return posts;
}

/** How many times each body is stored in the thread (read through the API, every page). */
async function storedBodies(url: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ sort: 'oldest', limit: '100', replies: '0' });
    if (cursor) q.set('cursor', cursor);
    const res = await fetch(`${url}/api/threads/${THREAD}/comments?${q}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { comments: { body: string }[]; nextCursor: string | null };
    for (const c of page.comments) counts.set(c.body, (counts.get(c.body) ?? 0) + 1);
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}

const STORES = [
  {
    name: 'PostgreSQL',
    async setup() {
      const pg = await startPostgres();
      return { env: { DATABASE_URL: pg.url }, cleanup: () => pg.stop() };
    },
  },
  ...[
    { name: 'embedded PGlite', sync: 'true' },
    // A killed process loses nothing even without the per-commit WAL fsync (that one is for power loss).
    { name: 'embedded PGlite, THREADLINE_PGLITE_SYNC=false', sync: 'false' },
  ].map(({ name, sync }) => ({
    name,
    async setup() {
      const dir = await mkdtemp(join(tmpdir(), 'threadline-crash-'));
      return {
        env: { THREADLINE_DATA_DIR: dir, THREADLINE_PGLITE_SYNC: sync },
        cleanup: () => rm(dir, { recursive: true, force: true }),
      };
    },
  })),
];

describe.each(STORES)('SIGKILL in the middle of a stream of posts, on $name', (store) => {
  let env: Record<string, string>;
  let cleanup: () => Promise<unknown>;
  let server: ServerProcess | undefined;
  let pg: TestPostgres | undefined;

  beforeAll(async () => {
    ({ env, cleanup } = await store.setup());
  });
  afterAll(async () => {
    await server?.stop();
    await pg?.stop();
    await cleanup?.();
  });

  it('keeps every acknowledged post exactly once, and a re-sent unanswered post is stored once', async () => {
    server = await startServer({ ...env, ...LIMITS });
    const first = server;
    let killed: Promise<void> | undefined;
    const posts = await load(server.url, `run-${Date.now()}`, (acked) => {
      if (acked === KILL_AFTER_ACKS) killed = first.kill('SIGKILL');
    });
    await killed;
    const acked = posts.filter((p) => p.outcome === 'acked');
    const unanswered = posts.filter((p) => p.outcome === 'no-answer');
    expect(posts.filter((p) => p.outcome === 'refused')).toEqual([]);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(unanswered.length).toBeGreaterThan(0); // the kill landed while posts were in flight

    const restartAt = Date.now();
    server = await startServer({ ...env, ...LIMITS }, first.port);
    const restartMs = Date.now() - restartAt;
    const afterCrash = await storedBodies(server.url);
    const landed = unanswered.filter((p) => afterCrash.get(p.body) === 1).length;
    console.log(
      `[crash ${store.name}] ${acked.length} acknowledged, ${unanswered.length} unanswered at the kill ` +
        `(${landed} of them committed anyway); restart took ${restartMs} ms`,
    );
    for (const p of acked) expect(afterCrash.get(p.body), p.body).toBe(1);
    for (const p of unanswered) expect(afterCrash.get(p.body) ?? 0, p.body).toBeLessThanOrEqual(1);

    // The client (the widget's outbox) re-sends what got no answer, with the same keys.
    for (const p of unanswered) {
      const res = await post(server.url, p);
      expect(res.status, await res.text()).toBe(201);
    }
    const final = await storedBodies(server.url);
    for (const p of [...acked, ...unanswered]) expect(final.get(p.body), p.body).toBe(1);
    expect([...final.values()].reduce((a, b) => a + b, 0)).toBe(acked.length + unanswered.length);
  });
});
