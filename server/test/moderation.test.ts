/**
 * Moderation on the server: policies that hold comments, what held comments look like to whom, moderators'
 * actions and their audit log, readers' reports, and hostile requests to the new endpoints. On PGlite and
 * on PostgreSQL.
 */
import type { Comment } from '@threadline/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database';
import { eventsAfter } from '../src/live/events';
import { BACKENDS, type Harness, harness, openBackend, postAsGuest, siteToken } from './support/harness';

const bodies = (comments: Comment[]) => comments.map((c) => c.body);

describe.each(BACKENDS)('moderation on $name', ({ open }) => {
  let db: Database;
  let h: Harness;
  let mod: string;
  beforeAll(async () => {
    db = await openBackend(open);
    h = harness(db);
    mod = await siteToken({ sub: 'mod-1', name: 'Mo Derator', role: 'moderator' });
  });
  afterAll(() => db?.close());

  const setPolicy = (thread: string, policy: string | null) =>
    h.call('PUT', `/api/threads/${thread}`, { token: mod, json: { policy } });
  const list = async (thread: string, token?: string) =>
    (await h.call('GET', `/api/threads/${thread}/comments?replies=5`, { token })).body.comments as Comment[];
  const act = (thread: string, id: string, action: string, reason?: string, token = mod) =>
    h.call('POST', `/api/threads/${thread}/comments/${id}/moderation`, {
      token,
      json: reason === undefined ? { action } : { action, reason },
    });
  const newReader = async (name: string) =>
    (await h.call('POST', '/api/identities', { json: { name } })).body.token as string;
  const eventTypes = async (thread: string) =>
    (await eventsAfter(db, thread, '0')).map(({ event }) =>
      'comment' in event ? `${event.type}:${event.comment.status}` : event.type,
    );

  describe('premoderate', () => {
    const T = 'mod-premoderate';

    it('holds a guest’s comment: its author sees it waiting, nobody else sees it, nothing goes live', async () => {
      expect((await setPolicy(T, 'premoderate')).body).toMatchObject({ policy: 'premoderate' });
      const { comment, token } = await postAsGuest(h, T, 'Held back', 'Ann');
      expect(comment).toMatchObject({ status: 'pending', body: 'Held back' });
      expect(comment.statusReason).toBeUndefined(); // what held it is the moderators' business
      expect(bodies(await list(T))).toEqual([]);
      expect(bodies(await list(T, await newReader('Bo')))).toEqual([]);
      expect(await list(T, token)).toMatchObject([{ body: 'Held back', status: 'pending' }]);
      expect((await h.call('GET', `/api/threads/${T}`)).body.commentCount).toBe(0);
      expect((await h.call('GET', `/api/counts?thread=${T}`)).body.counts[T]).toBe(0);
      expect(await eventTypes(T)).toEqual([]);
      // Moderators see it in the thread, with what held it.
      expect(await list(T, mod)).toMatchObject([
        { body: 'Held back', status: 'pending', statusReason: 'policy' },
      ]);
    });

    it('publishes a moderator’s own comment at once', async () => {
      const res = await h.call('POST', `/api/threads/${T}/comments`, {
        token: mod,
        json: { body: 'From the desk' },
      });
      expect(res.body.comment.status).toBe('published');
    });

    it('shows an approved comment to everyone, live, and logs who approved it', async () => {
      const { comment } = await postAsGuest(h, T, 'Approve me', 'Cy');
      const approved = await act(T, comment.id, 'approve');
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ id: comment.id, status: 'published' });
      expect(bodies(await list(T))).toContain('Approve me');
      expect(await eventTypes(T)).toEqual(['comment-created:published', 'comment-created:published']);
      const log = await h.call('GET', `/api/moderation/log?thread=${T}`, { token: mod });
      expect(log.body.entries[0]).toMatchObject({
        actor: { id: 'site:mod-1', name: 'Mo Derator' },
        action: 'approve',
        thread: T,
        commentId: comment.id,
        before: { status: 'pending' },
        after: { status: 'published' },
      });
    });

    it('tells the author of a rejected comment why, and nobody else anything', async () => {
      const { comment, token } = await postAsGuest(h, T, 'Reject me', 'Di');
      await act(T, comment.id, 'reject', 'Personal attacks are not allowed.');
      expect(await list(T, token)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            body: 'Reject me',
            status: 'rejected',
            statusReason: 'Personal attacks are not allowed.',
          }),
        ]),
      );
      expect(bodies(await list(T))).not.toContain('Reject me');
    });

    it('shows a comment marked as spam to its author as still waiting', async () => {
      const { comment, token } = await postAsGuest(h, T, 'Buy now', 'Ed');
      await act(T, comment.id, 'spam');
      const mine = (await list(T, token)).find((c) => c.id === comment.id);
      expect(mine).toMatchObject({ status: 'pending' });
      expect(mine?.statusReason).toBeUndefined();
      const queue = await h.call('GET', `/api/moderation/queue?kind=spam&thread=${T}`, { token: mod });
      expect(queue.body.items.map((i: { comment: Comment }) => i.comment.id)).toEqual([comment.id]);
    });
  });

  describe('first-post and signed-in', () => {
    it('holds a new identity’s first comment and publishes the next once one was approved', async () => {
      const T = 'mod-first-post';
      await setPolicy(T, 'first-post');
      const { comment, token } = await postAsGuest(h, T, 'My first', 'Fay');
      expect(comment.status).toBe('pending');
      await act(T, comment.id, 'approve');
      const second = await h.call('POST', `/api/threads/${T}/comments`, {
        token,
        json: { body: 'My second' },
      });
      expect(second.body.comment.status).toBe('published');
    });

    it('refuses guests and takes signed-in readers', async () => {
      const T = 'mod-signed-in';
      await setPolicy(T, 'signed-in');
      const guest = await h.call('POST', `/api/threads/${T}/comments`, {
        json: { body: 'Hi', authorName: 'Gus' },
      });
      expect(guest.status).toBe(403);
      expect(guest.body.error.code).toBe('sign_in_required');
      const user = await siteToken({ sub: 'reader-9', name: 'Reader Nine' });
      const signed = await h.call('POST', `/api/threads/${T}/comments`, {
        token: user,
        json: { body: 'Hi' },
      });
      expect(signed.status).toBe(201);
      expect((await h.call('GET', `/api/threads/${T}`)).body.policy).toBe('signed-in');
      expect((await setPolicy(T, null)).body.policy).toBeUndefined(); // back to the site's default (open)
    });

    it('closes a thread by itself THREADLINE_AUTO_CLOSE_DAYS after it started', async () => {
      const aging = harness(db, { THREADLINE_AUTO_CLOSE_DAYS: '2' });
      await postAsGuest(aging, 'mod-aging', 'Day one');
      aging.clock.now += 3 * 86_400_000;
      expect((await aging.call('GET', '/api/threads/mod-aging')).body.closed).toBe(true);
      const late = await aging.call('POST', '/api/threads/mod-aging/comments', {
        json: { body: 'x', authorName: 'Hal' },
      });
      expect(late.body.error.code).toBe('thread_closed');
    });
  });

  describe('held replies', () => {
    it('keeps a held reply out of its parent’s count for readers, and the parent can still be deleted', async () => {
      const T = 'mod-held-reply';
      const parent = await postAsGuest(h, T, 'Parent', 'Ida');
      await setPolicy(T, 'premoderate');
      const reply = await h.call('POST', `/api/threads/${T}/comments`, {
        json: { body: 'Held reply', parentId: parent.comment.id, authorName: 'Jo' },
      });
      expect(reply.body.comment.status).toBe('pending');
      expect(await list(T)).toMatchObject([{ body: 'Parent', replyCount: 0 }]);
      expect(bodies(await list(T, reply.body.identity.token))).toEqual(['Parent', 'Held reply']);
      const deleted = await h.call('DELETE', `/api/threads/${T}/comments/${parent.comment.id}`, {
        token: parent.token,
      });
      expect(deleted.status).toBe(200); // a tombstone: the held reply keeps its place
      expect(bodies(await list(T, reply.body.identity.token))).toEqual(['', 'Held reply']);
    });
  });

  describe('reports', () => {
    const T = 'mod-reports';
    let target: Comment;
    let author: string;
    beforeAll(async () => {
      ({ comment: target, token: author } = await postAsGuest(h, T, 'Contested words', 'Kai'));
    });

    it('counts one report per reader and hides the comment at the threshold, live', async () => {
      const first = await newReader('R1');
      expect(
        (
          await h.call('POST', `/api/threads/${T}/comments/${target.id}/reports`, {
            token: first,
            json: { reason: 'abuse' },
          })
        ).status,
      ).toBe(201);
      const again = await h.call('POST', `/api/threads/${T}/comments/${target.id}/reports`, {
        token: first,
        json: { reason: 'spam' },
      });
      expect(again).toMatchObject({ status: 200, body: { counted: false } });
      for (const name of ['R2', 'R3']) {
        await h.call('POST', `/api/threads/${T}/comments/${target.id}/reports`, {
          token: await newReader(name),
          json: { reason: 'off-topic' },
        });
      }
      expect(bodies(await list(T))).toEqual([]);
      expect(await list(T, author)).toMatchObject([{ body: 'Contested words', status: 'pending' }]);
      expect((await eventTypes(T)).at(-1)).toBe('comment-deleted:deleted');
      const queue = await h.call('GET', `/api/moderation/queue?kind=reported&thread=${T}`, { token: mod });
      expect(queue.body.items[0]).toMatchObject({
        comment: { id: target.id, reportCount: 3, statusReason: 'reports' },
      });
      expect(queue.body.items[0].reports.map((r: { reason: string }) => r.reason).sort()).toEqual([
        'abuse',
        'off-topic',
        'off-topic',
      ]);
      const log = await h.call('GET', `/api/moderation/log?thread=${T}`, { token: mod });
      expect(log.body.entries[0]).toMatchObject({
        actor: { id: 'system' },
        action: 'hide',
        reason: '3 reports',
      });
    });

    it('brings a reviewed comment back with a clean slate', async () => {
      await act(T, target.id, 'approve');
      expect(bodies(await list(T))).toEqual(['Contested words']);
      const queue = await h.call('GET', `/api/moderation/queue?kind=reported&thread=${T}`, { token: mod });
      expect(queue.body.items).toEqual([]);
    });

    it('refuses a report of one’s own comment, an illegal-content report without an explanation, and garbage', async () => {
      const path = `/api/threads/${T}/comments/${target.id}/reports`;
      expect((await h.call('POST', path, { token: author, json: { reason: 'spam' } })).body.error.code).toBe(
        'own_comment',
      );
      const reader = await newReader('R4');
      const illegal = await h.call('POST', path, { token: reader, json: { reason: 'illegal' } });
      expect(illegal.status).toBe(422);
      expect(illegal.body.error.fields).toHaveProperty('detail');
      for (const json of [
        {},
        { reason: 'boring' },
        { reason: 'spam', detail: 'x'.repeat(501) },
        { reason: 'spam', extra: 1 },
      ]) {
        expect((await h.call('POST', path, { token: reader, json })).status).toBe(422);
      }
      expect((await h.call('POST', path, { json: { reason: 'spam' } })).status).toBe(401);
      expect(
        (
          await h.call('POST', `/api/threads/${T}/comments/${'0'.repeat(26)}/reports`, {
            token: reader,
            json: { reason: 'spam' },
          })
        ).status,
      ).toBe(404);
    });
  });

  describe('moderators’ tools', () => {
    const T = 'mod-tools';

    it('pins and unpins top-level comments only', async () => {
      const { comment } = await postAsGuest(h, T, 'Worth pinning', 'Lu');
      expect((await act(T, comment.id, 'pin')).body.pinned).toBe(true);
      const reply = await h.call('POST', `/api/threads/${T}/comments`, {
        token: mod,
        json: { body: 'A reply', parentId: comment.id },
      });
      expect((await act(T, reply.body.comment.id, 'pin')).body.error.code).toBe('not_top_level');
      expect((await act(T, comment.id, 'unpin')).body.pinned).toBe(false);
    });

    it('keeps the text a moderator replaced, and readers see it was edited by a moderator', async () => {
      const { comment } = await postAsGuest(h, T, 'Original words', 'Mia');
      const edited = await h.call('PATCH', `/api/threads/${T}/comments/${comment.id}`, {
        token: mod,
        json: { body: 'Moderated words' },
      });
      expect(edited.body).toMatchObject({ body: 'Moderated words', editedByModerator: true });
      expect((await list(T)).find((c) => c.id === comment.id)).toMatchObject({ editedByModerator: true });
      const versions = await h.call('GET', `/api/threads/${T}/comments/${comment.id}/versions`, {
        token: mod,
      });
      expect(versions.body.versions).toMatchObject([
        { version: 1, body: 'Original words', replacedBy: 'site:mod-1' },
      ]);
    });

    it('refuses readers, bad actions and bad queries with clear codes', async () => {
      const { comment, token } = await postAsGuest(h, T, 'Target', 'Ned');
      expect((await act(T, comment.id, 'approve', undefined, token)).body.error.code).toBe(
        'moderator_required',
      );
      expect(
        (
          await h.call('POST', `/api/threads/${T}/comments/${comment.id}/moderation`, {
            json: { action: 'approve' },
          })
        ).status,
      ).toBe(401);
      for (const json of [
        {},
        { action: 'delete' },
        { action: 'reject', reason: 'x'.repeat(501) },
        { action: 'reject', reason: 'a\u0000b' },
      ]) {
        expect(
          (await h.call('POST', `/api/threads/${T}/comments/${comment.id}/moderation`, { token: mod, json }))
            .status,
        ).toBe(422);
      }
      expect((await act(T, '0'.repeat(26), 'approve')).status).toBe(404);
      expect((await h.call('GET', '/api/moderation/queue', { token })).status).toBe(403);
      expect((await h.call('GET', '/api/moderation/queue?kind=everything', { token: mod })).status).toBe(400);
      expect((await h.call('GET', '/api/moderation/log?cursor=abc', { token: mod })).status).toBe(400);
      expect(
        (await h.call('GET', `/api/threads/${T}/comments/${comment.id}/versions`, { token })).status,
      ).toBe(403);
    });

    it('refuses a vote on one’s own comment', async () => {
      const { comment, token } = await postAsGuest(h, T, 'Mine', 'Oli');
      const res = await h.call('PUT', `/api/threads/${T}/comments/${comment.id}/vote`, {
        token,
        json: { value: 1 },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('own_comment');
    });

    it('logs closing and reopening a thread', async () => {
      await h.call('PUT', `/api/threads/${T}`, { token: mod, json: { closed: true } });
      await h.call('PUT', `/api/threads/${T}`, { token: mod, json: { closed: false } });
      const log = await h.call('GET', `/api/moderation/log?thread=${T}&limit=2`, { token: mod });
      expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(['reopen', 'close']);
      const next = await h.call(
        'GET',
        `/api/moderation/log?thread=${T}&limit=2&cursor=${log.body.nextCursor}`,
        {
          token: mod,
        },
      );
      expect(next.body.entries[0].action).not.toBe('reopen');
    });
  });

  describe('look-alike names', () => {
    it('refuses a guest name that reads like a moderator’s, and keeps unrelated names', async () => {
      const T = 'mod-names';
      await h.call('POST', `/api/threads/${T}/comments`, { token: mod, json: { body: 'Desk speaking' } });
      for (const name of [
        'Mo Dеrator',
        'MO DERATOR',
        'Ｍｏ Ｄｅｒａｔｏｒ',
        'Mo\u200bDerator',
        'M0 Derator',
      ]) {
        const res = await h.call('POST', `/api/threads/${T}/comments`, {
          json: { body: 'Hi', authorName: name },
        });
        expect(res.status, name).toBe(422);
        expect(res.body.error.fields.authorName).toMatch(/looks like the name of/);
      }
      const named = await h.call('POST', '/api/identities', { json: { name: 'Mo Dеrator' } });
      expect(named.status).toBe(422);
      expect(
        (
          await h.call('POST', `/api/threads/${T}/comments`, {
            json: { body: 'Hi', authorName: 'Moe Rator' },
          })
        ).status,
      ).toBe(201);
    });
  });

  describe('bans', () => {
    const T = 'mod-bans';
    const at = (address: string) => ({ 'X-Test-Address': address });

    it('keeps a banned author from writing, says until when, and lets them back when lifted', async () => {
      const res = await h.call('POST', `/api/threads/${T}/comments`, {
        json: { body: 'Trouble', authorName: 'Tro' },
        headers: at('203.0.113.9'),
      });
      const { comment, identity } = res.body;
      const ban = await h.call('POST', '/api/moderation/bans', {
        token: mod,
        json: { thread: T, commentId: comment.id, scope: 'identity', hours: 24, reason: 'Repeated abuse' },
      });
      expect(ban.status).toBe(201);
      expect(ban.body).toMatchObject({
        identityId: comment.author.id,
        address: false,
        reason: 'Repeated abuse',
      });
      const refused = await h.call('POST', `/api/threads/${T}/comments`, {
        token: identity.token,
        json: { body: 'Again' },
        headers: at('198.51.100.200'),
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ code: 'banned', fields: { until: ban.body.until } });
      // A vote is a write too.
      const other = await postAsGuest(h, T, 'Someone else', 'Ulla');
      expect(
        (
          await h.call('PUT', `/api/threads/${T}/comments/${other.comment.id}/vote`, {
            token: identity.token,
            json: { value: 1 },
          })
        ).body.error.code,
      ).toBe('banned');
      expect((await h.call('GET', '/api/moderation/bans', { token: mod })).body.bans[0].id).toBe(ban.body.id);
      expect((await h.call('DELETE', `/api/moderation/bans/${ban.body.id}`, { token: mod })).status).toBe(
        200,
      );
      expect(
        (
          await h.call('POST', `/api/threads/${T}/comments`, {
            token: identity.token,
            json: { body: 'Back' },
          })
        ).status,
      ).toBe(201);
      const log = await h.call('GET', '/api/moderation/log?limit=2', { token: mod });
      expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(['unban', 'ban']);
    });

    it('bans an address by its /64 without storing it, new guests from it included, and ends on time', async () => {
      const res = await h.call('POST', `/api/threads/${T}/comments`, {
        json: { body: 'From v6', authorName: 'Vic' },
        headers: at('2001:db8:1:2::abcd'),
      });
      await h.call('POST', '/api/moderation/bans', {
        token: mod,
        json: { thread: T, commentId: res.body.comment.id, scope: 'address', hours: 1 },
      });
      const sameNetwork = await h.call('POST', `/api/threads/${T}/comments`, {
        json: { body: 'New guest', authorName: 'Wes' },
        headers: at('2001:db8:1:2:ffff::1'),
      });
      expect(sameNetwork.body.error.code).toBe('banned');
      const elsewhere = await h.call('POST', `/api/threads/${T}/comments`, {
        json: { body: 'Other network', authorName: 'Xia' },
        headers: at('2001:db8:1:3::1'),
      });
      expect(elsewhere.status).toBe(201);
      const stored = await db.query<{ address_key: string }>(
        'SELECT address_key FROM bans WHERE address_key IS NOT NULL',
      );
      expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.address_key))).toBe(true);
      h.clock.now += 2 * 3_600_000;
      const later = await h.call('POST', `/api/threads/${T}/comments`, {
        json: { body: 'Later', authorName: 'Yan' },
        headers: at('2001:db8:1:2:ffff::1'),
      });
      expect(later.status).toBe(201);
    });

    it('refuses bans from readers, of moderators, and garbage', async () => {
      const { comment, token } = await postAsGuest(h, T, 'Plain', 'Zed');
      expect(
        (await h.call('POST', '/api/moderation/bans', { token, json: { thread: T, commentId: comment.id } }))
          .status,
      ).toBe(403);
      const own = await h.call('POST', `/api/threads/${T}/comments`, {
        token: mod,
        json: { body: 'Desk note' },
      });
      expect(
        (
          await h.call('POST', '/api/moderation/bans', {
            token: mod,
            json: { thread: T, commentId: own.body.comment.id },
          })
        ).body.error.code,
      ).toBe('moderator_author');
      for (const json of [
        {},
        { thread: T, commentId: comment.id, scope: 'everyone' },
        { thread: T, commentId: comment.id, hours: 0 },
        { thread: T, commentId: comment.id, hours: 1.5 },
        { thread: T, commentId: 'x' },
      ]) {
        expect((await h.call('POST', '/api/moderation/bans', { token: mod, json })).status).toBe(422);
      }
      expect((await h.call('DELETE', '/api/moderation/bans/999999', { token: mod })).status).toBe(404);
      expect((await h.call('DELETE', '/api/moderation/bans/abc', { token: mod })).status).toBe(400);
    });
  });

  describe('spam defences on the post path', () => {
    let guard: Harness;
    beforeAll(() => {
      guard = harness(db, { THREADLINE_BLOCKED_WORDS: 'scam', THREADLINE_WATCHED_WORDS: 'casino' });
    });
    const T = 'mod-defences';
    const send = (json: Record<string, unknown>, token?: string) =>
      guard.call('POST', `/api/threads/${T}/comments`, { token, json: { authorName: 'Pat', ...json } });
    const reasonInQueue = async (id: string, kind = 'pending') =>
      (
        await guard.call('GET', `/api/moderation/queue?kind=${kind}&thread=${T}`, { token: mod })
      ).body.items.find((i: { comment: Comment }) => i.comment.id === id)?.comment.statusReason;

    it('stores a honeypot post as spam while answering like any post', async () => {
      const res = await send({ body: 'Great article', website: 'http://bot.example' });
      expect(res.status).toBe(201);
      expect(res.body.comment.status).toBe('pending');
      expect(await reasonInQueue(res.body.comment.id, 'spam')).toBe('honeypot');
    });

    it('holds a post written too fast, one with many links, and one with a watched word', async () => {
      const fast = await send({ body: 'Instant words', writeMs: 200 });
      const links = await send({
        body: 'See https://a.example and https://b.example and [this](https://c.example)',
        writeMs: 9000,
      });
      const watched = await send({ body: 'Try the CASINO tonight', writeMs: 9000 });
      for (const [res, reason] of [
        [fast, 'too_fast'],
        [links, 'links'],
        [watched, 'watched_word'],
      ] as const) {
        expect(res.body.comment.status).toBe('pending');
        expect(await reasonInQueue(res.body.comment.id)).toBe(reason);
      }
    });

    it('refuses a blocked word, look-alike spellings included, with a clear error', async () => {
      for (const body of ['What a scam', 'What a ѕсаm', 'What a s.c.a.m', 'What a ＳＣＡＭ']) {
        const res = await send({ body });
        expect(res.status).toBe(422);
        expect(res.body.error.fields.body).toMatch(/does not allow/);
        expect(JSON.stringify(res.body)).not.toContain(body); // the answer never repeats the text
      }
      expect((await send({ body: 'A scampi recipe', writeMs: 9000 })).body.comment.status).toBe('published');
    });

    it('holds the same body posted again by the same author', async () => {
      const first = await send({ body: 'Say it once', writeMs: 9000 });
      expect(first.body.comment.status).toBe('published');
      const again = await send({ body: 'Say it once', writeMs: 9000 }, first.body.identity.token);
      expect(again.body.comment.status).toBe('pending');
      expect(await reasonInQueue(again.body.comment.id)).toBe('duplicate');
    });

    it('lets a moderator post anything', async () => {
      const res = await guard.call('POST', `/api/threads/${T}/comments`, {
        token: mod,
        json: {
          body: 'Quoting the casino ad: https://a.example https://b.example https://c.example',
          writeMs: 1,
        },
      });
      expect(res.body.comment.status).toBe('published');
    });

    it('refuses garbage in the new fields', async () => {
      for (const json of [
        { body: 'x', writeMs: -1 },
        { body: 'x', writeMs: 'soon' },
        { body: 'x', website: 5 },
      ]) {
        expect((await send(json)).status).toBe(422);
      }
    });
  });

  describe('surge mode', () => {
    it('holds every comment once a thread passes the comments a minute, and lets go after a quiet spell', async () => {
      const busy = harness(db, {
        THREADLINE_SURGE_COMMENTS_PER_MINUTE: '3',
        THREADLINE_SURGE_QUIET_MINUTES: '10',
      });
      const T = 'mod-surge';
      for (let i = 0; i < 4; i++)
        expect((await postAsGuest(busy, T, `Quick ${i}`, `Q${i}`)).comment.status).toBe('published');
      const info = await busy.call('GET', `/api/threads/${T}`);
      expect(info.body).toMatchObject({ surge: true, policy: 'premoderate' });
      expect((await postAsGuest(busy, T, 'During the surge', 'Sam')).comment.status).toBe('pending');
      const log = await busy.call('GET', `/api/moderation/log?thread=${T}`, { token: mod });
      expect(log.body.entries[0]).toMatchObject({
        action: 'surge',
        actor: { id: 'system' },
        reason: '4 comments in a minute',
      });
      // Each comment during the surge starts the quiet spell again; after ten quiet minutes it is over.
      busy.clock.now += 11 * 60_000;
      expect((await busy.call('GET', `/api/threads/${T}`)).body.surge).toBeUndefined();
      expect((await postAsGuest(busy, T, 'Calm again', 'Cal')).comment.status).toBe('published');
      const after = await busy.call('GET', `/api/moderation/log?thread=${T}`, { token: mod });
      expect(after.body.entries[0]).toMatchObject({ action: 'surge-end' });
    });

    it('counts concurrent posts into one thread without a deadlock', async () => {
      const busy = harness(db, { THREADLINE_SURGE_COMMENTS_PER_MINUTE: '1000' });
      await postAsGuest(busy, 'mod-surge-race', 'First');
      const posts = await Promise.all(
        Array.from({ length: 16 }, (_, i) =>
          busy.call('POST', '/api/threads/mod-surge-race/comments', {
            json: { body: `Race ${i}`, authorName: `R${i}` },
          }),
        ),
      );
      expect(posts.map((p) => p.status)).toEqual(posts.map(() => 201));
    });

    it('switches on from reports too', async () => {
      const busy = harness(db, { THREADLINE_SURGE_REPORTS_PER_MINUTE: '2' });
      const T = 'mod-surge-reports';
      const { comment } = await postAsGuest(busy, T, 'Divisive', 'Div');
      for (const name of ['S1', 'S2', 'S3']) {
        const { token } = (await busy.call('POST', '/api/identities', { json: { name } })).body;
        await busy.call('POST', `/api/threads/${T}/comments/${comment.id}/reports`, {
          token,
          json: { reason: 'abuse' },
        });
      }
      expect((await busy.call('GET', `/api/threads/${T}`)).body.surge).toBe(true);
    });
  });

  it('limits how many guest identities one address can mint', async () => {
    const strict = harness(db, { THREADLINE_RATE_WRITES_PER_ADDRESS: '3' });
    const mint = () =>
      strict.call('POST', '/api/identities', {
        json: { name: 'Minty' },
        headers: { 'X-Test-Address': '192.0.2.77' },
      });
    for (let i = 0; i < 3; i++) expect((await mint()).status).toBe(201);
    const refused = await mint();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toMatch(/^\d+$/);
  });
});
