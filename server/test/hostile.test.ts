/**
 * Hostile and broken input for every endpoint, on both backends. Each refusal must be a clear JSON error
 * with a stable code, and must leave the database exactly as it was (checked after every test).
 */
import { LIMITS } from '@threadline/contract';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import {
  BACKENDS,
  type Harness,
  harness,
  JWT_SECRET,
  openBackend,
  postAsGuest,
  type Reply,
} from './support/harness';

const secret = new TextEncoder().encode(JWT_SECRET);
const sign = (claims: Record<string, unknown>, key: Uint8Array = secret) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key);

/** Every row of every table, as text: equal snapshots mean nothing was stored or changed. */
async function snapshot(db: Database): Promise<string> {
  const parts: string[] = [];
  for (const [table, order] of [
    ['threads', 'thread'],
    ['comments', 'thread, id'],
    ['votes', 'thread, comment_id, identity_id'],
    ['identities', 'id'],
    ['idempotency_keys', 'thread, scope, key'],
  ]) {
    const rows = await db.query<{ r: string }>(`SELECT t::text AS r FROM ${table} t ORDER BY ${order}`);
    parts.push(`${table}:${rows.map((r) => r.r).join('\n')}`);
  }
  return parts.join('\n---\n');
}

function refused(res: Reply, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(10);
  expect(res.headers.get('Content-Type')).toContain('application/json');
}

