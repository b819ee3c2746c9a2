/** Read queries: thread info, top-level pages, reply pages, counts. */
import {
  type Comment,
  LIMITS,
  type Page,
  type Policy,
  type Sort,
  type ThreadInfo,
} from '@threadline/contract';
import type { ModerationConfig } from '../config';
import type { Queryable } from '../db/database';
import { type Cursor, decodeCursor, encodeCursor } from './cursor';
import { COMMENT_SELECT, type CommentRow, toComment, type Viewing } from './rows';

/** Bounds the work of one request however deep a conversation goes. */
const MAX_INCLUDED_REPLIES = 1000;
const MAX_REPLY_DEPTH = 32;

export interface ThreadRow {
  thread: string;
  title: string | null;
  url: string | null;
  closed: boolean;
  policy: Policy | null;
  created_at: Date | string;
  surge_until?: Date | string | null;
  [key: string]: unknown;
}

export const THREAD_SELECT =
  'SELECT t.thread, t.title, t.url, t.closed, t.policy, t.created_at, s.surge_until FROM threads t LEFT JOIN thread_surges s USING (thread)';

export async function findThread(db: Queryable, thread: string): Promise<ThreadRow | undefined> {
  const rows = await db.query<ThreadRow>(`${THREAD_SELECT} WHERE t.thread = $1`, [thread]);
  return rows[0];
}

/** What the site's settings make of a thread: its policy, and whether it is closed (by hand or by age). */
export function threadRules(
  row: Pick<ThreadRow, 'closed' | 'policy' | 'created_at' | 'surge_until'> | undefined,
  moderation: ModerationConfig,
  now: number,
): { closed: boolean; policy: Policy; surge: boolean } {
  const policy = row?.policy ?? moderation.policy;
  if (!row) return { closed: false, policy, surge: false };
  const age = now - new Date(row.created_at).getTime();
  const expired = moderation.autoCloseDays > 0 && age > moderation.autoCloseDays * 86_400_000;
  // A surge holds every comment while it lasts (a signed-in-only thread stays signed-in-only as well).
  const surge = row.surge_until != null && new Date(row.surge_until).getTime() > now;
  const held = surge && policy !== 'signed-in' ? 'premoderate' : policy;
  return { closed: row.closed || expired, policy: held, surge };
}

export async function threadInfo(
  db: Queryable,
  row: ThreadRow | undefined,
  thread: string,
  settings: { editWindowSeconds: number; moderation: ModerationConfig; now: number },
): Promise<ThreadInfo> {
  const counts = await countComments(db, [thread]);
  const rules = threadRules(row, settings.moderation, settings.now);
  const info: ThreadInfo = {
    id: thread,
    closed: rules.closed,
    commentCount: counts[thread] ?? 0,
    editWindowSeconds: settings.editWindowSeconds,
  };
  if (rules.policy !== 'open') info.policy = rules.policy;
  if (rules.surge) info.surge = true;
  if (row?.title) info.title = row.title;
  if (row?.url) info.url = row.url;
  return info;
}

export async function countComments(
  db: Queryable,
  threads: readonly string[],
): Promise<Record<string, number>> {
  const rows = await db.query<{ thread: string; n: number }>(
    `SELECT thread, count(*)::int AS n FROM comments WHERE thread = ANY($1::text[]) AND status = 'published' GROUP BY thread`,
    [threads],
  );
  const found = new Map(rows.map((r) => [r.thread, r.n]));
  return Object.fromEntries(threads.map((t) => [t, found.get(t) ?? 0]));
}

const ORDER: Record<Sort, { where: string; order: string }> = {
  newest: { where: 'c.id < $3', order: 'c.id DESC' },
  oldest: { where: 'c.id > $3', order: 'c.id ASC' },
  top: { where: '(c.score, c.id) < ($4::int, $3)', order: 'c.score DESC, c.id DESC' },
};

export interface ListOptions {
  thread: string;
  viewing: Viewing;
  cursor: string | undefined;
  limit: number;
  replies: number;
}

/**
 * Which comments a list shows the viewer (`$2` is the viewer's id): every published one and tombstone;
 * a held one to its author, pending ones to moderators; and any held one that published replies hang
 * from (as a tombstone, see toComment).
 */
function shownTo(viewing: Viewing): string {
  const moderator = viewing.moderator ? "OR c.status = 'pending'" : '';
  return `AND (c.status IN ('published', 'deleted') OR c.reply_count > 0 OR (c.author_id = $2 AND $2 <> '') ${moderator})`;
}

