/** Moderators' actions on comments, readers' reports, and the moderators' queue and audit log. */
import { Hono } from 'hono';
import type { AppEnv, Services } from '../env';
import { activeBans, banAuthor, liftBan } from '../repo/bans';
import { moderate, readQueue, readVersions, report, requireModerator } from '../repo/moderation';
import { readLog } from '../repo/moderation-log';
import {
  banBody,
  banId,
  commentId,
  jsonBody,
  logQuery,
  moderationBody,
  param,
  query,
  queueQuery,
  reportBody,
  threadId,
} from '../validation';
import { inTransaction } from './tx';

export function moderationRoutes(s: Services) {
  const app = new Hono<AppEnv>();

  app.post('/threads/:thread/comments/:id/moderation', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const id = param(commentId, 'id', c.req.param('id'));
    requireModerator(c.var.identity);
    const { action, reason } = await jsonBody(moderationBody, c);
    return c.json(await inTransaction(s, c, (ctx) => moderate(ctx, thread, id, action, reason)));
  });

  app.post('/threads/:thread/comments/:id/reports', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const id = param(commentId, 'id', c.req.param('id'));
    const { reason, detail } = await jsonBody(reportBody, c);
    const result = await inTransaction(s, c, (ctx) => report(ctx, thread, id, reason, detail));
    return c.json(result, result.counted ? 201 : 200);
  });

  app.get('/threads/:thread/comments/:id/versions', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const id = param(commentId, 'id', c.req.param('id'));
    requireModerator(c.var.identity);
    return c.json({ versions: await readVersions(s.db, thread, id) });
  });

  app.get('/moderation/queue', async (c) => {
    requireModerator(c.var.identity);
    const q = query(queueQuery, c);
    return c.json(
      await readQueue(s.db, { kind: q.kind, thread: q.thread, before: q.cursor, limit: q.limit }),
    );
  });

  app.post('/moderation/bans', async (c) => {
    const moderator = requireModerator(c.var.identity);
    const input = await jsonBody(banBody, c);
    const ban = await inTransaction(s, c, (ctx) =>
      banAuthor(ctx.tx, moderator, { ...input, commentId: input.commentId, now: ctx.now }),
    );
    return c.json(ban, 201);
  });

  app.get('/moderation/bans', async (c) => {
    requireModerator(c.var.identity);
    return c.json({ bans: await activeBans(s.db, new Date(s.now())) });
  });

  app.delete('/moderation/bans/:id', async (c) => {
    const moderator = requireModerator(c.var.identity);
    const id = param(banId, 'id', c.req.param('id'));
    return c.json(await inTransaction(s, c, (ctx) => liftBan(ctx.tx, moderator, id, ctx.now)));
  });

  app.get('/moderation/log', async (c) => {
    requireModerator(c.var.identity);
    const q = query(logQuery, c);
    return c.json(await readLog(s.db, { thread: q.thread, before: q.cursor, limit: q.limit }));
  });

  return app;
}
