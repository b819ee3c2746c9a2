/**
 * The rest adapter against the real reference server (PGlite in memory) listening on a random
 * 127.0.0.1 port, as ky's own tests do.
 */
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from '@threadline/server/app';
import { loadConfig } from '@threadline/server/config';
import type { Database } from '@threadline/server/db/database';
import { migrate } from '@threadline/server/db/migrate';
import { openPglite } from '@threadline/server/db/pglite';
import { seedThread } from '@threadline/server/seed';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter';
import {
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TooLargeError,
  UnauthorizedError,
  ValidationError,
} from '../../src/adapters/errors';
import { createRestAdapter } from '../../src/adapters/rest';
import { createThreadStore } from '../../src/store';
import { MemoryStorage } from './memory-storage';

async function startServer(db: Database, env: Record<string, string> = {}) {
  const app = createApp({ db, config: loadConfig({ THREADLINE_ORIGINS: 'http://localhost:5173', ...env }) });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const key = () => crypto.randomUUID();
const JWT_SECRET = 'rest-adapter-test-secret-long-enough-for-hs256';
const moderatorToken = () =>
  new SignJWT({ name: 'Desk', role: 'moderator' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('desk')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));

describe('rest adapter against the reference server', () => {
  let db: Database;
  let server: Awaited<ReturnType<typeof startServer>>;
  let strict: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
    server = await startServer(db, {
      THREADLINE_JWT_SECRET: JWT_SECRET,
      THREADLINE_RATE_WRITES_PER_ADDRESS: '1000',
    });
    strict = await startServer(db, {
      THREADLINE_RATE_WRITES_PER_IDENTITY: '2',
      THREADLINE_MAX_BODY_BYTES: '2000',
    });
  });
  afterAll(async () => {
    await server?.close();
    await strict?.close();
    await db?.close();
  });

  const adapter = (options: { storage?: MemoryStorage; base?: string; token?: string } = {}): Adapter =>
    createRestAdapter({
      api: options.base ?? server.url,
      storage: options.storage ?? new MemoryStorage(),
      ...(options.token ? { token: options.token } : {}),
    });

  it("sorts a thread it has whole in the server's own order, without asking it again", async () => {
    const seed = [
      ['pinned', 200, 0, true],
      ['same time 1', 100, 3],
      ['same time 2', 100, 3],
      ['same time 3', 100, -1],
      ['older, top', 150, 8],
      ['newer', 20, 0],
      ['reply', 10, 5, false, 'newer'],
    ] as const;
    await seedThread(
      db,
      'sorted',
      seed.map(([key, minutesAgo, score, pinned = false, parentKey = null]) => ({
        key,
        parentKey,
        authorName: 'Seeded',
        body: key,
        minutesAgo,
        score,
        pinned,
      })),
    );
    const rest = adapter();
    let requests = 0;
    const counted: Adapter = {
      ...rest,
      listComments: (query) => {
        requests += 1;
        return rest.listComments(query);
      },
    };
    const store = createThreadStore({ adapter: counted, thread: 'sorted', storage: null });
    await store.load();
    for (const sort of ['top', 'oldest', 'newest'] as const) {
      await store.setSort(sort);
      const page = await rest.listComments({
        thread: 'sorted',
        sort,
        cursor: null,
        limit: 50,
        replyLimit: 0,
      });
      expect(store.$view.get().roots.map((n) => n.comment.body)).toEqual(page.comments.map((c) => c.body));
    }
    expect(requests).toBe(1);
    store.dispose();
  });

  it('posts as a guest, keeps the identity per API origin, and reads it back', async () => {
    const storage = new MemoryStorage();
    const a = adapter({ storage });
    expect(await a.getViewer()).toBeNull();
    const comment = await a.createComment({
      thread: 'rest-1',
      parentId: null,
      body: 'Hello from ky',
      authorName: 'Kai',
      idempotencyKey: key(),
    });
    expect(comment).toMatchObject({
      thread: 'rest-1',
      body: 'Hello from ky',
      author: { name: 'Kai', role: 'guest' },
    });
    const stored = JSON.parse(storage.getItem(`threadline:identity:${server.url}`) ?? '{}');
    expect(stored.token).toMatch(/^tlg_/);
    expect(await a.getViewer()).toEqual({ id: comment.author.id, name: 'Kai', role: 'guest' });

    const reply = await a.createComment({
      thread: 'rest-1',
      parentId: comment.id,
      body: 'Reply',
      idempotencyKey: key(),
    });
    const page = await a.listComments({
      thread: 'rest-1',
      sort: 'newest',
      cursor: null,
      limit: 10,
      replyLimit: 5,
    });
    expect(page.comments.map((c) => c.id)).toEqual([comment.id, reply.id]);
    const replies = await a.listReplies({
      thread: 'rest-1',
      parentId: comment.id,
      cursor: null,
      limit: 10,
      replyLimit: 0,
    });
    expect(replies.comments.map((c) => c.body)).toEqual(['Reply']);
    expect((await a.editComment({ thread: 'rest-1', id: reply.id, body: 'Edited' })).body).toBe('Edited');
    // Another reader votes: authors cannot vote on their own comments.
    expect(await adapter().vote({ thread: 'rest-1', id: comment.id, value: 1 })).toEqual({
      id: comment.id,
      score: 1,
      myVote: 1,
    });
    expect(await a.countComments(['rest-1', 'rest-none'])).toEqual({ 'rest-1': 2, 'rest-none': 0 });
    expect((await a.getThread('rest-1')).commentCount).toBe(2);
    expect((await a.deleteComment({ thread: 'rest-1', id: comment.id })).status).toBe('deleted');
  });

  it('reports a comment once per reader, and lets only a moderator act on it', async () => {
    const author = adapter();
    const comment = await author.createComment({
      thread: 'rest-mod',
      parentId: null,
      body: 'Report me',
      authorName: 'Rae',
      idempotencyKey: key(),
    });
    const reader = adapter();
    await reader.report?.({ thread: 'rest-mod', id: comment.id, reason: 'spam' });
    // Again: taken, and counted once (the server answers 200 rather than 201).
    await reader.report?.({ thread: 'rest-mod', id: comment.id, reason: 'abuse' });
    await expect(
      author.report?.({ thread: 'rest-mod', id: comment.id, reason: 'spam' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
      reason: 'own_comment',
    });
    await expect(
      reader.moderate?.({ thread: 'rest-mod', id: comment.id, action: 'pin' }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    const moderator = adapter({ token: await moderatorToken() });
    expect(await moderator.moderate?.({ thread: 'rest-mod', id: comment.id, action: 'pin' })).toMatchObject({
      id: comment.id,
      pinned: true,
      reportCount: 1,
    });
  });

  it('sends the composer’s spam signals: a post written in no time, or with the honeypot filled, waits', async () => {
    const post = (extra: { writeMs?: number; website?: string }) =>
      adapter().createComment({
        thread: 'rest-spam',
        parentId: null,
        body: `Signals ${JSON.stringify(extra)}`,
        authorName: 'Sig',
        idempotencyKey: key(),
        ...extra,
      });
    expect((await post({ writeMs: 30_000 })).status).toBe('published');
    expect((await post({ writeMs: 50 })).status).toBe('pending');
    expect((await post({ writeMs: 30_000, website: 'https://bot.example' })).status).toBe('pending');
  });

  it('accepts the API root with /api and thread ids that need encoding', async () => {
    const a = adapter({ base: `${server.url}/api/` });
    const c = await a.createComment({
      thread: 'a:b@c~d',
      parentId: null,
      body: 'x',
      authorName: 'E',
      idempotencyKey: key(),
    });
    expect(c.thread).toBe('a:b@c~d');
    // The README's example: slashes travel encoded, in one path segment.
    const ferry = await a.createComment({
      thread: '2026/11/night-ferry',
      parentId: null,
      body: 'aboard',
      idempotencyKey: key(),
    });
    expect(ferry.thread).toBe('2026/11/night-ferry');
    expect(await a.countComments(['2026/11/night-ferry'])).toEqual({ '2026/11/night-ferry': 1 });
  });

  it('lets a reader vote before writing, by getting a guest identity first', async () => {
    const writer = adapter();
    const c = await writer.createComment({
      thread: 'rest-2',
      parentId: null,
      body: 'x',
      authorName: 'W',
      idempotencyKey: key(),
    });
    const reader = adapter();
    expect(await reader.vote({ thread: 'rest-2', id: c.id, value: -1 })).toEqual({
      id: c.id,
      score: -1,
      myVote: -1,
    });
    expect(await reader.getViewer()).toMatchObject({ role: 'guest' });
  });

  it('maps refusals to typed errors with the server reason and fields', async () => {
    const a = adapter();
    const empty = await a
      .createComment({
        thread: 'rest-3',
        parentId: null,
        body: '   ',
        authorName: 'V',
        idempotencyKey: key(),
      })
      .catch((e) => e);
    expect(empty).toBeInstanceOf(ValidationError);
    expect(empty.fields.body).toBe('must not be empty');
    expect(empty.status).toBe(422);

    const missing = await a
      .listReplies({
        thread: 'rest-3',
        parentId: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
        cursor: null,
        limit: 5,
        replyLimit: 0,
      })
      .catch((e) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.reason).toBe('comment_not_found');

    const mine = await a.createComment({
      thread: 'rest-3',
      parentId: null,
      body: 'mine',
      authorName: 'V',
      idempotencyKey: key(),
    });
    const other = adapter();
    const forbidden = await other
      .createComment({ thread: 'rest-3', parentId: null, body: 'x', authorName: 'O', idempotencyKey: key() })
      .then(() => other.editComment({ thread: 'rest-3', id: mine.id, body: 'hijack' }))
      .catch((e) => e);
    expect(forbidden).toBeInstanceOf(ForbiddenError);

    await a.deleteComment({ thread: 'rest-3', id: mine.id });
    const gone = await a.editComment({ thread: 'rest-3', id: mine.id, body: 'x' }).catch((e) => e);
    expect(gone).toBeInstanceOf(NotFoundError);

    const bad = await adapter({ token: 'not.a.jwt' })
      .getThread('rest-3')
      .catch((e) => e);
    expect(bad).toBeInstanceOf(UnauthorizedError);
  });

  it('reports a reused idempotency key as a conflict', async () => {
    const a = adapter();
    const k = key();
    await a.createComment({
      thread: 'rest-4',
      parentId: null,
      body: 'one',
      authorName: 'I',
      idempotencyKey: k,
    });
    const reused = await a
      .createComment({ thread: 'rest-4', parentId: null, body: 'two', idempotencyKey: k })
      .catch((e) => e);
    // The identity differs from the first (anonymous) post, so this is a fresh key for this identity…
    expect(reused).not.toBeInstanceOf(Error);
    const again = await a
      .createComment({ thread: 'rest-4', parentId: null, body: 'three', idempotencyKey: k })
      .catch((e) => e);
    // …and reusing it for different content now conflicts.
    expect(again).toBeInstanceOf(ConflictError);
  });

  it('says how long to wait when rate limited, and too large when the body is over the limit', async () => {
    const a = adapter({ base: strict.url });
    await a.createComment({
      thread: 'rest-5',
      parentId: null,
      body: 'a',
      authorName: 'R',
      idempotencyKey: key(),
    });
    await a.createComment({ thread: 'rest-5', parentId: null, body: 'b', idempotencyKey: key() });
    await a.createComment({ thread: 'rest-5', parentId: null, body: 'c', idempotencyKey: key() });
    const limited = await a
      .createComment({ thread: 'rest-5', parentId: null, body: 'd', idempotencyKey: key() })
      .catch((e) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.retryAfter).toBeGreaterThan(0);
    expect(limited.message).toMatch(/try again in \d+ s/);

    const big = await adapter({ base: strict.url })
      .createComment({
        thread: 'rest-5',
        parentId: null,
        body: 'x'.repeat(5000),
        authorName: 'B',
        idempotencyKey: key(),
      })
      .catch((e) => e);
    expect(big).toBeInstanceOf(TooLargeError);
  });

  it('stores a create once when the first answer is lost and ky retries it', async () => {
    let calls = 0;
    const lossy: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed'); // as undici reports a reset connection
      return response;
    };
    const storage = new MemoryStorage();
    const a = createRestAdapter({ api: server.url, storage, fetch: lossy });
    const c = await a.createComment({
      thread: 'rest-6',
      parentId: null,
      body: 'once',
      authorName: 'L',
      idempotencyKey: key(),
    });
    expect(calls).toBe(2);
    expect(await a.countComments(['rest-6'])).toEqual({ 'rest-6': 1 });
    expect((await a.getViewer())?.id).toBe(c.author.id);
  });

  it('ends with a working identity when every answer to a first post was lost and the page reloaded', async () => {
    const storage = new MemoryStorage();
    const down: typeof fetch = async (input, init) => {
      await (await fetch(input, init)).arrayBuffer(); // the server stores it; the answer never arrives
      throw new TypeError('fetch failed');
    };
    const input = {
      thread: 'rest-lost',
      parentId: null,
      body: 'mine',
      authorName: 'Lost',
      idempotencyKey: key(),
    };
    await expect(
      createRestAdapter({ api: server.url, storage, fetch: down }).createComment(input),
    ).rejects.toBeInstanceOf(NetworkError);
    // After a reload the outbox sends it again, with the same key, from a new adapter on the same storage.
    const again = createRestAdapter({ api: server.url, storage });
    const comment = await again.createComment(input);
    expect(await again.countComments(['rest-lost'])).toEqual({ 'rest-lost': 1 });
    expect((await again.getViewer())?.id).toBe(comment.author.id);
    expect((await again.editComment({ thread: 'rest-lost', id: comment.id, body: 'edited' })).body).toBe(
      'edited',
    );

    // Someone else replaying the same post (same key, body and name) gets no identity.
    const stranger = createRestAdapter({ api: server.url, storage: new MemoryStorage() });
    expect((await stranger.createComment(input)).id).toBe(comment.id);
    expect(await stranger.getViewer()).toBeNull();
  });

  it('does not retry an edit, and turns an unreachable server, a timeout, a 5xx and an abort into typed errors', async () => {
    let calls = 0;
    const failing: typeof fetch = async () => {
      calls += 1;
      return new Response(JSON.stringify({ error: { code: 'internal', message: 'Boom.' } }), {
        status: 500,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const broken = createRestAdapter({ api: server.url, storage: null, fetch: failing });
    const edit = await broken
      .editComment({ thread: 't', id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', body: 'x' })
      .catch((e) => e);
    expect(edit).toBeInstanceOf(ServerError);
    expect(edit.message).toBe('Boom.');
    expect(calls).toBe(1);

    const offline = await createRestAdapter({ api: 'http://127.0.0.1:9', storage: null })
      .getThread('x')
      .catch((e) => e);
    expect(offline).toBeInstanceOf(NetworkError);

    const hanging: typeof fetch = (input, init) =>
      new Promise((_resolve, reject) => {
        const signal = init?.signal ?? (input as Request).signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    const slow = await createRestAdapter({ api: server.url, storage: null, fetch: hanging, timeoutMs: 50 })
      .editComment({ thread: 't', id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', body: 'x' })
      .catch((e) => e);
    expect(slow).toBeInstanceOf(NetworkError);
    expect(slow.reason).toBe('timeout');

    const controller = new AbortController();
    const pending = createRestAdapter({ api: server.url, storage: null, fetch: hanging }).getThread(
      'x',
      controller.signal,
    );
    controller.abort();
    const aborted = await pending.catch((e) => e);
    expect(aborted).toBeInstanceOf(NetworkError);
    expect(aborted.reason).toBe('aborted');
  });

  it('forgets a guest token the server no longer knows', async () => {
    const storage = new MemoryStorage();
    storage.setItem(
      `threadline:identity:${server.url}`,
      JSON.stringify({ token: `tlg_${'A'.repeat(43)}`, viewer: { id: 'g_x', name: 'Old', role: 'guest' } }),
    );
    const a = adapter({ storage });
    expect(await a.getViewer()).toBeNull();
    expect(storage.data.size).toBe(0);
  });
});
