/** Who am I (`GET /me`), counts for listing pages, and an explicit guest identity (for voting before posting). */

import { LIMITS, THREAD_KEY_RULE } from '@threadline/contract';
import { Hono } from 'hono';
import type { AppEnv, Services } from '../env';
import { badRequest, unauthorized } from '../middleware/errors';
import { countComments } from '../repo/read';
import { assertNameFree, createGuest } from '../repo/write';
import { identityBody, jsonBody, threadId } from '../validation';

export function identityRoutes(s: Services) {
  const app = new Hono<AppEnv>();

  app.get('/me', (c) => {
    const identity = c.var.identity;
    if (!identity)
      throw unauthorized('identity_required', 'No identity: post a comment as a guest or sign in first.');
    return c.json({ id: identity.id, name: identity.name, role: identity.role });
  });

  app.post('/identities', async (c) => {
    if (c.var.identity) {
      throw badRequest(
        'identity_exists',
        'This request already carries an identity; use it instead of creating another.',
      );
    }
    const { name } = await jsonBody(identityBody, c);
    const { issued } = await s.db.transaction(async (tx) => {
      if (name !== undefined) await assertNameFree(tx, name, 'name');
      return createGuest(tx, name ?? 'Guest');
    });
    return c.json(issued, 201);
  });

  app.get('/counts', async (c) => {
    const threads = [...new Set(c.req.queries('thread') ?? [])];
    if (threads.length === 0)
      throw badRequest('invalid_query', 'Name at least one thread: /api/counts?thread=a&thread=b.');
    if (threads.length > LIMITS.countThreadsMax) {
      throw badRequest('too_many_threads', `Ask for at most ${LIMITS.countThreadsMax} threads per request.`);
    }
    const bad = threads.find((t) => !threadId.safeParse(t).success);
    if (bad !== undefined) {
      throw badRequest('invalid_query', `A thread id in the query ${THREAD_KEY_RULE}.`, {
        thread: 'is not valid',
      });
    }
    return c.json({ counts: await countComments(s.db, threads) });
  });

  return app;
}
