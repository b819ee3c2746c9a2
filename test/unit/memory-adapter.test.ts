import { describe, expect, it } from 'vitest';
import { type Comment, LIMITS, type Sort, type ThreadEvent } from '../../src/adapters/adapter';
import {
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../../src/adapters/errors';
import { createMemoryAdapter, type MemoryAdapter } from '../../src/adapters/memory';
import type { SeedComment, SeedThread } from '../../src/contract/seed';

const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

function clock(start = T0) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

function seedComment(
  key: string,
  minutesAgo: number,
  score = 0,
  parentKey: string | null = null,
): SeedComment {
  return { key, parentKey, authorName: `Author ${key}`, body: `Body ${key}`, minutesAgo, score };
}

/** Five top-level comments with ties in time (b, c) and in score (a, b, d). */
const tiedSeed: SeedThread = {
  thread: 'ties',
  comments: [
    seedComment('a', 50, 3),
    seedComment('b', 40, 3),
    seedComment('c', 40, 7),
    seedComment('d', 30, 3),
    seedComment('e', 10, -1),
  ],
};

let keySeq = 0;
const key = () => `key-${++keySeq}`;

async function post(adapter: MemoryAdapter, thread: string, body: string, parentId: string | null = null) {
  return adapter.createComment({ thread, parentId, body, authorName: 'Ann', idempotencyKey: key() });
}

async function allPages(adapter: MemoryAdapter, thread: string, sort: Sort, limit: number) {
  const bodies: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await adapter.listComments({ thread, sort, cursor, limit, replyLimit: 0 });
    bodies.push(...page.comments.map((c) => c.body));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 50);
  return bodies;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('createMemoryAdapter', () => {
  describe('ids and paging', () => {
    it('makes time-sortable ids, monotonic even within one millisecond and when the clock goes back', async () => {
      const c = clock();
      const adapter = createMemoryAdapter({ now: c.now });
      const first = await post(adapter, 't', 'one');
      const second = await post(adapter, 't', 'two');
      c.advance(-60_000);
      const third = await post(adapter, 't', 'three');
      expect(first.id < second.id).toBe(true);
      expect(second.id < third.id).toBe(true);
    });

    it.each([
      ['newest', ['Body e', 'Body d', 'Body c', 'Body b', 'Body a']],
      ['oldest', ['Body a', 'Body b', 'Body c', 'Body d', 'Body e']],
      ['top', ['Body c', 'Body d', 'Body b', 'Body a', 'Body e']],
    ] as const)('pages %s by keyset cursor through ties without gaps or repeats', async (sort, expected) => {
      const c = clock();
      const adapter = createMemoryAdapter({ now: c.now, seed: [tiedSeed] });
      // b and c were written in the same minute: the id (creation order) breaks the tie.
      const full = await adapter.listComments({
        thread: 'ties',
        sort,
        cursor: null,
        limit: 100,
        replyLimit: 0,
      });
      const order = full.comments.map((x) => x.body);
      expect(order).toEqual(expected);
      for (const limit of [1, 2, 3, 4, 5]) {
        expect(await allPages(adapter, 'ties', sort, limit)).toEqual(order);
      }
    });

    it('continues after the last item seen, not at an offset, when earlier items disappear', async () => {
      const c = clock();
      const adapter = createMemoryAdapter({ now: c.now });
      const made: Comment[] = [];
      for (const body of ['1', '2', '3', '4']) {
        made.push(await post(adapter, 't', body));
        c.advance(1000);
      }
      const first = await adapter.listComments({
        thread: 't',
        sort: 'oldest',
        cursor: null,
        limit: 2,
        replyLimit: 0,
      });
      expect(first.comments.map((x) => x.body)).toEqual(['1', '2']);
      await adapter.deleteComment({ thread: 't', id: made[0]?.id ?? '' });
      const second = await adapter.listComments({
        thread: 't',
        sort: 'oldest',
        cursor: first.nextCursor,
        limit: 2,
        replyLimit: 0,
      });
      expect(second.comments.map((x) => x.body)).toEqual(['3', '4']);
      expect(second.nextCursor).toBeNull();
    });

    it('rejects a garbage cursor, or one from another sort or thread, as a validation error', async () => {
      const adapter = createMemoryAdapter({ seed: [tiedSeed] });
      const page = await adapter.listComments({
        thread: 'ties',
        sort: 'newest',
        cursor: null,
        limit: 1,
        replyLimit: 0,
      });
      const query = { thread: 'ties', sort: 'newest' as Sort, limit: 1, replyLimit: 0 };
      for (const cursor of ['garbage', '../../etc', "' OR 1=1 --", '1', 'W10']) {
        expect(await rejection(adapter.listComments({ ...query, cursor }))).toBeInstanceOf(ValidationError);
      }
      expect(
        await rejection(adapter.listComments({ ...query, sort: 'top', cursor: page.nextCursor })),
      ).toBeInstanceOf(ValidationError);
      expect(
        await rejection(adapter.listComments({ ...query, thread: 'other', cursor: page.nextCursor })),
      ).toBeInstanceOf(ValidationError);
    });

    it('validates limits, sorts and thread ids', async () => {
      const adapter = createMemoryAdapter();
      const ok = { thread: 't', sort: 'newest' as Sort, cursor: null, limit: 10, replyLimit: 0 };
      const bad: unknown[] = [
        { ...ok, limit: 0 },
        { ...ok, limit: 101 },
        { ...ok, limit: 1.5 },
        { ...ok, limit: '10' },
        { ...ok, replyLimit: -1 },
        { ...ok, replyLimit: 101 },
        { ...ok, sort: 'random' },
        { ...ok, thread: '' },
        { ...ok, thread: '   ' },
        { ...ok, thread: 'x'.repeat(LIMITS.threadMaxLength + 1) },
        { ...ok, thread: 42 },
        null,
        'thread',
      ];
      for (const query of bad) {
        expect(await rejection(adapter.listComments(query as never))).toBeInstanceOf(ValidationError);
      }
    });
  });

  describe('pinned comments', () => {
    it('lead the first page in every sort, newest pinned first, and are never paged', async () => {
      const adapter = createMemoryAdapter({
        now: () => T0,
        seed: [
          {
            thread: 'pins',
            comments: [
              { ...seedComment('old-pin', 90), pinned: true },
              { ...seedComment('new-pin', 80), pinned: true },
              seedComment('a', 60, 5),
              seedComment('b', 30, 1),
              seedComment('c', 10, 3),
            ],
          },
        ],
      });
      for (const [sort, order] of [
        ['newest', ['Body c', 'Body b', 'Body a']],
        ['oldest', ['Body a', 'Body b', 'Body c']],
        ['top', ['Body a', 'Body c', 'Body b']],
      ] as const) {
        expect(await allPages(adapter, 'pins', sort, 2)).toEqual(['Body new-pin', 'Body old-pin', ...order]);
      }
    });
  });

  describe('replies', () => {
    const seed: SeedThread = {
      thread: 'r',
      comments: [
        seedComment('root', 60),
        seedComment('r1', 50, 0, 'root'),
        seedComment('r2', 40, 0, 'root'),
        seedComment('r3', 30, 0, 'root'),
        seedComment('r1a', 45, 0, 'r1'),
        seedComment('r1b', 35, 0, 'r1'),
        seedComment('r1a-x', 44, 0, 'r1a'),
      ],
    };

    it('includes replyLimit direct replies under every included comment, recursively, oldest first', async () => {
      const adapter = createMemoryAdapter({ seed: [seed] });
      const page = await adapter.listComments({
        thread: 'r',
        sort: 'newest',
        cursor: null,
        limit: 10,
        replyLimit: 1,
      });
      const bodies = page.comments.map((c) => c.body);
      expect(bodies.sort()).toEqual(['Body r1', 'Body r1a', 'Body r1a-x', 'Body root'].sort());
      const byBody = new Map(page.comments.map((c) => [c.body, c]));
      expect(byBody.get('Body root')?.replyCount).toBe(3);
      expect(byBody.get('Body r1')?.replyCount).toBe(2);

      const two = await adapter.listComments({
        thread: 'r',
        sort: 'newest',
        cursor: null,
        limit: 10,
        replyLimit: 2,
      });
      expect(two.comments).toHaveLength(6); // root, r1, r2, r1a, r1b, r1a-x
      const none = await adapter.listComments({
        thread: 'r',
        sort: 'newest',
        cursor: null,
        limit: 10,
        replyLimit: 0,
      });
      expect(none.comments.map((c) => c.body)).toEqual(['Body root']);
    });

    it('pages the direct replies of a comment oldest first by cursor', async () => {
      const adapter = createMemoryAdapter({ seed: [seed] });
      const root = (
        await adapter.listComments({ thread: 'r', sort: 'newest', cursor: null, limit: 1, replyLimit: 0 })
      ).comments[0] as Comment;
      const first = await adapter.listReplies({
        thread: 'r',
        parentId: root.id,
        cursor: null,
        limit: 2,
        replyLimit: 0,
      });
      expect(first.comments.map((c) => c.body)).toEqual(['Body r1', 'Body r2']);
      const rest = await adapter.listReplies({
        thread: 'r',
        parentId: root.id,
        cursor: first.nextCursor,
        limit: 2,
        replyLimit: 0,
      });
      expect(rest.comments.map((c) => c.body)).toEqual(['Body r3']);
      expect(rest.nextCursor).toBeNull();
    });

    it('answers replies of an unknown or hostile parent id with NotFoundError', async () => {
      const adapter = createMemoryAdapter({ seed: [seed] });
      for (const parentId of ['nope', '../../etc', "' OR 1=1 --", '__proto__', 'constructor']) {
        const error = await rejection(
          adapter.listReplies({ thread: 'r', parentId, cursor: null, limit: 5, replyLimit: 0 }),
        );
        expect(error).toBeInstanceOf(NotFoundError);
      }
    });
  });

  describe('creating and validation', () => {
    it('has no viewer before the first write, then a guest named by authorName', async () => {
      const adapter = createMemoryAdapter();
      expect(await adapter.getViewer()).toBeNull();
      const comment = await post(adapter, 't', 'hello');
      const viewer = await adapter.getViewer();
      expect(viewer).toMatchObject({ name: 'Ann', role: 'guest' });
      expect(comment.author).toMatchObject({ id: viewer?.id, name: 'Ann' });
      const again = await adapter.createComment({
        thread: 't',
        parentId: null,
        body: 'no name',
        idempotencyKey: key(),
      });
      expect(again.author.name).toBe('Ann');
    });

    it.each([
      ['an empty body', { body: '' }, 'body'],
      ['a whitespace body', { body: ' \n\t ' }, 'body'],
      ['a body over the limit', { body: 'x'.repeat(LIMITS.bodyMaxLength + 1) }, 'body'],
      ['a body that is not a string', { body: { toString: (): string => 'hi' } }, 'body'],
      ['a missing guest name', { authorName: undefined }, 'authorName'],
      ['a blank guest name', { authorName: '   ' }, 'authorName'],
      ['a name over the limit', { authorName: 'n'.repeat(LIMITS.nameMaxLength + 1) }, 'authorName'],
      ['a name with control characters', { authorName: 'Ann\u0000' }, 'authorName'],
      ['a name of invisible characters only', { authorName: '\u200b\u3164\u2800\u200d' }, 'authorName'],
      ['a name with a bidi override', { authorName: '\u202enaA' }, 'authorName'],
      ['a name with a bidi isolate', { authorName: 'Ann\u2067x\u2069' }, 'authorName'],
      ['a name with a lone surrogate', { authorName: 'Ann\ud800' }, 'authorName'],
      ["the tombstones' name", { authorName: '[Deleted]' }, 'authorName'],
      ['a body of invisible characters only', { body: '\u200b\u200c\u2060\u00ad' }, 'body'],
      ['a body with a lone surrogate', { body: 'a\ud800b' }, 'body'],
      ['a body with a control character', { body: 'bell\u0007' }, 'body'],
      [
        'a quote over the limit',
        { anchor: { id: 'p1', quote: 'q'.repeat(LIMITS.quoteMaxLength + 1) } },
        'anchor',
      ],
      ['a missing idempotency key', { idempotencyKey: '' }, 'idempotencyKey'],
    ])('rejects %s with a ValidationError naming the field', async (_name, patch, field) => {
      const adapter = createMemoryAdapter();
      const input = {
        thread: 't',
        parentId: null,
        body: 'fine',
        authorName: 'Ann',
        idempotencyKey: key(),
        ...patch,
      };
      const error = await rejection(adapter.createComment(input as never));
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields)).toEqual([field]);
      expect(await adapter.getViewer()).toBeNull(); // a failed write leaves nothing behind
    });

    it('stores the body and name trimmed, inner white space and line breaks kept', async () => {
      const adapter = createMemoryAdapter();
      const comment = await adapter.createComment({
        thread: 't',
        parentId: null,
        body: '  \n first line\n\n  second  \n ',
        authorName: '  Ann  Lee ',
        idempotencyKey: key(),
      });
      expect(comment.body).toBe('first line\n\n  second');
      expect(comment.author.name).toBe('Ann  Lee');
    });

    it("refuses a guest name that is a signed-in user's, compared without case, spaces or invisible characters", async () => {
      const adapter = createMemoryAdapter();
      await adapter.asViewer({ id: 'ed', name: 'Ed Itor', role: 'moderator' }).createComment({
        thread: 't',
        parentId: null,
        body: 'from the desk',
        idempotencyKey: key(),
      });
      for (const authorName of ['Ed Itor', 'ed itor', 'EDITOR', 'Ed\u200bItor', 'Ｅｄ Ｉｔｏｒ']) {
        const error = await rejection(
          adapter.createComment({
            thread: 't',
            parentId: null,
            body: 'me',
            authorName,
            idempotencyKey: key(),
          }),
        );
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).reason).toBe('name_taken');
      }
      expect(await adapter.getViewer()).toBeNull();
      expect((await post(adapter, 't', 'a different name')).author.name).toBe('Ann');
    });

    it('accepts a body of exactly the maximum length', async () => {
      const adapter = createMemoryAdapter();
      const comment = await post(adapter, 't', 'x'.repeat(LIMITS.bodyMaxLength));
      expect(comment.body).toHaveLength(LIMITS.bodyMaxLength);
    });

    it('rejects an unknown parent with NotFoundError, one in another thread or deleted with ValidationError', async () => {
      const adapter = createMemoryAdapter();
      for (const parentId of ['missing', '../../etc', "' OR 1=1 --"]) {
        expect(await rejection(post(adapter, 't', 'reply', parentId))).toBeInstanceOf(NotFoundError);
      }
      const elsewhere = await post(adapter, 'other', 'there');
      const crossThread = await rejection(post(adapter, 't', 'reply', elsewhere.id));
      expect(crossThread).toBeInstanceOf(ValidationError);
      expect((crossThread as ValidationError).reason).toBe('parent_thread_mismatch');

      const parent = await post(adapter, 't', 'parent');
      await post(adapter, 't', 'child', parent.id);
      await adapter.deleteComment({ thread: 't', id: parent.id });
      const toDeleted = await rejection(post(adapter, 't', 'late reply', parent.id));
      expect(toDeleted).toBeInstanceOf(ValidationError);
      expect((toDeleted as ValidationError).reason).toBe('parent_deleted');
    });

    it('ignores __proto__ keys in input objects and keeps prototype-named threads as plain keys', async () => {
      const adapter = createMemoryAdapter();
      const input = JSON.parse(
        `{"thread":"constructor","parentId":null,"body":"hi","authorName":"Eve","idempotencyKey":"k-proto","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`,
      );
      const comment = await adapter.createComment(input);
      expect(comment.thread).toBe('constructor');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(comment)).toBe(Object.prototype);

      const counts = await adapter.countComments(['constructor', 'toString', 'hasOwnProperty']);
      expect(Object.getOwnPropertyNames(counts).sort()).toEqual([
        'constructor',
        'hasOwnProperty',
        'toString',
      ]);
      expect(Object.getOwnPropertyDescriptor(counts, 'constructor')?.value).toBe(1);
      expect(counts.toString).toBe(0);
    });

    it('refuses thread ids outside the shared rule, as the server does', async () => {
      const adapter = createMemoryAdapter();
      for (const thread of ['__proto__', "' OR 1=1 --", '../../etc', '.hidden', 'a b', 'x'.repeat(201), '']) {
        await expect(adapter.countComments([thread])).rejects.toMatchObject({ reason: 'bad_thread' });
        await expect(
          adapter.listComments({ thread, sort: 'newest', cursor: null, limit: 10, replyLimit: 10 }),
        ).rejects.toMatchObject({ reason: 'bad_thread' });
      }
      // The README's example key: letters, digits and / . _ ~ : @ + -
      expect(await adapter.countComments(['2026/11/night-ferry', 'a.b_c~d:e@f+g-h'])).toEqual({
        '2026/11/night-ferry': 0,
        'a.b_c~d:e@f+g-h': 0,
      });
    });

    it('stores a create once per idempotency key and returns the same comment on retry', async () => {
      const adapter = createMemoryAdapter();
      const input = {
        thread: 't',
        parentId: null,
        body: 'once',
        authorName: 'Ann',
        idempotencyKey: 'same-key',
      };
      const first = await adapter.createComment(input);
      const retry = await adapter.createComment(input);
      expect(retry).toEqual(first);
      expect(await adapter.countComments(['t'])).toEqual({ t: 1 });
      // The key belongs to its author: someone else's request with it is a new comment.
      const other = await adapter.asViewer({ id: 'bob', name: 'Bob' }).createComment(input);
      expect(other.id).not.toBe(first.id);
    });

    it('hands out copies: changing a returned comment or an input afterwards changes nothing stored', async () => {
      const adapter = createMemoryAdapter();
      const anchor = { id: 'p1', quote: 'the passage' };
      const comment = await adapter.createComment({
        thread: 't',
        parentId: null,
        body: 'original',
        authorName: 'Ann',
        anchor,
        idempotencyKey: key(),
      });
      anchor.quote = 'changed';
      comment.body = 'mutated';
      comment.author.name = 'Mallory';
      const [listed] = (
        await adapter.listComments({ thread: 't', sort: 'newest', cursor: null, limit: 1, replyLimit: 0 })
      ).comments;
      expect(listed).toMatchObject({
        body: 'original',
        author: { name: 'Ann' },
        anchor: { quote: 'the passage' },
      });
    });
  });

  describe('parsed content', () => {
    it('sends each body parsed, reparses it after an edit, and empties it for a tombstone', async () => {
      const adapter = createMemoryAdapter({ now: clock().now });
      const created = await post(adapter, 't', '**bold** and [bad](javascript:alert(1))');
      expect(created.content).toEqual([
        {
          type: 'paragraph',
          children: [
            { type: 'strong', children: [{ type: 'text', text: 'bold' }] },
            { type: 'text', text: ' and ' },
            { type: 'link', href: null, children: [{ type: 'text', text: 'bad' }] },
          ],
        },
      ]);
      await post(adapter, 't', 'a reply', created.id);
      const edited = await adapter.editComment({ thread: 't', id: created.id, body: '*now*' });
      expect(edited.content).toEqual([
        { type: 'paragraph', children: [{ type: 'em', children: [{ type: 'text', text: 'now' }] }] },
      ]);
      const page = await adapter.listComments({
        thread: 't',
        sort: 'newest',
        cursor: null,
        limit: 5,
        replyLimit: 5,
      });
      expect(page.comments.find((c) => c.id === created.id)?.content).toEqual(edited.content);
      expect(page.comments.find((c) => c.parentId === created.id)?.content).toEqual([
        { type: 'paragraph', children: [{ type: 'text', text: 'a reply' }] },
      ]);
      const tombstone = await adapter.deleteComment({ thread: 't', id: created.id });
      expect(tombstone.content).toEqual([]);
    });
  });

  describe('votes', () => {
    it('counts one vote per identity: changing replaces it, 0 takes it back', async () => {
      const adapter = createMemoryAdapter();
      // Written by someone else: authors cannot vote on their own comments.
      const author = adapter.asViewer({ id: 'ann', name: 'Ann' });
      const comment = await post(author, 't', 'vote on me');
      const ref = { thread: 't', id: comment.id };
      expect(await rejection(author.vote({ ...ref, value: 1 }))).toMatchObject({ reason: 'own_comment' });
      expect(await adapter.vote({ ...ref, value: 1 })).toEqual({ id: comment.id, score: 1, myVote: 1 });
      expect(await adapter.vote({ ...ref, value: 1 })).toMatchObject({ score: 1 });
      const bob = adapter.asViewer({ id: 'bob', name: 'Bob' });
      expect(await bob.vote({ ...ref, value: 1 })).toMatchObject({ score: 2, myVote: 1 });
      expect(await adapter.vote({ ...ref, value: -1 })).toMatchObject({ score: 0, myVote: -1 });
      expect(await adapter.vote({ ...ref, value: 0 })).toMatchObject({ score: 1, myVote: 0 });
      const [seenByBob] = (
        await bob.listComments({ thread: 't', sort: 'top', cursor: null, limit: 1, replyLimit: 0 })
      ).comments;
      expect(seenByBob).toMatchObject({ score: 1, myVote: 1 });
    });

    it('rejects vote values other than -1, 0 and 1', async () => {
      const adapter = createMemoryAdapter();
      const comment = await post(adapter, 't', 'x');
      for (const value of [2, -2, 0.5, '1', null, Number.NaN, true]) {
        const error = await rejection(adapter.vote({ thread: 't', id: comment.id, value: value as never }));
        expect(error).toBeInstanceOf(ValidationError);
      }
      expect(await rejection(adapter.vote({ thread: 't', id: '../../etc', value: 1 }))).toBeInstanceOf(
        NotFoundError,
      );
    });

    it('makes a guest identity for a first-time voter', async () => {
      const adapter = createMemoryAdapter({ seed: [tiedSeed] });
      const [first] = (
        await adapter.listComments({ thread: 'ties', sort: 'top', cursor: null, limit: 1, replyLimit: 0 })
      ).comments;
      await adapter.vote({ thread: 'ties', id: first?.id ?? '', value: 1 });
      expect(await adapter.getViewer()).toMatchObject({ role: 'guest', name: '' });
      // A nameless guest still has to give a name to post.
      expect(
        await rejection(
          adapter.createComment({ thread: 'ties', parentId: null, body: 'x', idempotencyKey: key() }),
        ),
      ).toBeInstanceOf(ValidationError);
    });
  });

  describe('deleting', () => {
    it('keeps a deleted comment with replies as a tombstone without body or author name', async () => {
      const adapter = createMemoryAdapter();
      const parent = await post(adapter, 't', 'parent');
      await post(adapter, 't', 'reply', parent.id);
      const tombstone = await adapter.deleteComment({ thread: 't', id: parent.id });
      expect(tombstone).toMatchObject({ id: parent.id, status: 'deleted', body: '', replyCount: 1 });
      expect(tombstone.author.name).toBe('[deleted]');
      expect(tombstone.author.id).toBe('');
      const page = await adapter.listComments({
        thread: 't',
        sort: 'newest',
        cursor: null,
        limit: 10,
        replyLimit: 5,
      });
      expect(page.comments.map((c) => [c.body, c.status])).toEqual([
        ['', 'deleted'],
        ['reply', 'published'],
      ]);
      expect(await adapter.countComments(['t'])).toEqual({ t: 1 });
      expect((await adapter.getThread('t')).commentCount).toBe(1);
    });

    it('removes a comment without replies but still returns its tombstone', async () => {
      const adapter = createMemoryAdapter();
      const lone = await post(adapter, 't', 'lone');
      const tombstone = await adapter.deleteComment({ thread: 't', id: lone.id });
      expect(tombstone).toMatchObject({ id: lone.id, status: 'deleted', body: '', replyCount: 0 });
      const page = await adapter.listComments({
        thread: 't',
        sort: 'newest',
        cursor: null,
        limit: 10,
        replyLimit: 5,
      });
      expect(page.comments).toEqual([]);
      expect(await rejection(adapter.deleteComment({ thread: 't', id: lone.id }))).toBeInstanceOf(
        NotFoundError,
      );
    });

    it('drops a tombstone when its last reply is deleted', async () => {
      const adapter = createMemoryAdapter();
      const parent = await post(adapter, 't', 'parent');
      const reply = await post(adapter, 't', 'reply', parent.id);
      await adapter.deleteComment({ thread: 't', id: parent.id });
      await adapter.deleteComment({ thread: 't', id: reply.id });
      const page = await adapter.listComments({
        thread: 't',
        sort: 'newest',
        cursor: null,
        limit: 10,
        replyLimit: 5,
      });
      expect(page.comments).toEqual([]);
    });

    it('refuses to vote on, edit or reply to a tombstone', async () => {
      const adapter = createMemoryAdapter();
      const parent = await post(adapter, 't', 'parent');
      await post(adapter, 't', 'reply', parent.id);
      await adapter.deleteComment({ thread: 't', id: parent.id });
      expect(await rejection(adapter.vote({ thread: 't', id: parent.id, value: 1 }))).toBeInstanceOf(
        ValidationError,
      );
      expect(
        await rejection(adapter.editComment({ thread: 't', id: parent.id, body: 'back' })),
      ).toBeInstanceOf(ValidationError);
    });
  });

  describe('edit window and permissions', () => {
    it('lets the author edit and delete until the window closes, then refuses with edit_window_closed', async () => {
      const c = clock();
      const adapter = createMemoryAdapter({ now: c.now, editWindowSeconds: 60 });
      const comment = await post(adapter, 't', 'first');
      c.advance(59_999);
      const edited = await adapter.editComment({ thread: 't', id: comment.id, body: 'second' });
      expect(edited).toMatchObject({ body: 'second', editedAt: new Date(T0 + 59_999).toISOString() });
      c.advance(1);
      for (const attempt of [
        adapter.editComment({ thread: 't', id: comment.id, body: 'third' }),
        adapter.deleteComment({ thread: 't', id: comment.id }),
      ]) {
        const error = await rejection(attempt);
        expect(error).toBeInstanceOf(ForbiddenError);
        expect((error as ForbiddenError).reason).toBe('edit_window_closed');
      }
    });

    it('refuses edits and deletes by someone else, and lets a moderator do both at any time', async () => {
      const c = clock();
      const adapter = createMemoryAdapter({ now: c.now });
      const comment = await post(adapter, 't', 'mine');
      const stranger = adapter.asViewer({ id: 'eve', name: 'Eve' });
      const error = await rejection(stranger.editComment({ thread: 't', id: comment.id, body: 'hacked' }));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).reason).toBe('not_author');
      expect(await rejection(stranger.deleteComment({ thread: 't', id: comment.id }))).toBeInstanceOf(
        ForbiddenError,
      );

      c.advance(24 * 3600_000);
      const moderator = adapter.asViewer({ id: 'mod', name: 'Mod', role: 'moderator' });
      expect(await moderator.editComment({ thread: 't', id: comment.id, body: 'tidied' })).toMatchObject({
        body: 'tidied',
      });
      expect(await moderator.deleteComment({ thread: 't', id: comment.id })).toMatchObject({
        status: 'deleted',
      });
    });

    it('starts with a signed-in viewer from options', async () => {
      const adapter = createMemoryAdapter({ viewer: { id: 'u1', name: 'Una', role: 'moderator' } });
      expect(await adapter.getViewer()).toEqual({ id: 'u1', name: 'Una', role: 'moderator' });
      const comment = await adapter.createComment({
        thread: 't',
        parentId: null,
        body: 'hi',
        idempotencyKey: key(),
      });
      expect(comment.author).toMatchObject({ id: 'u1', name: 'Una', role: 'moderator' });
    });
  });

  describe('events, failures and latency', () => {
    it('pushes other readers’ changes asynchronously and not a reader’s own', async () => {
      const adapter = createMemoryAdapter();
      const other = adapter.asViewer({ id: 'bob', name: 'Bob' });
      const events: ThreadEvent[] = [];
      const unsubscribe = adapter.subscribe('t', (event) => events.push(event));
      const mine = await post(adapter, 't', 'mine');
      const creating = other.createComment({
        thread: 't',
        parentId: mine.id,
        body: 'reply',
        idempotencyKey: key(),
      });
      expect(events).toEqual([]); // stored already, but delivered in a microtask, never synchronously
      const theirs = await creating;
      await other.vote({ thread: 't', id: mine.id, value: 1 });
      await other.editComment({ thread: 't', id: theirs.id, body: 'edited reply' });
      await other.deleteComment({ thread: 't', id: theirs.id });
      await new Promise((r) => setTimeout(r, 0));
      expect(events.map((e) => e.type)).toEqual([
        'comment-created',
        'vote-changed',
        'comment-edited',
        'comment-deleted',
      ]);
      expect(events[1]).toEqual({ type: 'vote-changed', id: mine.id, score: 1 });
      unsubscribe();
      await other.createComment({ thread: 't', parentId: null, body: 'unheard', idempotencyKey: key() });
      await new Promise((r) => setTimeout(r, 0));
      expect(events).toHaveLength(4);
    });

    it('failNext makes the next call reject with that error and change nothing', async () => {
      const adapter = createMemoryAdapter();
      adapter.failNext(new RateLimitedError('slow down', { retryAfter: 20 }));
      const error = await rejection(post(adapter, 't', 'refused'));
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(await adapter.countComments(['t'])).toEqual({ t: 0 });
      await post(adapter, 't', 'accepted');
      expect(await adapter.countComments(['t'])).toEqual({ t: 1 });
    });

    it('failNext with a method fails only that method', async () => {
      const adapter = createMemoryAdapter();
      adapter.failNext(new NetworkError('offline'), 'vote');
      const comment = await post(adapter.asViewer({ id: 'ann', name: 'Ann' }), 't', 'hi');
      expect(await rejection(adapter.vote({ thread: 't', id: comment.id, value: 1 }))).toBeInstanceOf(
        NetworkError,
      );
      expect(await adapter.vote({ thread: 't', id: comment.id, value: 1 })).toMatchObject({ score: 1 });
    });

    it('delays calls by latencyMs and rejects an aborted call with a NetworkError', async () => {
      const adapter = createMemoryAdapter({ latencyMs: 20 });
      const started = Date.now();
      await adapter.getThread('t');
      expect(Date.now() - started).toBeGreaterThanOrEqual(15);
      const controller = new AbortController();
      const pending = adapter.listComments({
        thread: 't',
        sort: 'newest',
        cursor: null,
        limit: 5,
        replyLimit: 0,
        signal: controller.signal,
      });
      controller.abort();
      const error = await rejection(pending);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).reason).toBe('aborted');
    });

    it('describes an unknown thread as empty and open', async () => {
      const adapter = createMemoryAdapter({ editWindowSeconds: 120 });
      expect(await adapter.getThread('never-seen')).toEqual({
        id: 'never-seen',
        closed: false,
        commentCount: 0,
        editWindowSeconds: 120,
      });
      expect(await adapter.countComments([])).toEqual({});
    });
  });
});