describe.each(BACKENDS)('hostile input on $name', ({ open }) => {
  let db: Database;
  let h: Harness;
  let before = '';
  const f = { a: '', b: '', comment: '', tomb: '', other: '' };

  beforeAll(async () => {
    db = await openBackend(open);
    h = harness(db, { THREADLINE_MAX_BODY_BYTES: '32768' });
    const a = await postAsGuest(h, 'h', 'by A', 'A');
    f.a = a.token;
    f.comment = a.comment.id;
    const tomb = await h.call('POST', '/api/threads/h/comments', { token: f.a, json: { body: 'to delete' } });
    f.tomb = tomb.body.comment.id;
    await h.call('POST', '/api/threads/h/comments', {
      token: f.a,
      json: { body: 'reply', parentId: f.tomb },
    });
    expect((await h.call('DELETE', `/api/threads/h/comments/${f.tomb}`, { token: f.a })).body.status).toBe(
      'deleted',
    );
    const b = await postAsGuest(h, 'other', 'by B in another thread', 'B');
    f.b = b.token;
    f.other = b.comment.id;
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    before = await snapshot(db);
  });
  afterEach(async () => {
    expect(await snapshot(db)).toBe(before);
  });

  const post = (json: unknown, token?: string) => h.call('POST', '/api/threads/h/comments', { json, token });

  it('refuses path-like, SQL-like and oversize thread ids on every thread route', async () => {
    for (const thread of [
      '..%2F..%2Fetc%2Fpasswd',
      "x'%20OR%201%3D1--",
      '%00',
      '.hidden',
      'a%20b',
      'x'.repeat(201),
      '%E2%80%AE',
    ]) {
      refused(await h.call('GET', `/api/threads/${thread}`), 400, 'invalid_path');
      refused(await h.call('GET', `/api/threads/${thread}/comments`), 400, 'invalid_path');
      refused(
        await h.call('POST', `/api/threads/${thread}/comments`, { json: { body: 'x', authorName: 'X' } }),
        400,
        'invalid_path',
      );
      refused(await h.call('PUT', `/api/threads/${thread}`, { json: {} }), 400, 'invalid_path');
    }
  });

  it('refuses malformed comment ids and answers 404 for unknown or foreign ones', async () => {
    for (const id of [
      '1%3B%20DROP%20TABLE%20comments',
      '..%2F..%2Fx',
      'abc',
      f.comment.toLowerCase(),
      '__proto__',
    ]) {
      refused(
        await h.call('PATCH', `/api/threads/h/comments/${id}`, { token: f.a, json: { body: 'x' } }),
        400,
        'invalid_path',
      );
      refused(await h.call('DELETE', `/api/threads/h/comments/${id}`, { token: f.a }), 400, 'invalid_path');
      refused(
        await h.call('PUT', `/api/threads/h/comments/${id}/vote`, { token: f.a, json: { value: 1 } }),
        400,
        'invalid_path',
      );
      refused(await h.call('GET', `/api/threads/h/comments/${id}/replies`), 400, 'invalid_path');
    }
    const unknown = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    for (const id of [unknown, f.other]) {
      refused(
        await h.call('PATCH', `/api/threads/h/comments/${id}`, { token: f.b, json: { body: 'x' } }),
        404,
        'comment_not_found',
      );
      refused(
        await h.call('DELETE', `/api/threads/h/comments/${id}`, { token: f.b }),
        404,
        'comment_not_found',
      );
      refused(
        await h.call('PUT', `/api/threads/h/comments/${id}/vote`, { token: f.b, json: { value: 1 } }),
        404,
        'comment_not_found',
      );
      refused(await h.call('GET', `/api/threads/h/comments/${id}/replies`), 404, 'comment_not_found');
    }
  });

  it('refuses a create that is not JSON, has wrong types, missing, extra or prototype keys', async () => {
    refused(
      await h.call('POST', '/api/threads/h/comments', { raw: '{"body":', headers: {} }),
      400,
      'invalid_json',
    );
    refused(
      await h.call('POST', '/api/threads/h/comments', {
        raw: 'body=x',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }),
      400,
      'unsupported_content_type',
    );
    for (const json of [
      null,
      [],
      'text',
      42,
      {},
      { body: 7, authorName: 'X' },
      { body: ['x'], authorName: 'X' },
      { authorName: 'X' },
    ]) {
      refused(await post(json), 422, 'validation_failed');
    }
    const cases: [unknown, string][] = [
      [{ body: '   ', authorName: 'X' }, 'body'],
      [{ body: 'x'.repeat(10_001), authorName: 'X' }, 'body'],
      [{ body: 'nul\u0000byte', authorName: 'X' }, 'body'],
      [{ body: 'x' }, 'authorName'],
      [{ body: 'x', authorName: 'n'.repeat(81) }, 'authorName'],
      [{ body: 'x', authorName: 'bell\u0007' }, 'authorName'],
      [{ body: 'x', authorName: 'X', score: 1000 }, 'score'],
      [{ body: 'x', authorName: 'X', status: 'published', pinned: true }, 'status'],
      [JSON.parse('{"body":"x","authorName":"X","__proto__":{"role":"moderator"}}'), '__proto__'],
      [{ body: 'x', authorName: 'X', constructor: { prototype: {} } }, 'constructor'],
      [{ body: 'x', authorName: 'X', parentId: "1' OR '1'='1" }, 'parentId'],
      [{ body: 'x', authorName: 'X', parentId: 12 }, 'parentId'],
      [{ body: 'x', authorName: 'X', anchor: { id: '../p', quote: 'q' } }, 'anchor.id'],
      [{ body: 'x', authorName: 'X', anchor: { id: 'p1', quote: 'q'.repeat(1001) } }, 'anchor.quote'],
      [{ body: 'x', authorName: 'X', anchor: 'p1' }, 'anchor'],
    ];
    for (const [json, field] of cases) {
      const res = await post(json);
      refused(res, 422, 'validation_failed');
      expect(
        Object.hasOwn(res.body.error.fields, field),
        `${JSON.stringify(json).slice(0, 80)} → ${field}`,
      ).toBe(true);
    }
  });

  it('refuses replies to unknown, foreign-thread and deleted parents', async () => {
    refused(await post({ body: 'x', parentId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, f.a), 404, 'parent_not_found');
    refused(await post({ body: 'x', parentId: f.other }, f.a), 404, 'parent_not_found');
    refused(await post({ body: 'x', parentId: f.tomb }, f.a), 409, 'parent_deleted');
  });

  it('refuses an oversize request body with 413 before reading it all', async () => {
    const res = await h.call('POST', '/api/threads/h/comments', {
      raw: JSON.stringify({ body: 'x'.repeat(40_000), authorName: 'X' }),
    });
    refused(res, 413, 'payload_too_large');
    refused(
      await h.call('PATCH', `/api/threads/h/comments/${f.comment}`, { token: f.a, raw: 'x'.repeat(40_000) }),
      413,
      'payload_too_large',
    );
  });

  it('refuses a bad Idempotency-Key', async () => {
    for (const key of ['short', '../../etc', 'x'.repeat(129), 'a b c d e f g h']) {
      const res = await h.call('POST', '/api/threads/h/comments', {
        headers: { 'Idempotency-Key': key },
        json: { body: 'x', authorName: 'X' },
      });
      refused(res, 400, 'invalid_idempotency_key');
    }
  });

  it('refuses invalid, expired, unsigned and wrongly signed tokens on reads and writes', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tokens = [
      'garbage',
      `tlg_${'A'.repeat(43)}`,
      new UnsecuredJWT({ sub: 'x', role: 'moderator', exp: now + 3600 }).encode(),
      await sign({ sub: 'x', role: 'moderator', exp: now - 3600 }),
      await sign(
        { sub: 'x', role: 'moderator', exp: now + 3600 },
        new TextEncoder().encode('another-secret-that-is-long-enough!!'),
      ),
      await sign({ sub: 'x', role: 'moderator' }), // no exp: refused, a leaked token must not live forever
      await sign({ role: 'moderator', exp: now + 3600 }), // no sub
    ];
    for (const token of tokens) {
      refused(await post({ body: 'x', authorName: 'X' }, token), 401, 'invalid_token');
      refused(
        await h.call('DELETE', `/api/threads/h/comments/${f.comment}`, { token }),
        401,
        'invalid_token',
      );
      refused(await h.call('GET', '/api/threads/h/comments', { token }), 401, 'invalid_token');
      refused(await h.call('GET', '/api/me', { token }), 401, 'invalid_token');
    }
    const basic = await h.call('GET', '/api/me', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    refused(basic, 401, 'invalid_token');
    expect(basic.headers.get('WWW-Authenticate')).toBe('Bearer');
  });

  it("refuses another identity's edit and delete, and changes without an identity", async () => {
    refused(
      await h.call('PATCH', `/api/threads/h/comments/${f.comment}`, {
        token: f.b,
        json: { body: 'mine now' },
      }),
      403,
      'not_author',
    );
    refused(
      await h.call('DELETE', `/api/threads/h/comments/${f.comment}`, { token: f.b }),
      403,
      'not_author',
    );
    const user = await sign({ sub: 'u', role: 'user', exp: Math.floor(Date.now() / 1000) + 600 });
    refused(
      await h.call('DELETE', `/api/threads/h/comments/${f.comment}`, { token: user }),
      403,
      'not_author',
    );
    refused(
      await h.call('PATCH', `/api/threads/h/comments/${f.comment}`, { json: { body: 'x' } }),
      401,
      'identity_required',
    );
    refused(await h.call('DELETE', `/api/threads/h/comments/${f.comment}`), 401, 'identity_required');
    refused(
      await h.call('PUT', `/api/threads/h/comments/${f.comment}/vote`, { json: { value: 1 } }),
      401,
      'identity_required',
    );
    refused(
      await h.call('PATCH', `/api/threads/h/comments/${f.tomb}`, { token: f.a, json: { body: 'revive' } }),
      409,
      'comment_deleted',
    );
    refused(
      await h.call('PATCH', `/api/threads/h/comments/${f.comment}`, {
        token: f.a,
        json: { body: 'x', parentId: null },
      }),
      422,
      'validation_failed',
    );
    refused(
      await h.call('PATCH', `/api/threads/h/comments/${f.comment}`, { token: f.a, json: { body: '' } }),
      422,
      'validation_failed',
    );
  });

  it('refuses votes that are not -1, 0 or 1, and votes on tombstones', async () => {
    for (const json of [
      { value: 2 },
      { value: '1' },
      { value: true },
      { value: null },
      {},
      { value: 1, extra: 1 },
      { value: 0.5 },
      [1],
    ]) {
      const res = await h.call('PUT', `/api/threads/h/comments/${f.comment}/vote`, { token: f.b, json });
      refused(res, 422, 'validation_failed');
    }
    refused(
      await h.call('PUT', `/api/threads/h/comments/${f.tomb}/vote`, { token: f.b, json: { value: 1 } }),
      409,
      'comment_deleted',
    );
  });

  it('refuses bad list and reply queries', async () => {
    for (const q of [
      'sort=best',
      'limit=0',
      'limit=101',
      'limit=abc',
      'limit=-1',
      'limit=1.5',
      'replies=101',
      'replies=-1',
    ]) {
      refused(await h.call('GET', `/api/threads/h/comments?${q}`), 400, 'invalid_query');
    }
    for (const cursor of [
      'garbage',
      Buffer.from('["top","x",1]').toString('base64url'),
      Buffer.from('{"__proto__":1}').toString('base64url'),
    ]) {
      refused(await h.call('GET', `/api/threads/h/comments?cursor=${cursor}`), 400, 'invalid_cursor');
    }
    const page = await h.call('GET', '/api/threads/h/comments?sort=newest&limit=1');
    refused(
      await h.call('GET', `/api/threads/h/comments?sort=top&cursor=${page.body.nextCursor}`),
      400,
      'invalid_cursor',
    );
    refused(
      await h.call('GET', `/api/threads/h/comments/${f.comment}/replies?cursor=${page.body.nextCursor}`),
      400,
      'invalid_cursor',
    );
  });

  it('refuses bad counts requests, identity requests, thread updates and unknown routes', async () => {
    refused(await h.call('GET', '/api/counts'), 400, 'invalid_query');
    refused(
      await h.call(
        'GET',
        `/api/counts?${Array.from({ length: LIMITS.countThreadsMax + 1 }, (_, i) => `thread=t${i}`).join('&')}`,
      ),
      400,
      'too_many_threads',
    );
    refused(await h.call('GET', '/api/counts?thread=ok&thread=..%2Fx'), 400, 'invalid_query');
    refused(await h.call('GET', '/api/me'), 401, 'identity_required');
    refused(await h.call('POST', '/api/identities', { token: f.a, json: {} }), 400, 'identity_exists');
    refused(
      await h.call('POST', '/api/identities', { json: { name: 'n'.repeat(81) } }),
      422,
      'validation_failed',
    );
    refused(
      await h.call('POST', '/api/identities', { json: { name: 'X', role: 'moderator' } }),
      422,
      'validation_failed',
    );
    refused(await h.call('PUT', '/api/threads/h', { json: { closed: true } }), 401, 'identity_required');
    refused(
      await h.call('PUT', '/api/threads/h', { token: f.a, json: { closed: true } }),
      403,
      'moderator_required',
    );
    const mod = await sign({ sub: 'm', role: 'moderator', exp: Math.floor(Date.now() / 1000) + 600 });
    refused(
      await h.call('PUT', '/api/threads/h', { token: mod, json: { url: 'javascript:alert(1)' } }),
      422,
      'validation_failed',
    );
    refused(
      await h.call('PUT', '/api/threads/h', { token: mod, json: { closed: 'yes' } }),
      422,
      'validation_failed',
    );
    refused(await h.call('GET', '/api/threads/h/secrets'), 404, 'route_not_found');
    refused(await h.call('POST', '/api/threads/h'), 404, 'route_not_found');
  });

  it('counts a burst of votes from one identity once', async () => {
    const url = `/api/threads/h/comments/${f.comment}/vote`;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.call('PUT', url, { token: f.b, json: { value: 1 } })),
    );
    expect(results.every((r) => r.status === 200 && r.body.score === 1)).toBe(true);
    expect(await db.query('SELECT value FROM votes WHERE comment_id = $1', [f.comment])).toEqual([
      { value: 1 },
    ]);
    expect((await h.call('PUT', url, { token: f.b, json: { value: 0 } })).body.score).toBe(0);
  });
});

