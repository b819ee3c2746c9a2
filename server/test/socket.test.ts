/**
 * Faults that need a real socket or a real database going away: a client trickling its request body, a
 * client dropping its event stream connection, and PostgreSQL stopping under a running server.
 */
import { connect, type Socket } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { openPostgres } from '../src/db/postgres';
import { startHttpServer } from '../src/http-server';
import { LiveHub } from '../src/live/hub';
import { BACKENDS, harness, openBackend, testConfig } from './support/harness';
import { startPostgres } from './support/postgres';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server on a free port of 127.0.0.1 around the real app, with the socket's address as the client's. */
async function listen(db: Database, env: Record<string, string>, live?: LiveHub) {
  const config = { ...testConfig(env), port: 0, host: '127.0.0.1' };
  const app = createApp({
    db,
    config,
    clientAddress: (c) => getConnInfo(c).remote.address,
    ...(live ? { live } : {}),
  });
  let server: ServerType | undefined;
  const port = await new Promise<number>((resolve) => {
    server = startHttpServer(app.fetch, config, resolve);
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  };
}

/** Sends a raw HTTP request; resolves with everything the server wrote before closing or `waitMs`. */
function rawRequest(port: number, write: (socket: Socket) => Promise<void>, waitMs = 10_000) {
  return new Promise<{ text: string; closedAfterMs: number }>((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve({ text, closedAfterMs: Date.now() - started });
    };
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    socket.on('close', finish);
    socket.on('error', (error) => (done ? undefined : reject(error)));
    setTimeout(finish, waitMs);
    socket.once('connect', () => {
      write(socket).catch(() => undefined); // the server may cut the trickle off
    });
  });
}

describe.each(BACKENDS)('real sockets on $name', ({ open }) => {
  let db: Database;
  beforeAll(async () => {
    db = await openBackend(open);
  });
  afterAll(() => db?.close());

  it('answers a trickled body 408 at its deadline, closes the connection, and charges no write slot', async () => {
    const server = await listen(db, {
      THREADLINE_BODY_TIMEOUT: '1',
      THREADLINE_RATE_WRITES_PER_ADDRESS: '1',
    });
    try {
      const body = JSON.stringify({ body: 'slowly, slowly', authorName: 'Sloth' });
      const slow = await rawRequest(server.port, async (socket) => {
        socket.write(
          'POST /api/threads/slow/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
            `Content-Length: ${body.length}\r\n\r\n`,
        );
        // One byte every 250 ms: the whole body would take 10 s.
        for (const char of body) {
          if (socket.destroyed) return;
          socket.write(char);
          await sleep(250);
        }
      });
      expect(slow.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(slow.text).toContain('"code":"request_timeout"');
      expect(slow.text.toLowerCase()).toContain('connection: close');
      expect(slow.closedAfterMs).toBeLessThan(4000);

      // The one write this address may make in the window is still there.
      const res = await fetch(`${server.url}/api/threads/slow/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
      expect(res.status).toBe(201);
      expect(
        (
          await fetch(`${server.url}/api/threads/slow/comments`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body,
          })
        ).status,
      ).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('accepts a body sent in slow but timely chunks, and a chunked body over the cap is 413', async () => {
    const server = await listen(db, { THREADLINE_BODY_TIMEOUT: '2', THREADLINE_MAX_BODY_BYTES: '1024' });
    try {
      const body = JSON.stringify({ body: 'in two parts', authorName: 'Halves' });
      const ok = await rawRequest(server.port, async (socket) => {
        socket.write(
          'POST /api/threads/chunks/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
            'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
        );
        for (const part of [body.slice(0, 10), body.slice(10)]) {
          socket.write(`${part.length.toString(16)}\r\n${part}\r\n`);
          await sleep(300);
        }
        socket.write('0\r\n\r\n');
      });
      expect(ok.text).toMatch(/^HTTP\/1\.1 201 /);
      const big = await rawRequest(server.port, async (socket) => {
        socket.write(
          'POST /api/threads/chunks/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
            'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n',
        );
        const part = 'x'.repeat(600);
        for (let i = 0; i < 3 && !socket.destroyed; i++)
          socket.write(`${part.length.toString(16)}\r\n${part}\r\n`);
      });
      expect(big.text).toMatch(/^HTTP\/1\.1 413 /);
    } finally {
      await server.close();
    }
  });

  it('frees a stream slot when the client drops its connection', async () => {
    const hub = new LiveHub(db, { heartbeatMs: 60_000, maxStreamsPerClient: 3 });
    const server = await listen(db, {}, hub);
    try {
      for (let round = 0; round < 20; round++) {
        const controllers = Array.from({ length: 3 }, () => new AbortController());
        const streams = await Promise.all(
          controllers.map((c) => fetch(`${server.url}/api/threads/drop/events`, { signal: c.signal })),
        );
        expect(streams.map((r) => r.status)).toEqual([200, 200, 200]);
        await Promise.all(streams.map((r) => r.body?.getReader().read()));
        for (const c of controllers) c.abort();
        await expect.poll(() => hub.slots.stats.streams).toBe(0);
      }
      await expect
        .poll(() => hub.stats)
        .toMatchObject({ streams: 0, threads: 0, slots: { streams: 0, clients: 0 } });
    } finally {
      await hub.shutdown();
      await server.close();
    }
  }, 60_000);
});

describe('PostgreSQL going away', () => {
  it('answers 503 with Retry-After (not 500) while the database is down', async () => {
    const pg = await startPostgres();
    let db: Database | undefined;
    try {
      db = await openPostgres(pg.url, 2);
      await migrate(db);
      const h = harness(db);
      expect(
        (await h.call('POST', '/api/threads/down/comments', { json: { body: 'up', authorName: 'Up' } }))
          .status,
      ).toBe(201);
      await pg.stop();
      for (const [method, path, json] of [
        ['GET', '/api/threads/down/comments', undefined],
        ['GET', '/api/threads/down', undefined],
        ['POST', '/api/threads/down/comments', { body: 'down', authorName: 'Down' }],
      ] as const) {
        const res = await h.call(method, path, json === undefined ? {} : { json });
        expect({ status: res.status, code: res.body?.error?.code }).toEqual({
          status: 503,
          code: 'service_unavailable',
        });
        expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
      }
    } finally {
      await db?.close().catch(() => undefined);
      await pg.stop();
    }
  }, 60_000);
});
