/**
 * What moderators do to comments (approve, reject, mark as spam, pin, unpin), what readers' reports do,
 * and the moderators' queue. Each action runs in the caller's transaction with its audit record, and
 * readers learn of it through the same live events as any change: an approved comment arrives as
 * created, one taken off the page goes as deleted.
 */
import type { Comment, ModerationAction, ReportReason } from '@threadline/contract';
import type { Identity } from '../auth/identity';
import type { Queryable } from '../db/database';
import { publicComment, recordEvent } from '../live/events';
import { conflict, forbidden, notFound, unauthorized } from '../middleware/errors';
import { noteActivity } from '../moderation/surge';
import { assertNotBanned } from './bans';
import { logAction, SYSTEM_ACTOR } from './moderation-log';
import { findComment } from './read';
import { COMMENT_SELECT, type CommentRow, isVisible, toComment, type Viewing } from './rows';
import { countChild, type WriteContext } from './write';

const MODERATOR: Viewing = { id: '', moderator: true };

function requireModerator(identity: Identity | null): Identity {
  if (!identity) throw unauthorized('identity_required', 'Sign in as a moderator to moderate comments.');
  if (identity.role !== 'moderator') throw forbidden('moderator_required', 'Only a moderator may do this.');
  return identity;
}

async function lockComment(tx: Queryable, thread: string, id: string): Promise<CommentRow> {
  await tx.query('SELECT 1 FROM comments WHERE thread = $1 AND id = $2 FOR UPDATE', [thread, id]);
  const row = await findComment(tx, thread, id, '');
  if (!row) throw notFound('comment_not_found', 'There is no such comment in this thread.');
  return row;
}

/**
 * Moves a comment between shown and not shown: the parent's counts follow, and readers are told (an
 * approved comment arrives; a hidden one leaves, as a tombstone when replies hang from it).
 */
async function setStatus(
  tx: Queryable,
  row: CommentRow,
  status: 'published' | 'pending' | 'rejected' | 'spam',
  reason: string | null,
): Promise<CommentRow> {
  const rows = await tx.query<CommentRow>(
    `UPDATE comments SET status = $3, status_reason = $4 WHERE thread = $1 AND id = $2
     RETURNING *, 0 AS my_vote`,
    [row.thread, row.id, status, status === 'published' ? null : reason],
  );
  const updated = rows[0];
  if (!updated) throw new Error('UPDATE … RETURNING returned no row');
  const was = isVisible(row.status);
  const is = isVisible(status);
  if (was !== is) {
    if (row.parent_id !== null) {
      await countChild(tx, row.thread, row.parent_id, was ? 'visible' : 'held', -1);
      await countChild(tx, row.thread, row.parent_id, is ? 'visible' : 'held', 1);
    }
    const shown = publicComment(toComment(updated));
    await recordEvent(
      tx,
      row.thread,
      is ? { type: 'comment-created', comment: shown } : { type: 'comment-deleted', comment: shown },
    );
  }
  return updated;
}

const stateOf = (row: CommentRow) => ({ status: row.status, reason: row.status_reason, pinned: row.pinned });

export async function moderate(
  ctx: WriteContext,
  thread: string,
  id: string,
  action: ModerationAction,
  reason: string | undefined,
): Promise<Comment> {
  const moderator = requireModerator(ctx.identity);
  const row = await lockComment(ctx.tx, thread, id);
  if (row.status === 'deleted') throw conflict('comment_deleted', 'This comment was deleted.');
  let updated: CommentRow;
  switch (action) {
    case 'approve':
      updated = await setStatus(ctx.tx, row, 'published', null);
      // An approved comment starts afresh: the reports that hid it were reviewed.
      await ctx.tx.query('UPDATE comments SET report_count = 0 WHERE thread = $1 AND id = $2', [thread, id]);
      await ctx.tx.query('DELETE FROM reports WHERE thread = $1 AND comment_id = $2', [thread, id]);
      updated = { ...updated, report_count: 0 };
      break;
    case 'reject':
      updated = await setStatus(ctx.tx, row, 'rejected', reason ?? null);
      break;
    case 'spam':
      updated = await setStatus(ctx.tx, row, 'spam', reason ?? null);
      break;
    default: {
      if (row.parent_id !== null) throw conflict('not_top_level', 'Only top-level comments can be pinned.');
      const pinned = action === 'pin';
      const rows = await ctx.tx.query<CommentRow>(
        `UPDATE comments SET pinned = $3 WHERE thread = $1 AND id = $2 RETURNING *, 0 AS my_vote`,
        [thread, id, pinned],
      );
      updated = rows[0] as CommentRow;
      if (isVisible(updated.status) && pinned !== row.pinned) {
        await recordEvent(ctx.tx, thread, {
          type: 'comment-edited',
          comment: publicComment(toComment(updated)),
        });
      }
    }
  }
  await logAction(ctx.tx, moderator, {
    action,
    thread,
    commentId: id,
    reason: reason ?? null,
    before: stateOf(row),
    after: stateOf(updated),
  });
  return toComment(updated, MODERATOR);
}

