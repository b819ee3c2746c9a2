/** Reads of a thread: its metadata and its comments; and its metadata update (moderators). */
import { Hono } from 'hono';
import type { AppEnv, Services } from '../env';
import { forbidden, notFound, unauthorized } from '../middleware/errors';
import { findComment, findThread, listReplies, listTopLevel, threadInfo } from '../repo/read';
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
  const viewerId = (c: { var: AppEnv['Variables'] }) => c.var.identity?.id ?? '';

  /** An unknown thread reads as empty while threads are created on first comment; else it is a 404. */
  async function knownThread(thread: string) {
    const row = await findThread(s.db, thread);
    if (!row && !s.config.autoCreateThreads)
      throw notFound('thread_not_found', 'This thread does not exist; a moderator must create it first.');
    return row;
  }

  app.get('/threads/:thread', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    return c.json(await threadInfo(s.db, await knownThread(thread), thread, s.config.editWindowSeconds));
  });

  app.put('/threads/:thread', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const identity = c.var.identity;
    if (!identity) throw unauthorized('identity_required', 'Sign in as a moderator to change a thread.');
    if (identity.role !== 'moderator')
      throw forbidden('moderator_required', 'Only a moderator may change a thread.');
    const input = await jsonBody(threadBody, c);
    const row = await s.db.transaction(async (tx) => {
      const rows = await tx.query<{
        thread: string;
        title: string | null;
        url: string | null;
        closed: boolean;
      }>(
        `INSERT INTO threads (thread, title, url, closed) VALUES ($1, $2, $3, COALESCE($4, false))
         ON CONFLICT (thread) DO UPDATE SET
           title = CASE WHEN $5 THEN EXCLUDED.title ELSE threads.title END,
           url = CASE WHEN $6 THEN EXCLUDED.url ELSE threads.url END,
           closed = COALESCE($4, threads.closed)
         RETURNING thread, title, url, closed`,
        [
          thread,
          input.title ?? null,
          input.url ?? null,
          input.closed ?? null,
          'title' in input,
          'url' in input,
        ],
      );
      return rows[0];
    });
    return c.json(await threadInfo(s.db, row, thread, s.config.editWindowSeconds));
  });

  app.get('/threads/:thread/comments', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const q = query(listQuery, c);
    await knownThread(thread);
    const page = await listTopLevel(s.db, q.sort, {
      thread,
      viewer: viewerId(c),
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
      viewer: viewerId(c),
      cursor: q.cursor,
      limit: q.limit,
      replies: q.replies,
    });
    return c.json(page);
  });

  return app;
}
