/** The HTTP API's contract, run against PGlite and against a real PostgreSQL server. */

import type { Comment, Page } from '@threadline/contract';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { seedThread } from '../src/seed';
import {
  BACKENDS,
  type Harness,
  harness,
  JWT_SECRET,
  openBackend,
  postAsGuest,
  tableCounts,
} from './support/harness';

const secret = new TextEncoder().encode(JWT_SECRET);
const siteToken = (claims: Record<string, unknown>, exp = '2h') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(String(claims.sub ?? 'u1'))
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(secret);

describe.each(BACKENDS)('API on $name', ({ open }) => {
  let db: Database;
  let h: Harness;
  beforeAll(async () => {
    db = await openBackend(open);
    h = harness(db);
  });
  afterAll(() => db?.close());

  describe('threads', () => {
    it('describes an unknown thread as empty and open', async () => {
      const res = await h.call('GET', '/api/threads/fresh-thread');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: 'fresh-thread',
        closed: false,
        commentCount: 0,
        editWindowSeconds: 900,
      });
    });

    it('lets a moderator set title, url and closed, and refuses new comments on a closed thread', async () => {
      const mod = await siteToken({ sub: 'mod', name: 'Mo', role: 'moderator' });
      const res = await h.call('PUT', '/api/threads/closing', {
        token: mod,
        json: { title: 'A story', url: 'https://news.example/a', closed: true },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: 'closing',
        title: 'A story',
        url: 'https://news.example/a',
        closed: true,
      });
      const post = await h.call('POST', '/api/threads/closing/comments', {
        json: { body: 'x', authorName: 'A' },
      });
      expect(post.status).toBe(403);
      expect(post.body.error.code).toBe('thread_closed');
      const user = await siteToken({ sub: 'u', name: 'U' });
      expect(
        (await h.call('PUT', '/api/threads/closing', { token: user, json: { closed: false } })).status,
      ).toBe(403);
    });
  });

  describe('create', () => {
    it('creates a top-level comment as a new guest and hands out an identity token once', async () => {
      const res = await h.call('POST', '/api/threads/t-create/comments', {
        json: { body: '  First!  ', authorName: 'Ann', anchor: { id: 'p3', quote: 'the ferry' } },
      });
      expect(res.status).toBe(201);
      const comment: Comment = res.body.comment;
      expect(comment).toMatchObject({
        thread: 't-create',
        parentId: null,
        author: { name: 'Ann', role: 'guest' },
        body: 'First!',
        score: 0,
        myVote: 0,
        replyCount: 0,
        status: 'published',
        pinned: false,
        anchor: { id: 'p3', quote: 'the ferry' },
      });
      expect(comment.id).toMatch(/^[0-9A-Z]{26}$/);
      expect(res.body.identity.token).toMatch(/^tlg_/);
      expect(res.body.identity.viewer).toEqual({ id: comment.author.id, name: 'Ann', role: 'guest' });
      const stored = await db.query<{ token_hash: string }>(
        'SELECT token_hash FROM identities WHERE id = $1',
        [comment.author.id],
      );
      expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored[0]?.token_hash).not.toContain(res.body.identity.token.slice(4));

      const me = await h.call('GET', '/api/me', { token: res.body.identity.token });
      expect(me.body).toEqual({ id: comment.author.id, name: 'Ann', role: 'guest' });
      const again = await h.call('POST', '/api/threads/t-create/comments', {
        token: res.body.identity.token,
        json: { body: 'Second' },
      });
      expect(again.status).toBe(201);
      expect(again.body.identity).toBeUndefined();
      expect(again.body.comment.author).toEqual(comment.author);
    });

    it('takes name, avatar and role from a site token', async () => {
      const token = await siteToken({
        sub: 'reader-9',
        name: 'Rita',
        picture: 'https://cdn.example/r.png',
        role: 'user',
      });
      const res = await h.call('POST', '/api/threads/t-site/comments', { token, json: { body: 'Hi' } });
      expect(res.status).toBe(201);
      expect(res.body.comment.author).toEqual({
        id: 'site:reader-9',
        name: 'Rita',
        avatar: 'https://cdn.example/r.png',
        role: 'user',
      });
      expect(res.body.identity).toBeUndefined();
    });

    it('stores a retried post once (Idempotency-Key) and gives a lost first answer a fresh token', async () => {
      const before = await tableCounts(db);
      const guestSecret = 'f00dfeed-2222-4333-8444-555566667777';
      const send = () =>
        h.call('POST', '/api/threads/t-idem/comments', {
          headers: { 'Idempotency-Key': 'c0ffee00-1111-4222-8333-444455556666' },
          json: { body: 'Once', authorName: 'Ida', guestSecret },
        });
      const first = await send();
      const second = await send();
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get('Idempotent-Replayed')).toBe('true');
      expect(second.body.comment).toEqual(first.body.comment);
      // Only the newest token works: the first answer was (as far as the server knows) never received.
      expect((await h.call('GET', '/api/me', { token: second.body.identity.token })).status).toBe(200);
      expect((await h.call('GET', '/api/me', { token: first.body.identity.token })).status).toBe(401);
      const after = await tableCounts(db);
      expect(after.comments - before.comments).toBe(1);
      expect(after.identities - before.identities).toBe(1);

      const reused = await h.call('POST', '/api/threads/t-idem/comments', {
        headers: { 'Idempotency-Key': 'c0ffee00-1111-4222-8333-444455556666' },
        json: { body: 'Something else', authorName: 'Ida' },
      });
      expect(reused.status).toBe(409);
      expect(reused.body.error.code).toBe('idempotency_key_reused');
    });

    it('stores concurrent duplicates of one keyed post once', async () => {
      const { token } = await postAsGuest(h, 't-race');
      const before = await tableCounts(db);
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          h.call('POST', '/api/threads/t-race/comments', {
            token,
            headers: { 'Idempotency-Key': 'race-key-0001-abcdef' },
            json: { body: 'Same' },
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(results.map((r) => r.body.comment.id)).size).toBe(1);
      expect((await tableCounts(db)).comments - before.comments).toBe(1);
    });
  });

  describe('list', () => {
    it('leads the first page with pinned comments in every sort and never pages them', async () => {
      const stored = await seedThread(db, 't-pinned', [
        {
          key: 'note',
          parentKey: null,
          authorName: 'Editors',
          body: 'Pinned note',
          minutesAgo: 90,
          score: 0,
          pinned: true,
        },
        { key: 'a', parentKey: null, authorName: 'A', body: 'A', minutesAgo: 60, score: 5 },
        { key: 'b', parentKey: null, authorName: 'B', body: 'B', minutesAgo: 30, score: 1 },
        { key: 'c', parentKey: null, authorName: 'C', body: 'C', minutesAgo: 10, score: 3 },
      ]);
      expect(stored).toBe(4);
      const bodiesOf = (page: { comments: Comment[] }) => page.comments.map((c) => c.body);
      for (const [sort, order] of [
        ['newest', ['C', 'B', 'A']],
        ['oldest', ['A', 'B', 'C']],
        ['top', ['A', 'C', 'B']],
      ] as const) {
        const first = await h.call('GET', `/api/threads/t-pinned/comments?sort=${sort}&limit=2&replies=0`);
        expect(bodiesOf(first.body)).toEqual(['Pinned note', ...order.slice(0, 2)]);
        expect(first.body.comments[0].pinned).toBe(true);
        const second = await h.call(
          'GET',
          `/api/threads/t-pinned/comments?sort=${sort}&limit=2&replies=0&cursor=${encodeURIComponent(first.body.nextCursor)}`,
        );
        expect(bodiesOf(second.body)).toEqual(order.slice(2));
        expect(second.body.nextCursor).toBeNull();
      }
    });

    const thread = 't-list';
    let ids: string[] = [];
    let token = '';
    beforeAll(async () => {
      ids = [];
      for (let i = 0; i < 5; i++) {
        h.clock.now += 1000;
        const res = await h.call('POST', `/api/threads/${thread}/comments`, {
          ...(token ? { token } : {}),
          json: { body: `c${i}`, authorName: 'Lister' },
        });
        token ||= res.body.identity.token;
        ids.push(res.body.comment.id);
      }
    });

    it('pages newest first with a keyset cursor and no overlap', async () => {
      const p1 = await h.call<Page>('GET', `/api/threads/${thread}/comments?sort=newest&limit=2`);
      expect(p1.body.comments.map((c) => c.body)).toEqual(['c4', 'c3']);
      const p2 = await h.call<Page>(
        'GET',
        `/api/threads/${thread}/comments?sort=newest&limit=2&cursor=${p1.body.nextCursor}`,
      );
      expect(p2.body.comments.map((c) => c.body)).toEqual(['c2', 'c1']);
      const p3 = await h.call<Page>(
        'GET',
        `/api/threads/${thread}/comments?sort=newest&limit=2&cursor=${p2.body.nextCursor}`,
      );
      expect(p3.body.comments.map((c) => c.body)).toEqual(['c0']);
      expect(p3.body.nextCursor).toBeNull();
    });

    it('sorts oldest first', async () => {
      const res = await h.call<Page>('GET', `/api/threads/${thread}/comments?sort=oldest&limit=10`);
      expect(res.body.comments.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    });

    it('sorts most voted first (score, then newest) and pages across equal scores', async () => {
      const voters = [];
      for (let i = 0; i < 2; i++) voters.push((await postAsGuest(h, 't-voters', 'v', `V${i}`)).token);
      for (const v of voters)
        await h.call('PUT', `/api/threads/${thread}/comments/${ids[1]}/vote`, {
          token: v,
          json: { value: 1 },
        });
      await h.call('PUT', `/api/threads/${thread}/comments/${ids[3]}/vote`, {
        token: voters[0],
        json: { value: 1 },
      });
      await h.call('PUT', `/api/threads/${thread}/comments/${ids[2]}/vote`, {
        token: voters[0],
        json: { value: -1 },
      });
      const seen: string[] = [];
      let cursor = '';
      do {
        const res = await h.call<Page>(
          'GET',
          `/api/threads/${thread}/comments?sort=top&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...res.body.comments.map((c) => `${c.body}:${c.score}`));
        cursor = res.body.nextCursor ?? '';
      } while (cursor);
      expect(seen).toEqual(['c1:2', 'c3:1', 'c4:0', 'c0:0', 'c2:-1']);
    });

    it('includes replies recursively up to the reply limit, oldest first, and pages the rest', async () => {
      const root = ids[0] as string;
      const replyIds: string[] = [];
      for (let i = 0; i < 3; i++) {
        h.clock.now += 1000;
        const r = await h.call('POST', `/api/threads/${thread}/comments`, {
          token,
          json: { body: `r${i}`, parentId: root },
        });
        expect(r.status).toBe(201);
        replyIds.push(r.body.comment.id);
      }
      const nested = await h.call('POST', `/api/threads/${thread}/comments`, {
        token,
        json: { body: 'r0.0', parentId: replyIds[0] },
      });
      expect(nested.status).toBe(201);

      const res = await h.call<Page>('GET', `/api/threads/${thread}/comments?sort=oldest&limit=1&replies=2`);
      expect(res.body.comments.map((c) => c.body)).toEqual(['c0', 'r0', 'r1', 'r0.0']);
      expect(res.body.comments[0]?.replyCount).toBe(3);

      const replies = await h.call<Page>(
        'GET',
        `/api/threads/${thread}/comments/${root}/replies?limit=2&replies=0`,
      );
      expect(replies.body.comments.map((c) => c.body)).toEqual(['r0', 'r1']);
      const rest = await h.call<Page>(
        'GET',
        `/api/threads/${thread}/comments/${root}/replies?limit=2&cursor=${replies.body.nextCursor}`,
      );
      expect(rest.body.comments.map((c) => c.body)).toEqual(['r2']);
      expect(rest.body.nextCursor).toBeNull();
    });

    it('answers 304 to a matching If-None-Match and a new ETag after a change', async () => {
      const first = await h.call('GET', `/api/threads/${thread}/comments`);
      const tag = first.headers.get('ETag') ?? '';
      expect(tag).not.toBe('');
      expect(first.headers.get('Cache-Control')).toContain('public');
      const again = await h.call('GET', `/api/threads/${thread}/comments`, {
        headers: { 'If-None-Match': tag },
      });
      expect(again.status).toBe(304);
      await h.call('POST', `/api/threads/${thread}/comments`, { token, json: { body: 'new' } });
      const changed = await h.call('GET', `/api/threads/${thread}/comments`, {
        headers: { 'If-None-Match': tag },
      });
      expect(changed.status).toBe(200);
      const personal = await h.call('GET', `/api/threads/${thread}/comments`, { token });
      expect(personal.headers.get('Cache-Control')).toBe('private, no-cache');
    });

    it('counts published comments for many threads in one request', async () => {
      const res = await h.call('GET', `/api/counts?thread=${thread}&thread=nothing-here&thread=constructor`);
      expect(res.status).toBe(200);
      expect(res.body.counts[thread]).toBeGreaterThanOrEqual(9);
      expect(res.body.counts['nothing-here']).toBe(0);
      expect(Object.hasOwn(res.body.counts, 'constructor')).toBe(true);
      expect(res.body.counts.constructor).toBe(0);
      // A thread key starts with a letter or digit, so `__proto__` is not one.
      expect((await h.call('GET', '/api/counts?thread=__proto__')).status).toBe(400);
    });
  });

  describe('edit, delete, vote', () => {
    it('lets the author edit within the window and not after; a moderator any time', async () => {
      const { comment, token } = await postAsGuest(h, 't-edit');
      const edited = await h.call('PATCH', `/api/threads/t-edit/comments/${comment.id}`, {
        token,
        json: { body: 'Fixed' },
      });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ id: comment.id, body: 'Fixed' });
      expect(edited.body.editedAt).toBeDefined();
      h.clock.now += 901_000;
      const late = await h.call('PATCH', `/api/threads/t-edit/comments/${comment.id}`, {
        token,
        json: { body: 'Late' },
      });
      expect(late.status).toBe(403);
      expect(late.body.error.code).toBe('edit_window_closed');
      const mod = await siteToken({ sub: 'm', name: 'Mod', role: 'moderator' });
      const byMod = await h.call('PATCH', `/api/threads/t-edit/comments/${comment.id}`, {
        token: mod,
        json: { body: 'Moderated' },
      });
      expect(byMod.status).toBe(200);
      expect(byMod.body.body).toBe('Moderated');
    });

    it('removes a comment without replies and tombstones one with replies', async () => {
      const { comment: parent, token } = await postAsGuest(h, 't-del');
      const child = await h.call('POST', '/api/threads/t-del/comments', {
        token,
        json: { body: 'child', parentId: parent.id },
      });
      const tomb = await h.call('DELETE', `/api/threads/t-del/comments/${parent.id}`, { token });
      expect(tomb.status).toBe(200);
      expect(tomb.body).toMatchObject({ id: parent.id, status: 'deleted', body: '', replyCount: 1 });
      const page = await h.call<Page>('GET', '/api/threads/t-del/comments');
      expect(page.body.comments.map((c) => [c.body, c.status])).toEqual([
        ['', 'deleted'],
        ['child', 'published'],
      ]);
      expect((await h.call('GET', '/api/threads/t-del')).body.commentCount).toBe(1);
      // Deleting the last reply also removes the tombstone it kept alive.
      const gone = await h.call('DELETE', `/api/threads/t-del/comments/${child.body.comment.id}`, { token });
      expect(gone.body.status).toBe('deleted');
      expect((await h.call<Page>('GET', '/api/threads/t-del/comments')).body.comments).toEqual([]);
      expect(await db.query("SELECT id FROM comments WHERE thread = 't-del'")).toEqual([]);
    });

    it('sorts a deleted comment kept for its replies by its shown score of 0 in most voted', async () => {
      const { comment: voted, token } = await postAsGuest(h, 't-del-top', 'voted', 'A');
      const { comment: later, token: other } = await postAsGuest(h, 't-del-top', 'later', 'B');
      await h.call('PUT', `/api/threads/t-del-top/comments/${voted.id}/vote`, {
        token: other,
        json: { value: 1 },
      });
      await h.call('POST', '/api/threads/t-del-top/comments', {
        token: other,
        json: { body: 're', parentId: voted.id },
      });
      const top = async () =>
        (await h.call<Page>('GET', '/api/threads/t-del-top/comments?sort=top&replies=0')).body.comments.map(
          (c) => [c.id, c.score],
        );
      expect(await top()).toEqual([
        [voted.id, 1],
        [later.id, 0],
      ]);
      await h.call('DELETE', `/api/threads/t-del-top/comments/${voted.id}`, { token });
      // Equal scores: newest first, as the widget orders a list it has whole.
      expect(await top()).toEqual([
        [later.id, 0],
        [voted.id, 0],
      ]);
    });

    it('counts one vote per identity; changing it replaces it; 0 takes it back', async () => {
      const { comment } = await postAsGuest(h, 't-vote');
      const { token: voter } = await postAsGuest(h, 't-vote-2', 'x', 'Voter');
      const url = `/api/threads/t-vote/comments/${comment.id}/vote`;
      for (let i = 0; i < 5; i++) {
        expect((await h.call('PUT', url, { token: voter, json: { value: 1 } })).body).toEqual({
          id: comment.id,
          score: 1,
          myVote: 1,
        });
      }
      expect((await h.call('PUT', url, { token: voter, json: { value: -1 } })).body).toEqual({
        id: comment.id,
        score: -1,
        myVote: -1,
      });
      const seen = await h.call<Page>('GET', '/api/threads/t-vote/comments', { token: voter });
      expect(seen.body.comments[0]).toMatchObject({ score: -1, myVote: -1 });
      expect((await h.call('PUT', url, { token: voter, json: { value: 0 } })).body).toEqual({
        id: comment.id,
        score: 0,
        myVote: 0,
      });
      expect(await db.query("SELECT * FROM votes WHERE thread = 't-vote'")).toEqual([]);
    });

    it('lets a reader get a guest identity to vote before posting', async () => {
      const res = await h.call('POST', '/api/identities', { json: { name: 'Lurker' } });
      expect(res.status).toBe(201);
      expect(res.body.viewer).toMatchObject({ name: 'Lurker', role: 'guest' });
      expect((await h.call('GET', '/api/me', { token: res.body.token })).body.name).toBe('Lurker');
    });
  });

  describe('CORS', () => {
    it('allows a configured origin, with the headers the widget needs', async () => {
      const res = await h.call('OPTIONS', '/api/threads/x/comments', {
        headers: {
          Origin: 'https://news.example',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://news.example');
      expect(res.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('idempotency-key');
      const get = await h.call('GET', '/api/threads/x', { headers: { Origin: 'https://news.example' } });
      expect(get.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After');
    });

    it('gives any other origin no Access-Control-Allow-Origin', async () => {
      const res = await h.call('OPTIONS', '/api/threads/x/comments', {
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      });
      expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
      const get = await h.call('GET', '/api/threads/x', { headers: { Origin: 'https://evil.example' } });
      expect(get.headers.get('Access-Control-Allow-Origin')).toBeNull();
    });
  });
});
