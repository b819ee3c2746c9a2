import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../src/adapters/errors';
import { createLocalAdapter } from '../../src/adapters/local';
import { MemoryStorage } from './memory-storage';

/**
 * In-browser backends treat a closed thread as the server does: no new comments, and no edits, deletes
 * or votes on its comments, except that a moderator may still edit and delete. The in-browser adapters
 * have no call that closes a thread, so the test closes it in the stored state, as a site would.
 */
describe('a closed thread in the local backend', () => {
  async function closedThread(moderator = false) {
    const storage = new MemoryStorage();
    const author = createLocalAdapter({ storage });
    const input = { thread: 't', parentId: null, body: 'before closing', authorName: 'Ann' };
    const comment = await author.createComment({ ...input, idempotencyKey: 'k-1' });
    const other = await author.createComment({ ...input, idempotencyKey: 'k-2' });
    const key = 'threadline:local';
    const state = JSON.parse(storage.getItem(key) ?? '{}');
    for (const thread of state.threads) thread.closed = true;
    if (moderator) {
      state.identities.push(['mod', 'Moderator', 'moderator']);
      state.viewerId = 'mod';
    }
    storage.setItem(key, JSON.stringify(state));
    return { storage, author, comment, other };
  }

  it('refuses edits, deletes and votes with thread_closed', async () => {
    const { author, comment } = await closedThread();
    for (const attempt of [
      author.editComment({ thread: 't', id: comment.id, body: 'changed' }),
      author.deleteComment({ thread: 't', id: comment.id }),
      author.vote({ thread: 't', id: comment.id, value: 1 }),
    ]) {
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ForbiddenError);
      expect((error as ForbiddenError).reason).toBe('thread_closed');
    }
    expect((await author.getThread('t')).closed).toBe(true);
  });

  it('still lets a moderator edit and delete', async () => {
    const { author: moderator, comment, other } = await closedThread(true);
    expect((await moderator.getViewer())?.role).toBe('moderator');
    expect((await moderator.editComment({ thread: 't', id: comment.id, body: 'edited' })).body).toBe(
      'edited',
    );
    expect((await moderator.deleteComment({ thread: 't', id: other.id })).status).toBe('deleted');
  });
});
