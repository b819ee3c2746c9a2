/**
 * Surge mode: when a thread gets more comments, or more reports, in one minute than the site allows,
 * every new comment in it waits for a moderator until the thread has been quiet (no comment or report)
 * for THREADLINE_SURGE_QUIET_MINUTES. The switch on and the switch off are in the audit log. It runs in
 * the write's own transaction, after the write, with the thread's row locked for update, so two
 * processes counting at once switch it on once.
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
  const rows = await tx.query<{ surge_until: Date | string | null }>(
    'SELECT surge_until FROM threads WHERE thread = $1 FOR UPDATE',
    [thread],
  );
  const row = rows[0];
  if (!row) return;
  const quietUntil = new Date(now.getTime() + moderation.surgeQuietMinutes * 60_000);
  const until = row.surge_until === null ? null : new Date(row.surge_until);
  if (until && until > now) {
    // Still surging: the quiet period starts again from this comment or report.
    await tx.query('UPDATE threads SET surge_until = $2 WHERE thread = $1', [thread, quietUntil]);
    return;
  }
  if (until) {
    // The last surge ran out while nobody wrote; it ended when it ran out.
    await tx.query('UPDATE threads SET surge_until = NULL WHERE thread = $1', [thread]);
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
  await tx.query('UPDATE threads SET surge_until = $2 WHERE thread = $1', [thread, quietUntil]);
  await logAction(tx, SYSTEM_ACTOR, {
    action: 'surge',
    thread,
    reason: `${n} ${kind === 'comment' ? 'comments' : 'reports'} in a minute`,
    after: { policy: 'premoderate', until: quietUntil.toISOString() },
  });
}
