/**
 * Recording live events. Called inside a write's transaction, as its LAST statements: the event row and
 * the NOTIFY commit (or roll back) with the write itself.
 */
import { type Comment, parseMarkdown, type ThreadEvent } from '@threadline/contract';
import type { Queryable } from '../db/database';

/** The LISTEN/NOTIFY channel every server process listens on. */
export const EVENTS_CHANNEL = 'threadline_events';

/** Advisory lock class for "one thread's events": two-key form, so it cannot clash with the migration lock. */
const EVENT_LOCK_CLASS = 7_401_231;

/** The stream is not personalised: every comment goes out as a reader with no vote sees it. */
export function publicComment(comment: Comment): Comment {
  return { ...comment, myVote: 0 };
}

/**
 * Stores `event` for `thread` and announces it. The per-thread advisory lock (held to commit) makes a
 * thread's events commit in id order, so "everything after id N" is a complete answer for a thread.
 * It is taken last, after the write's row locks, so it adds no lock-order cycle.
 */
export async function recordEvent(tx: Queryable, thread: string, event: ThreadEvent): Promise<string> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [EVENT_LOCK_CLASS, thread]);
  const { type, ...payload } = event;
  const rows = await tx.query<{ id: string }>(
    'INSERT INTO events (thread, type, payload) VALUES ($1, $2, $3) RETURNING id::text AS id',
    [thread, type, JSON.stringify(payload)],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('INSERT … RETURNING returned no row');
  // Small payload (NOTIFY carries at most 8000 bytes): the reader fetches the row.
  await tx.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, `${thread}:${id}`]);
  return id;
}

export interface StoredEvent {
  id: string;
  event: ThreadEvent;
}

interface EventRow {
  id: string;
  type: ThreadEvent['type'];
  payload: unknown;
  [key: string]: unknown;
}

function toEvent(row: EventRow): StoredEvent {
  const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as object;
  const event = { type: row.type, ...payload } as ThreadEvent;
  // Events stored before comments carried `content` (migration 0004) get it on the way out.
  if ('comment' in event && !Array.isArray(event.comment.content))
    event.comment.content = parseMarkdown(event.comment.body);
  return { id: row.id, event };
}

/**
 * A thread's events after `afterId`, oldest first (at most `limit`). Ordered by the bigint column, not the
 * text alias of the same name: as text, event 10 sorted before event 9 and a replay came out of order.
 */
export async function eventsAfter(
  db: Queryable,
  thread: string,
  afterId: string,
  limit = 1000,
): Promise<StoredEvent[]> {
  const rows = await db.query<EventRow>(
    `SELECT id::text AS id, type, payload FROM events
      WHERE thread = $1 AND events.id > $2::bigint ORDER BY events.id LIMIT $3`,
    [thread, afterId, limit],
  );
  return rows.map(toEvent);
}

/** The newest event id of a thread, '0' when it has none. */
export async function latestEventId(db: Queryable, thread: string): Promise<string> {
  const rows = await db.query<{ id: string | null }>(
    'SELECT max(id)::text AS id FROM events WHERE thread = $1',
    [thread],
  );
  return rows[0]?.id ?? '0';
}

/** Deletes events older than `hours`; returns how many. */
export async function pruneEvents(db: Queryable, hours: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM events WHERE created_at < now() - make_interval(hours => $1) RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [hours],
  );
  return rows[0]?.n ?? 0;
}
