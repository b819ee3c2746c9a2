/** Writes to comments: create, edit, delete, vote. Each request is one transaction. */

import { IDEMPOTENCY_KEY_RULE } from '@threadline/contract';
import { Hono } from 'hono';
import type { AppEnv, Services } from '../env';
import { badRequest } from '../middleware/errors';
import { screenPost, spamChecker } from '../moderation/screening';
import { createComment, deleteComment, editComment, vote } from '../repo/write';
import {
  commentId,
  createCommentBody,
  editCommentBody,
  IDEMPOTENCY_KEY,
  jsonBody,
  param,
  threadId,
  voteBody,
} from '../validation';
import { inTransaction } from './tx';

export function commentRoutes(s: Services) {
  const app = new Hono<AppEnv>();
  const checker = spamChecker(s);

  app.post('/threads/:thread/comments', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const key = c.req.header('Idempotency-Key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw badRequest('invalid_idempotency_key', `Idempotency-Key ${IDEMPOTENCY_KEY_RULE}.`, {
        'Idempotency-Key': IDEMPOTENCY_KEY_RULE,
      });
    }
    const input = await jsonBody(createCommentBody, c);
    const screened = await screenPost(s, c, thread, input, checker);
    const created = await inTransaction(s, c, (ctx) => createComment(ctx, thread, input, key, screened));
    if (created.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(
      created.identity
        ? { comment: created.comment, identity: created.identity }
        : { comment: created.comment },
      201,
    );
  });

  app.patch('/threads/:thread/comments/:id', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const id = param(commentId, 'id', c.req.param('id'));
    const { body } = await jsonBody(editCommentBody, c);
    return c.json(await inTransaction(s, c, (ctx) => editComment(ctx, thread, id, body)));
  });

  app.delete('/threads/:thread/comments/:id', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const id = param(commentId, 'id', c.req.param('id'));
    return c.json(await inTransaction(s, c, (ctx) => deleteComment(ctx, thread, id)));
  });

  app.put('/threads/:thread/comments/:id/vote', async (c) => {
    const thread = param(threadId, 'thread', c.req.param('thread'));
    const id = param(commentId, 'id', c.req.param('id'));
    const { value } = await jsonBody(voteBody, c);
    return c.json(await inTransaction(s, c, (ctx) => vote(ctx, thread, id, value)));
  });

  return app;
}
