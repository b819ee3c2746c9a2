/**
 * How much a comment can cost to store, send and stream: a short body must not turn into a large tree
 * (src/markdown/bounds.ts), pages are compressed for clients that accept it, and live events stay
 * small and arrive at once. On both backends.
 */
import { gunzipSync } from 'node:zlib';
import { MAX_CONTENT_BYTES } from '@threadline/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { LiveHub } from '../src/live/hub';
import { BACKENDS, type Harness, harness, openBackend } from './support/harness';
import { readSse } from './support/sse';

const HOSTILE = '*a'.repeat(5000); // 10,000 characters; was 200 KB of content
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe.each(BACKENDS)('sizes on $name', ({ open }) => {
  let db: Database;
  let h: Harness;
  let hub: LiveHub;
  beforeAll(async () => {
    db = await openBackend(open);
    hub = new LiveHub(db, { heartbeatMs: 60_000 });
    // The same author posts the same body a hundred times here: the repeat defence would hold them.
    h = harness(db, { THREADLINE_DUPLICATE_WINDOW_MINUTES: '0' }, { live: hub });
  });
  afterAll(async () => {
    await hub?.shutdown();
    await db?.close();
  });

  it('stores and serves a hostile 10,000-character body in bounded content, every character kept', async () => {
    const res = await h.call('POST', '/api/threads/amplify/comments', {
      json: { body: HOSTILE, authorName: 'Amp' },
    });
    expect(res.status).toBe(201);
    const { content, body } = res.body.comment;
    expect(body).toBe(HOSTILE);
    expect(bytes(content)).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
    expect(content).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: HOSTILE }] }]);
    const [stored] = await db.query<{ n: number }>(
      'SELECT octet_length(content::text)::int AS n FROM comments WHERE id = $1',
      [res.body.comment.id],
    );
    expect(stored?.n).toBeLessThanOrEqual(MAX_CONTENT_BYTES);
  });

  it('keeps a page of 100 such comments near the size of their text, and gzips it for a client that asks', async () => {
    const token = (
      await h.call('POST', '/api/threads/big-page/comments', { json: { body: HOSTILE, authorName: 'Amp' } })
    ).body.identity.token;
    for (let i = 1; i < 100; i++) {
      const res = await h.call('POST', '/api/threads/big-page/comments', { token, json: { body: HOSTILE } });
      expect(res.status).toBe(201);
    }
    const plain = await h.app.request('/api/threads/big-page/comments?limit=100&replies=0');
    const json = await plain.text();
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(JSON.parse(json).comments).toHaveLength(100);
    // Body and content, 10 KB each, plus the fields: 2.2 MB at most (it was 21 MB for 101).
    expect(Buffer.byteLength(json)).toBeLessThan(100 * 22_000);

    const gz = await h.app.request('/api/threads/big-page/comments?limit=100&replies=0', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br' },
    });
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    expect(gz.headers.get('Vary')).toMatch(/Accept-Encoding/);
    expect(gz.headers.get('Content-Type')).toMatch(/^application\/json/);
    const zipped = Buffer.from(await gz.arrayBuffer());
    expect(zipped.length).toBeLessThan(Buffer.byteLength(json) / 20);
    expect(gunzipSync(zipped).toString('utf8')).toBe(json);

    // A compressed answer still revalidates: its weak ETag matches the same page.
    const etag = gz.headers.get('ETag');
    expect(etag).toMatch(/^W\//);
    const again = await h.app.request('/api/threads/big-page/comments?limit=100&replies=0', {
      headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag ?? '' },
    });
    expect(again.status).toBe(304);
  });

  it('leaves small answers and errors uncompressed', async () => {
    const res = await h.app.request('/api/threads/amplify', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBeNull();
  });

  it('streams each live event at once, uncompressed, and small even for a hostile body', async () => {
    const res = await h.app.request('/api/threads/amplify-live/events', {
      headers: { 'Accept-Encoding': 'gzip, deflate' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBeNull();
    if (!res.body) throw new Error('no body');
    const reader = readSse(res.body);
    try {
      await reader.next((m) => m.event === 'ready');
      await h.call('POST', '/api/threads/amplify-live/comments', {
        json: { body: HOSTILE, authorName: 'Amp' },
      });
      const event = await reader.next((m) => m.event === 'comment-created');
      // The body (10 KB) and its bounded content (10 KB), not 200 KB.
      expect(Buffer.byteLength(event.data)).toBeLessThan(22_000);
    } finally {
      await reader.close();
    }
  });
});