export async function listTopLevel(db: Queryable, sort: Sort, o: ListOptions): Promise<Page> {
  const cursor = decodeCursor(sort, o.cursor);
  const { where, order } = ORDER[sort];
  const params: unknown[] = [o.thread, o.viewing.id];
  let filter = shownTo(o.viewing);
  if (cursor) {
    params.push(cursor.id);
    if (sort === 'top') params.push(cursor.score);
    filter += ` AND ${where}`;
  }
  params.push(o.limit + 1);
  // Pinned comments lead the first page in every sort and are never part of the paged order.
  const pinned = cursor
    ? []
    : await db.query<CommentRow>(
        `${COMMENT_SELECT} WHERE c.thread = $1 AND c.parent_id IS NULL AND c.pinned ${shownTo(o.viewing)}
          ORDER BY c.id DESC LIMIT ${LIMITS.pinnedMax}`,
        [o.thread, o.viewing.id],
      );
  const rows = await db.query<CommentRow>(
    `${COMMENT_SELECT} WHERE c.thread = $1 AND c.parent_id IS NULL AND NOT c.pinned ${filter}
      ORDER BY ${order} LIMIT $${params.length}`,
    params,
  );
  return page(
    db,
    rows,
    o,
    (last) => encodeCursor(sort, sort === 'top' ? { id: last.id, score: last.score } : { id: last.id }),
    pinned,
  );
}

export async function listReplies(db: Queryable, parentId: string, o: ListOptions): Promise<Page> {
  const cursor: Cursor | null = decodeCursor('replies', o.cursor);
  const params: unknown[] = [o.thread, o.viewing.id, parentId];
  if (cursor) params.push(cursor.id);
  params.push(o.limit + 1);
  const rows = await db.query<CommentRow>(
    `${COMMENT_SELECT} WHERE c.thread = $1 AND c.parent_id = $3 ${shownTo(o.viewing)} ${cursor ? 'AND c.id > $4' : ''}
      ORDER BY c.id ASC LIMIT $${params.length}`,
    params,
  );
  return page(db, rows, o, (last) => encodeCursor('replies', { id: last.id }));
}

async function page(
  db: Queryable,
  rows: CommentRow[],
  o: ListOptions,
  cursorOf: (last: CommentRow) => string,
  leading: CommentRow[] = [],
): Promise<Page> {
  const more = rows.length > o.limit;
  const paged = more ? rows.slice(0, o.limit) : rows;
  const last = paged.at(-1);
  const own = [...leading, ...paged];
  const comments = own.map((row) => toComment(row, o.viewing));
  comments.push(...(await includeReplies(db, own, o)));
  return { comments, nextCursor: more && last ? cursorOf(last) : null };
}

/** The first `o.replies` replies of every comment, level by level (one query per level). */
async function includeReplies(db: Queryable, parents: CommentRow[], o: ListOptions): Promise<Comment[]> {
  const included: Comment[] = [];
  // Held replies only ever show to someone signed in (their author or a moderator).
  const hasReplies = (r: CommentRow) => r.reply_count > 0 || (o.viewing.id !== '' && r.held_reply_count > 0);
  let level = parents.filter(hasReplies).map((p) => p.id);
  for (let depth = 0; o.replies > 0 && level.length > 0 && depth < MAX_REPLY_DEPTH; depth++) {
    const room = MAX_INCLUDED_REPLIES - included.length;
    if (room <= 0) break;
    const rows = await db.query<CommentRow>(
      `SELECT * FROM (
         SELECT x.*, row_number() OVER (PARTITION BY x.parent_id ORDER BY x.id) AS rank
           FROM (${COMMENT_SELECT} WHERE c.thread = $1 AND c.parent_id = ANY($3::text[]) ${shownTo(o.viewing)}) x
       ) ranked WHERE rank <= $4 ORDER BY parent_id, id LIMIT $5`,
      [o.thread, o.viewing.id, level, o.replies, room],
    );
    included.push(...rows.map((row) => toComment(row, o.viewing)));
    level = rows.filter(hasReplies).map((r) => r.id);
  }
  return included;
}

export async function findComment(
  db: Queryable,
  thread: string,
  id: string,
  viewer: string,
): Promise<CommentRow | undefined> {
  const rows = await db.query<CommentRow>(`${COMMENT_SELECT} WHERE c.thread = $1 AND c.id = $3`, [
    thread,
    viewer,
    id,
  ]);
  return rows[0];
}
