/**
 * Surge mode: when a thread gets more comments, or more reports, in one minute than the site allows,
 * every new comment in it waits for a moderator until the thread has been quiet (no comment or report)
 * for THREADLINE_SURGE_QUIET_MINUTES. The switch on and the switch off are in the audit log. It runs in
 * the write's own transaction, after the write, on a row of its own (thread_surges), so two processes
 * counting at once switch it on once and never wait on each other's hold of the thread.
 */
import type { ModerationConfig } from '../config';
import type { Queryable } from '../db/database';
import { logAction, SYSTEM_ACTOR } from '../repo/moderation-log';

export async function noteActivity(
  tx: Queryable,
  thread: string,
  kind: 'comment' | 'report',
  moderation: ModerationConfig,
  now: Date,
): Promise<void> {
  const limit = kind === 'comment' ? moderation.surgeCommentsPerMinute : moderation.surgeReportsPerMinute;
  if (limit === 0) return;
  // The surge's own row (never the thread's, which the post holds shared: see migration 0013).
  const rows = await tx.query<{ surge_until: Date | string }>(
    'SELECT surge_until FROM thread_surges WHERE thread = $1 FOR UPDATE',
    [thread],
  );
  const quietUntil = new Date(now.getTime() + moderation.surgeQuietMinutes * 60_000);
  const until = rows[0] ? new Date(rows[0].surge_until) : null;
  if (until && until > now) {
    // Still surging: the quiet period starts again from this comment or report.
    await tx.query('UPDATE thread_surges SET surge_until = $2 WHERE thread = $1', [thread, quietUntil]);
    return;
  }
  if (until) {
    // The last surge ran out while nobody wrote; it ended when it ran out.
    await tx.query('DELETE FROM thread_surges WHERE thread = $1', [thread]);
    await logAction(tx, SYSTEM_ACTOR, {
      action: 'surge-end',
      thread,
      reason: `quiet since ${until.toISOString()}`,
    });
  }
  const table = kind === 'comment' ? 'comments' : 'reports';
  const counted = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE thread = $1 AND created_at > $2`,
    [thread, new Date(now.getTime() - 60_000)],
  );
  const n = counted[0]?.n ?? 0;
  if (n <= limit) return;
  // A post counting at the same moment may have started it already: then this one only extends it.
  const started = await tx.query(
    `INSERT INTO thread_surges (thread, surge_until) VALUES ($1, $2)
     ON CONFLICT (thread) DO UPDATE SET surge_until = EXCLUDED.surge_until RETURNING (xmax = 0) AS inserted`,
    [thread, quietUntil],
  );
  if (!(started[0] as { inserted?: boolean } | undefined)?.inserted) return;
  await logAction(tx, SYSTEM_ACTOR, {
    action: 'surge',
    thread,
    reason: `${n} ${kind === 'comment' ? 'comments' : 'reports'} in a minute`,
    after: { policy: 'premoderate', until: quietUntil.toISOString() },
  });
}