export interface ReportResult {
  /** False when this identity had reported the comment already (one report each). */
  counted: boolean;
}

/** One report per identity per comment; at the threshold the comment waits for a moderator. */
export async function report(
  ctx: WriteContext,
  thread: string,
  id: string,
  reason: ReportReason,
  detail: string | undefined,
): Promise<ReportResult> {
  const identity = ctx.identity;
  if (!identity) throw unauthorized('identity_required', 'Sign in or use a guest identity to report.');
  await assertNotBanned(ctx.tx, identity, ctx.addressKey, ctx.now);
  const row = await lockComment(ctx.tx, thread, id);
  if (!isVisible(row.status) && row.author_id !== identity.id)
    throw notFound('comment_not_found', 'There is no such comment in this thread.');
  if (row.status === 'deleted') throw conflict('comment_deleted', 'This comment was deleted.');
  if (row.author_id === identity.id) throw forbidden('own_comment', 'You cannot report your own comment.');
  const inserted = await ctx.tx.query(
    `INSERT INTO reports (thread, comment_id, identity_id, reason, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [thread, id, identity.id, reason, detail ?? null, ctx.now],
  );
  if (inserted.length === 0) return { counted: false };
  await noteActivity(ctx.tx, thread, 'report', ctx.moderation, ctx.now);
  const counted = await ctx.tx.query<{ report_count: number }>(
    'UPDATE comments SET report_count = report_count + 1 WHERE thread = $1 AND id = $2 RETURNING report_count',
    [thread, id],
  );
  const reports = counted[0]?.report_count ?? 0;
  if (row.status === 'published' && reports >= ctx.moderation.reportThreshold) {
    const hidden = await setStatus(ctx.tx, row, 'pending', 'reports');
    await logAction(ctx.tx, SYSTEM_ACTOR, {
      action: 'hide',
      thread,
      commentId: id,
      reason: `${reports} reports`,
      before: stateOf(row),
      after: stateOf(hidden),
    });
  }
  return { counted: true };
}

export type QueueKind = 'pending' | 'reported' | 'spam' | 'rejected';

export interface QueueItem {
  comment: Comment;
  parent: Comment | null;
  reports: { reason: ReportReason; detail: string | null; at: string }[];
}

/** The moderators' queue across threads, newest first, keyset-paged by comment id. */
export async function readQueue(
  db: Queryable,
  o: { kind: QueueKind; thread?: string | undefined; before?: string | undefined; limit: number },
): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
  // $2 is the viewer COMMENT_SELECT joins votes on: nobody.
  const params: unknown[] = [o.limit + 1, ''];
  const where = [o.kind === 'reported' ? 'c.report_count > 0' : `c.status = '${o.kind}'`];
  if (o.thread) {
    params.push(o.thread);
    where.push(`c.thread = $${params.length}`);
  }
  if (o.before) {
    params.push(o.before);
    where.push(`c.id < $${params.length}`);
  }
  const rows = await db.query<CommentRow>(
    `${COMMENT_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.id DESC LIMIT $1`,
    params,
  );
  const more = rows.length > o.limit;
  const page = rows.slice(0, o.limit);
  const items: QueueItem[] = [];
  for (const row of page) {
    const parent = row.parent_id ? await findComment(db, row.thread, row.parent_id, '') : undefined;
    const reports = await db.query<{
      reason: ReportReason;
      detail: string | null;
      created_at: Date | string;
    }>(
      'SELECT reason, detail, created_at FROM reports WHERE thread = $1 AND comment_id = $2 ORDER BY created_at',
      [row.thread, row.id],
    );
    items.push({
      comment: toComment(row, MODERATOR),
      parent: parent ? toComment(parent, MODERATOR) : null,
      reports: reports.map((r) => ({
        reason: r.reason,
        detail: r.detail,
        at: new Date(r.created_at).toISOString(),
      })),
    });
  }
  return { items, nextCursor: more ? (page.at(-1)?.id ?? null) : null };
}

/** Earlier texts of a comment, newest first. */
export async function readVersions(
  db: Queryable,
  thread: string,
  id: string,
): Promise<{ version: number; body: string; writtenAt: string; replacedAt: string; replacedBy: string }[]> {
  const rows = await db.query<{
    version: number;
    body: string;
    written_at: Date | string;
    replaced_at: Date | string;
    replaced_by: string;
  }>(
    `SELECT version, body, written_at, replaced_at, replaced_by FROM comment_versions
      WHERE thread = $1 AND comment_id = $2 ORDER BY version DESC`,
    [thread, id],
  );
  return rows.map((r) => ({
    version: r.version,
    body: r.body,
    writtenAt: new Date(r.written_at).toISOString(),
    replacedAt: new Date(r.replaced_at).toISOString(),
    replacedBy: r.replaced_by,
  }));
}

export { requireModerator };
