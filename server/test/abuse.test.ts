/**
 * What an attack run on the API found (issue 21), one finding per test, on both backends: client-written
 * proxy headers, replayed first posts, hostile names and text, forged cursors, closed threads, headers and
 * echoes. Every refusal is a clear 4xx with a stable code, never a 500.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import {
  BACKENDS,
  type Harness,
  harness,
  JWT_SECRET,
  openBackend,
  postAsGuest,
  type Reply,
  tableCounts,
} from './support/harness';

const secret = new TextEncoder().encode(JWT_SECRET);
const siteToken = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(typeof claims.sub === 'string' ? claims.sub : 'u1')
    .setExpirationTime('2h')
    .sign(secret);

function refused(res: Reply, status: number, code: string, field?: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
  expect(res.body.error.message.length).toBeGreaterThan(10);
  if (field !== undefined) expect(Object.keys(res.body.error.fields ?? {})).toContain(field);
}

describe.each(BACKENDS)('attacks on $name', ({ open }) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openBackend(open);
    h = harness(db);
  });
  afterAll(() => db?.close());

  const post = (
    thread: string,
    json: unknown,
    options: { token?: string; headers?: Record<string, string> } = {},
  ) => h.call('POST', `/api/threads/${thread}/comments`, { json, ...options });

  describe('X-Forwarded-For', () => {
    it('limits one client by the address its proxy appended, whatever it writes to the left', async () => {
      const behindProxy = harness(db, {
        THREADLINE_TRUST_PROXY: 'true',
        THREADLINE_RATE_WRITES_PER_ADDRESS: '30',
      });
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) {
        const res = await behindProxy.call('POST', '/api/threads/xff/comments', {
          json: { body: `post ${i}`, authorName: 'Flood' },
          // The client sends "X-Forwarded-For: 10.x.y.z"; the proxy appends the address it saw.
          headers: { 'X-Forwarded-For': `10.${i % 250}.${i}.1, 203.0.113.50` },
        });
        statuses.push(res.status);
      }
      expect(statuses.filter((s) => s === 201)).toHaveLength(30);
      expect(statuses.filter((s) => s === 429)).toHaveLength(170);
      // Another client behind the same proxy has its own allowance.
      const other = await behindProxy.call('POST', '/api/threads/xff/comments', {
        json: { body: 'me too', authorName: 'Other' },
        headers: { 'X-Forwarded-For': '10.0.0.1, 203.0.113.51' },
      });
      expect(other.status).toBe(201);
    });

    it('takes the entry a configured number of proxies from the right, and ignores the header without one', async () => {
      const twoProxies = harness(db, {
        THREADLINE_TRUST_PROXY: '2',
        THREADLINE_RATE_WRITES_PER_ADDRESS: '1',
      });
      const send = (app: Harness, forwarded: string) =>
        app.call('POST', '/api/threads/xff-hops/comments', {
          json: { body: 'x', authorName: 'Hop' },
          headers: { 'X-Forwarded-For': forwarded },
        });
      // spoofed, client (written by the CDN), CDN edge (written by the load balancer)
      expect((await send(twoProxies, '1.1.1.1, 198.51.100.20, 192.0.2.9')).status).toBe(201);
      refused(await send(twoProxies, '2.2.2.2, 198.51.100.20, 192.0.2.10'), 429, 'rate_limited');
      expect((await send(twoProxies, '2.2.2.2, 198.51.100.21, 192.0.2.9')).status).toBe(201);

      const noProxy = harness(db, { THREADLINE_RATE_WRITES_PER_ADDRESS: '1' });
      expect((await send(noProxy, '198.51.100.30')).status).toBe(201);
      refused(await send(noProxy, '198.51.100.31'), 429, 'rate_limited'); // one socket address
    });
  });

  describe('replayed first posts', () => {
    const key = '7c1e9c2a-5b7d-4f3e-9a41-0d2b6c8e1f00';
    const guestSecret = 'a3f1c9e07b2d4e6f8a1b3c5d7e9f0a2b';

    it('answers a replay without the first post’s secret with the comment and no token; the guest keeps theirs', async () => {
      const first = await post(
        'replay',
        { body: 'My first', authorName: 'Guest One', guestSecret },
        {
          headers: { 'Idempotency-Key': key },
        },
      );
      expect(first.status).toBe(201);
      const before = await tableCounts(db);
      // An attacker who saw the comment (body, name) and learned the key:
      for (const attempt of [
        { body: 'My first', authorName: 'Guest One' },
        { body: 'My first', authorName: 'Guest One', guestSecret: 'b'.repeat(32) },
      ]) {
        const replay = await post('replay', attempt, { headers: { 'Idempotency-Key': key } });
        expect(replay.status).toBe(201);
        expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
        expect(replay.body.comment.id).toBe(first.body.comment.id);
        expect(replay.body.identity).toBeUndefined();
      }
      expect((await h.call('GET', '/api/me', { token: first.body.identity.token })).status).toBe(200);
      expect(await tableCounts(db)).toEqual(before);

      // The original client, whose answer was lost, shows its secret and gets a working token.
      const own = await post(
        'replay',
        { body: 'My first', authorName: 'Guest One', guestSecret },
        {
          headers: { 'Idempotency-Key': key },
        },
      );
      expect(own.body.identity.viewer.id).toBe(first.body.identity.viewer.id);
      const edited = await h.call('PATCH', `/api/threads/replay/comments/${first.body.comment.id}`, {
        token: own.body.identity.token,
        json: { body: 'Edited by its author' },
      });
      expect(edited.status).toBe(200);
    });

    it('refuses idempotency keys too short or too odd to be random, and malformed secrets', async () => {
      for (const badKey of [
        'abcdefgh',
        'a'.repeat(15),
        'a.b:c.d:e.f:g.h:i',
        'x'.repeat(129),
        'kéy-0123456789abcdef',
      ]) {
        const res = await post(
          'keys',
          { body: 'x', authorName: 'K' },
          { headers: { 'Idempotency-Key': badKey } },
        );
        refused(res, 400, 'invalid_idempotency_key');
        expect(res.body.error.message).toContain('16–128');
      }
      expect(
        (
          await post(
            'keys',
            { body: 'x', authorName: 'K' },
            { headers: { 'Idempotency-Key': crypto.randomUUID() } },
          )
        ).status,
      ).toBe(201);
      for (const bad of ['short', 'x'.repeat(129), 'has spaces in it and is long enough!!']) {
        refused(
          await post(
            'keys',
            { body: 'x', authorName: 'K', guestSecret: bad },
            {
              headers: { 'Idempotency-Key': crypto.randomUUID() },
            },
          ),
          422,
          'validation_failed',
          'guestSecret',
        );
      }
    });
  });

  describe('names', () => {
    it('refuses invisible-only names, bidi controls and lone surrogates, on posts and identities', async () => {
      for (const name of [
        '\u200b\u200b',
        '\u3164',
        '\u2800\u200d',
        '\u202eredaeR',
        'Ann\u2066x\u2069',
        'Ann\ud800',
      ]) {
        refused(await post('names', { body: 'x', authorName: name }), 422, 'validation_failed', 'authorName');
        refused(
          await h.call('POST', '/api/identities', { json: { name } }),
          422,
          'validation_failed',
          'name',
        );
      }
    });

    it('refuses a guest name that a signed-in user or moderator writes under, case- and space-insensitively', async () => {
      const editor = await siteToken({ sub: 'ed-1', name: 'Ed Itor', role: 'moderator' });
      expect((await post('names', { body: 'From the desk' }, { token: editor })).status).toBe(201);
      for (const name of ['Ed Itor', 'ed itor', 'EDITOR', ' Ed\u200b Itor ', 'Ｅｄ Ｉｔｏｒ']) {
        refused(await post('names', { body: 'x', authorName: name }), 422, 'name_taken', 'authorName');
        refused(await h.call('POST', '/api/identities', { json: { name } }), 422, 'name_taken', 'name');
      }
      // A guest who already has another name cannot switch to it either, and keeps writing as before.
      const guest = await postAsGuest(h, 'names', 'hello', 'Plain Reader');
      refused(
        await post('names', { body: 'x', authorName: 'Ed Itor' }, { token: guest.token }),
        422,
        'name_taken',
      );
      expect(
        (await post('names', { body: 'again', authorName: 'Plain Reader' }, { token: guest.token })).status,
      ).toBe(201);
      refused(await post('names', { body: 'x', authorName: '[deleted]' }), 422, 'name_taken', 'authorName');
    });

    it('refuses a site token whose claims hold NUL, controls or bidi overrides (401, not 500)', async () => {
      for (const claims of [
        { sub: 'nul-name', name: 'Bad\u0000Name' },
        { sub: 'bidi-name', name: '\u202eNAME' },
        { sub: 'nul\u0000sub', name: 'Fine' },
        { sub: 'ctrl', name: 'Tab\tName' },
      ]) {
        const token = await siteToken(claims);
        refused(await post('claims', { body: 'x' }, { token }), 401, 'invalid_token');
        refused(await h.call('GET', '/api/me', { token }), 401, 'invalid_token');
      }
    });
  });

  describe('text', () => {
    it('refuses lone surrogates, NUL and control characters, and invisible-only bodies (422, not 500)', async () => {
      const { token, comment } = await postAsGuest(h, 'text', 'original', 'Writer');
      for (const body of ['a\ud800b', '\udfffa', 'bell\u0007', '\u200b\u2060\u00ad', '\u3164 \u2800']) {
        refused(await post('text', { body, authorName: 'T' }), 422, 'validation_failed', 'body');
        refused(
          await h.call('PATCH', `/api/threads/text/comments/${comment.id}`, { token, json: { body } }),
          422,
          'validation_failed',
          'body',
        );
      }
      refused(
        await post('text', { body: 'x', authorName: 'T', anchor: { id: 'p1', quote: 'a\ud800' } }),
        422,
        'validation_failed',
        'anchor.quote',
      );
      // Text with surrogate pairs, tabs and line breaks is fine.
      expect((await post('text', { body: 'ok 😀\ttab\r\nnew line', authorName: 'T' })).status).toBe(201);
    });

    it('refuses NUL and lone surrogates in a thread title or url (422, not 500)', async () => {
      const mod = await siteToken({ sub: 'mod-t', name: 'Mod T', role: 'moderator' });
      for (const json of [
        { title: 'A\u0000B' },
        { title: 'A\ud800' },
        { url: 'https://news.example/\u0000' },
        { url: 'https://news.example/\ud800' },
      ]) {
        refused(await h.call('PUT', '/api/threads/titled', { token: mod, json }), 422, 'validation_failed');
      }
    });

    it('refuses a forged "top" cursor whose score is beyond an integer (400, not 500)', async () => {
      await postAsGuest(h, 'cursor', 'one', 'C');
      const id = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
      for (const score of [2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, 1.5]) {
        const cursor = Buffer.from(JSON.stringify(['top', id, score])).toString('base64url');
        refused(
          await h.call('GET', `/api/threads/cursor/comments?sort=top&cursor=${cursor}`),
          400,
          'invalid_cursor',
        );
      }
      const fine = Buffer.from(JSON.stringify(['top', id, 2 ** 31 - 1])).toString('base64url');
      expect((await h.call('GET', `/api/threads/cursor/comments?sort=top&cursor=${fine}`)).status).toBe(200);
    });
  });

  describe('closed threads', () => {
    it('refuse edits, deletes and votes (403 thread_closed); moderators still edit and delete', async () => {
      const mod = await siteToken({ sub: 'mod-c', name: 'Mod C', role: 'moderator' });
      const author = await postAsGuest(h, 'to-close', 'mine', 'Author C');
      const second = await post('to-close', { body: 'second' }, { token: author.token });
      const voter = await postAsGuest(h, 'elsewhere-c', 'hi', 'Voter C');
      expect(
        (await h.call('PUT', '/api/threads/to-close', { token: mod, json: { closed: true } })).status,
      ).toBe(200);

      const path = `/api/threads/to-close/comments/${author.comment.id}`;
      refused(
        await h.call('PATCH', path, { token: author.token, json: { body: 'changed' } }),
        403,
        'thread_closed',
      );
      refused(await h.call('DELETE', path, { token: author.token }), 403, 'thread_closed');
      refused(
        await h.call('PUT', `${path}/vote`, { token: voter.token, json: { value: 1 } }),
        403,
        'thread_closed',
      );
      refused(await h.call('PUT', `${path}/vote`, { token: mod, json: { value: 1 } }), 403, 'thread_closed');
      const list = await h.call('GET', '/api/threads/to-close/comments');
      expect(list.body.comments.find((c: { id: string }) => c.id === author.comment.id)).toMatchObject({
        body: 'mine',
        score: 0,
      });

      expect((await h.call('PATCH', path, { token: mod, json: { body: 'moderated' } })).status).toBe(200);
      const gone = await h.call('DELETE', `/api/threads/to-close/comments/${second.body.comment.id}`, {
        token: mod,
      });
      expect(gone.status).toBe(200);
    });
  });

  describe('headers and echoes', () => {
    it('sends X-Content-Type-Options: nosniff on answers, errors and streams', async () => {
      const app = h.app;
      for (const [path, status] of [
        ['/api/threads/headers', 200],
        ['/api/threads/headers/comments', 200],
        ['/api/no-such-route', 404],
        ['/api/threads/..%2Fx', 400],
        ['/elsewhere', 404],
      ] as const) {
        const res = await app.request(path);
        expect(res.status).toBe(status);
        expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      }
      const controller = new AbortController();
      const stream = await app.request('/api/threads/headers/events', { signal: controller.signal });
      expect(stream.headers.get('X-Content-Type-Options')).toBe('nosniff');
      await stream.body?.cancel();
    });

    it('never echoes the request back in an error body', async () => {
      const hostile = '<img src=x onerror=alert(1)>';
      const answers = [
        await h.call('GET', `/api/${encodeURIComponent(hostile)}`),
        await h.call('GET', `/api/counts?thread=${encodeURIComponent(hostile)}`),
        await h.call('GET', `/api/threads/${encodeURIComponent(hostile)}`),
        await post('echo', { body: 'x', authorName: 'E', [hostile]: 1 }),
        await post('echo', { body: 'x', authorName: hostile.replace(/[<>]/g, '\u202e') }),
      ];
      for (const res of answers) {
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(JSON.stringify(res.body)).not.toContain('onerror');
      }
    });
  });

  describe('thread keys', () => {
    const key = '2026/11/night-ferry';
    const path = `/api/threads/${encodeURIComponent(key)}`;

    it("accept the README's example key as one encoded path segment on every route", async () => {
      expect((await h.call('GET', path)).body).toMatchObject({ id: key, closed: false });
      const created = await post(encodeURIComponent(key), { body: 'On the ferry', authorName: 'Rider' });
      expect(created.status).toBe(201);
      expect(created.body.comment.thread).toBe(key);
      const page = await h.call('GET', `${path}/comments`);
      expect(page.body.comments.map((c: { body: string }) => c.body)).toEqual(['On the ferry']);
      const id = created.body.comment.id;
      // Another reader votes (authors cannot vote on their own comments).
      const { token } = (await h.call('POST', '/api/identities', { json: { name: 'Voter' } })).body;
      expect(
        (await h.call('PUT', `${path}/comments/${id}/vote`, { token, json: { value: 1 } })).body.score,
      ).toBe(1);
      expect((await h.call('GET', `${path}/comments/${id}/replies`)).status).toBe(200);
      expect((await h.call('GET', `/api/counts?thread=${encodeURIComponent(key)}`)).body.counts).toEqual({
        [key]: 1,
      });
      const stream = await h.app.request(`${path}/events`);
      expect(stream.status).toBe(200);
      await stream.body?.cancel();
      for (const other of ['a.b_c~d:e@f+g-h', 'x'.repeat(200), 'https:/example.com/a']) {
        expect((await h.call('GET', `/api/threads/${encodeURIComponent(other)}`)).status).toBe(200);
      }
    });

    it('refuse what the widget refuses too', async () => {
      for (const bad of [
        '_private',
        '-x',
        '.x',
        '/x',
        'a b',
        'a?b',
        'a#b',
        'a%b',
        'x'.repeat(201),
        'ünïcode',
      ]) {
        refused(await h.call('GET', `/api/threads/${encodeURIComponent(bad)}`), 400, 'invalid_path');
      }
      // Unencoded slashes are more path segments: no such route.
      refused(await h.call('GET', `/api/threads/${key}/comments`), 404, 'route_not_found');
    });
  });
});
