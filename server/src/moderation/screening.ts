/**
 * Screens a new comment before its transaction starts (the spam checker is a network call, and no
 * database lock may wait on it): the local defences, then the checker when one is configured. Its
 * verdict goes into the write: refused, held, stored as spam, or published.
 */
import type { Context } from 'hono';
import type { AppEnv, Services } from '../env';
import { ApiError } from '../middleware/errors';
import type { CreateCommentBody } from '../validation';
import type { RecentPost } from './defences';
import { type CheckResult, createAkismetChecker, type SpamChecker, screenWithChecker } from './spam-checker';

/** Recent bodies of the same author looked at for repeats (each is folded on every post). */
const HISTORY = 20;

export function spamChecker(s: Services): SpamChecker | undefined {
  const akismet = s.config.moderation.akismet;
  if (!akismet) return undefined;
  return createAkismetChecker({
    key: akismet.key,
    site: akismet.site ?? s.config.origins[0] ?? '',
    timeoutMs: akismet.timeoutMs,
  });
}

export async function screenPost(
  s: Services,
  c: Context<AppEnv>,
  thread: string,
  input: CreateCommentBody,
  checker: SpamChecker | undefined,
): Promise<CheckResult> {
  const identity = c.var.identity;
  if (identity?.role === 'moderator') return { verdict: 'publish' };
  const history: RecentPost[] = identity
    ? (
        await s.db.query<{ body: string; created_at: Date | string }>(
          'SELECT body, created_at FROM comments WHERE author_id = $1 ORDER BY id DESC LIMIT $2',
          [identity.id, HISTORY],
        )
      ).map((r) => ({ body: r.body, postedAt: new Date(r.created_at) }))
    : [];
  const result = await screenWithChecker(
    {
      body: input.body,
      ...(input.website !== undefined ? { honeypot: input.website } : {}),
      ...(input.writeMs !== undefined ? { writeMs: input.writeMs } : {}),
      now: new Date(s.now()),
    },
    s.config.moderation.spam,
    history,
    {
      checker,
      comment: {
        authorName: identity?.name ?? input.authorName ?? '',
        ip: s.address(c),
        userAgent: c.req.header('User-Agent'),
        permalink: thread,
      },
      timeoutMs: s.config.moderation.akismet?.timeoutMs ?? 3000,
      onError: (error: unknown) =>
        console.warn(`[threadline] the spam check failed, the comment is held: ${String(error)}`),
    },
  );
  if (result.verdict === 'refuse') {
    throw new ApiError(
      422,
      'validation_failed',
      'The request is not valid: body contains a word this site does not allow.',
      {
        body: 'contains a word this site does not allow; change it and post again',
      },
    );
  }
  return result;
}
