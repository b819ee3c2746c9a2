/** Reads of a thread: its metadata and its comments; and its metadata update (moderators). */
import { Hono } from 'hono';
import type { AppEnv, Services } from '../env';
import { forbidden, notFound, unauthorized } from '../middleware/errors';
import { logAction } from '../repo/moderation-log';
import { findComment, findThread, listReplies, listTopLevel, type ThreadRow, threadInfo } from '../repo/read';
import type { Viewing } from '../repo/rows';
import {
  commentId,
  jsonBody,
  listQuery,
  param,
  query,
  repliesQuery,
  threadBody,
  threadId,
} from '../validation';

export function threadRoutes(s: Services) {
  const app = new Hono<AppEnv>();
  const viewing = (c: { var: AppEnv['Variables'] }): Viewing => ({
    id: c.var.identity?.id ?? '',
    moderator: c.var.identity?.role === 'moderator',
  });
  const settings = () => ({
    editWindowSeconds: s.config.editWindowSeconds,
    moderation: s.config.moderation,
    now: s.now(),
  });

  /** An unknown thread reads as empty while threads are created on first comment; else it is a 404. */
  async function knownThread(thread: string) {
    const row = await findThread(s.db, thread);
    if (!row && !s.config.autoCreateThreads)
      throw notFound('thread_not_found', 'This thread does not exist; a moderator must create it first.');
    return row;
  }

  app.get('/threads/:thread', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    return c.json(await threadInfo(s.db, await knownThread(thread), thread, settings()));
  });

  app.put('/threads/:thread', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const identity = c.var.identity;
    if (!identity) throw unauthorized('identity_required', 'Sign in as a moderator to change a thread.');
    if (identity.role !== 'moderator')
      throw forbidden('moderator_required', 'Only a moderator may change a thread.');
    const input = await jsonBody(threadBody, c);
    const row = await s.db.transaction(async (tx) => {
      const before = await findThread(tx, thread);
      const rows = await tx.query<ThreadRow>(
        `INSERT INTO threads (thread, title, url, closed, policy, created_at)
         VALUES ($1, $2, $3, COALESCE($4, false), $7, $9)
         ON CONFLICT (thread) DO UPDATE SET
           title = CASE WHEN $5 THEN EXCLUDED.title ELSE threads.title END,
           url = CASE WHEN $6 THEN EXCLUDED.url ELSE threads.url END,
           closed = COALESCE($4, threads.closed),
           policy = CASE WHEN $8 THEN EXCLUDED.policy ELSE threads.policy END
         RETURNING thread, title, url, closed, policy, created_at`,
        [
          thread,
          input.title ?? null,
          input.url ?? null,
          input.closed ?? null,
          'title' in input,
          'url' in input,
          input.policy ?? null,
          'policy' in input,
          new Date(s.now()),
        ],
      );
      const after = rows[0];
      if (before?.closed !== after?.closed || before?.policy !== after?.policy) {
        await logAction(tx, identity, {
          action:
            after?.closed && !before?.closed
              ? 'close'
              : !after?.closed && before?.closed
                ? 'reopen'
                : 'policy',
          thread,
          before: before ? { closed: before.closed, policy: before.policy } : null,
          after: after ? { closed: after.closed, policy: after.policy } : null,
        });
      }
      return after;
    });
    return c.json(await threadInfo(s.db, row, thread, settings()));
  });

  app.get('/threads/:thread/comments', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const q = query(listQuery, c);
    await knownThread(thread);
    const page = await listTopLevel(s.db, q.sort, {
      thread,
      viewing: viewing(c),
      cursor: q.cursor,
      limit: q.limit,
      replies: q.replies,
    });
    return c.json(page);
  });

  app.get('/threads/:thread/comments/:id/replies', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const id = param(commentId, 'id', c.req.param('id'));
    const q = query(repliesQuery, c);
    if (!(await findComment(s.db, thread, id, ''))) {
      throw notFound('comment_not_found', 'There is no such comment in this thread.');
    }
    const page = await listReplies(s.db, id, {
      thread,
      viewing: viewing(c),
      cursor: q.cursor,
      limit: q.limit,
      replies: q.replies,
    });
    return c.json(page);
  });

  return app;
}