describe.each(BACKENDS)('limits on $name', ({ open }) => {
  let db: Database;
  afterAll(() => db?.close());
  beforeAll(async () => {
    db = await openBackend(open);
  });

  it('answers a burst over the per-identity limit with 429 and Retry-After, and stores nothing of it', async () => {
    const h = harness(db, { THREADLINE_RATE_WRITES_PER_IDENTITY: '3', THREADLINE_RATE_WINDOW: '60' });
    const { token } = await postAsGuest(h, 'burst'); // the first post had no identity yet
    for (let i = 0; i < 3; i++) {
      expect(
        (await h.call('POST', '/api/threads/burst/comments', { token, json: { body: `ok ${i}` } })).status,
      ).toBe(201);
    }
    const before = await snapshot(db);
    for (const address of ['198.51.100.1', '203.0.113.9']) {
      const res = await h.call('POST', '/api/threads/burst/comments', {
        token,
        json: { body: 'too fast' },
        headers: { 'X-Test-Address': address },
      });
      refused(res, 429, 'rate_limited');
      expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
    }
    expect(await snapshot(db)).toBe(before);
    h.clock.now += 61_000;
    expect(
      (await h.call('POST', '/api/threads/burst/comments', { token, json: { body: 'later' } })).status,
    ).toBe(201);
  });

  it('limits new guests per address', async () => {
    const h = harness(db, { THREADLINE_RATE_WRITES_PER_ADDRESS: '2' });
    const send = (address: string) =>
      h.call('POST', '/api/threads/burst-addr/comments', {
        json: { body: 'x', authorName: 'N' },
        headers: { 'X-Test-Address': address },
      });
    expect((await send('192.0.2.1')).status).toBe(201);
    expect((await send('192.0.2.1')).status).toBe(201);
    refused(await send('192.0.2.1'), 429, 'rate_limited');
    expect((await send('192.0.2.2')).status).toBe(201);
  });

  it('refuses comments on an unknown thread when threads must be created by a moderator', async () => {
    const h = harness(db, { THREADLINE_AUTO_CREATE_THREADS: 'false' });
    const before = await snapshot(db);
    refused(
      await h.call('POST', '/api/threads/never-made/comments', { json: { body: 'x', authorName: 'X' } }),
      404,
      'thread_not_found',
    );
    refused(await h.call('GET', '/api/threads/never-made'), 404, 'thread_not_found');
    refused(await h.call('GET', '/api/threads/never-made/comments'), 404, 'thread_not_found');
    expect(await snapshot(db)).toBe(before);
  });
});
