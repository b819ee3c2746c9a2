/**
 * The audit log: every moderation action, by whom, when, and the state before and after. Written in the
 * action's own transaction, so an action and its record commit together; read by moderators only.
 */
import type { Identity } from '../auth/identity';
import type { Queryable } from '../db/database';

/** Actions the server takes by itself (reports past the threshold) are logged under this actor. */
export const SYSTEM_ACTOR = { id: 'system', name: 'Threadline' } as const;

export interface LogEntry {
  action: string;
  thread?: string;
  commentId?: string;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface LoggedAction {
  id: string;
  at: string;
  actor: { id: string; name: string };
  action: string;
  thread: string | null;
  commentId: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}

export async function logAction(
  tx: Queryable,
  actor: Pick<Identity, 'id' | 'name'> | typeof SYSTEM_ACTOR,
  entry: LogEntry,
): Promise<void> {
  await tx.query(
    `INSERT INTO moderation_log (actor_id, actor_name, action, thread, comment_id, reason, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
    [
      actor.id,
      actor.name,
      entry.action,
      entry.thread ?? null,
      entry.commentId ?? null,
      entry.reason ?? null,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}

interface LogRow {
  id: string;
  at: Date | string;
  actor_id: string;
  actor_name: string;
  action: string;
  thread: string | null;
  comment_id: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
  [key: string]: unknown;
}

const parsed = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

/** Newest first, `limit` at a time; `before` is the id of the last entry already seen. */
export async function readLog(
  db: Queryable,
  o: { thread?: string | undefined; before?: string | undefined; limit: number },
): Promise<{ entries: LoggedAction[]; nextCursor: string | null }> {
  const params: unknown[] = [o.limit + 1];
  const where: string[] = [];
  if (o.thread) {
    params.push(o.thread);
    where.push(`thread = $${params.length}`);
  }
  if (o.before) {
    params.push(o.before);
    where.push(`id < $${params.length}::bigint`);
  }
  const rows = await db.query<LogRow>(
    `SELECT id::text AS id, at, actor_id, actor_name, action, thread, comment_id, reason, before, after
       FROM moderation_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY moderation_log.id DESC LIMIT $1`,
    params,
  );
  const more = rows.length > o.limit;
  const entries = rows.slice(0, o.limit).map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: { id: r.actor_id, name: r.actor_name },
    action: r.action,
    thread: r.thread,
    commentId: r.comment_id,
    reason: r.reason,
    before: parsed(r.before),
    after: parsed(r.after),
  }));
  return { entries, nextCursor: more ? (entries.at(-1)?.id ?? null) : null };
}
