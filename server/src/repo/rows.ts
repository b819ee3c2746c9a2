/** Maps database rows to the widget's model (src/adapters/adapter.ts), the only shape the API returns. */
import {
  type Comment,
  type CommentStatus,
  DELETED_AUTHOR_NAME,
  type MdNode,
  parseMarkdown,
  type Role,
  type VoteValue,
} from '@threadline/contract';

export interface CommentRow {
  thread: string;
  id: string;
  parent_id: string | null;
  author_id: string;
  author_name: string;
  author_url: string | null;
  author_avatar: string | null;
  author_role: string;
  body: string;
  /** `body` parsed when it was written; NULL for rows written before migration 0004. */
  content: MdNode[] | string | null;
  created_at: Date | string;
  edited_at: Date | string | null;
  score: number;
  reply_count: number;
  status: string;
  pinned: boolean;
  anchor_id: string | null;
  anchor_quote: string | null;
  status_reason: string | null;
  held_reply_count: number;
  report_count: number;
  edited_by_moderator: boolean;
  my_vote: number;
  [key: string]: unknown;
}

/** Select list for a comment plus the viewer's vote; `$2` must be the viewer id ('' for nobody). */
export const COMMENT_SELECT = `
  SELECT c.thread, c.id, c.parent_id, c.author_id, c.author_name, c.author_url, c.author_avatar,
         c.author_role, c.body, c.content, c.created_at, c.edited_at, c.score, c.reply_count, c.status,
         c.pinned, c.anchor_id, c.anchor_quote, c.status_reason, c.held_reply_count, c.report_count,
         c.edited_by_moderator, COALESCE(v.value, 0)::int AS my_vote
    FROM comments c
    LEFT JOIN votes v ON v.thread = c.thread AND v.comment_id = c.id AND v.identity_id = $2`;

const iso = (value: Date | string) => new Date(value).toISOString();

/** A body's content as stored in `comments.content` (a jsonb parameter: JSON text, cast with `::jsonb`). */
export const contentJson = (body: string): string => JSON.stringify(parseMarkdown(body));

/** The stored content (both drivers hand jsonb back parsed); a row from before it was stored is parsed now. */
function contentOf(row: CommentRow): MdNode[] {
  const stored = typeof row.content === 'string' ? JSON.parse(row.content) : row.content;
  return Array.isArray(stored) ? (stored as MdNode[]) : parseMarkdown(row.body);
}

/** Who reads a comment: its author and moderators see it while it is held; others only once published. */
export interface Viewing {
  id: string;
  moderator: boolean;
}

/** Nobody in particular: what a live event carries, and what a reader who is neither author nor moderator sees. */
export const PUBLIC: Viewing = { id: '', moderator: false };

const HELD = new Set(['pending', 'rejected', 'spam']);

/** Whether every reader sees the comment (published, or a tombstone kept for its replies). */
export const isVisible = (status: string) => !HELD.has(status);

export function toComment(row: CommentRow, viewing: Viewing = PUBLIC): Comment {
  const held = HELD.has(row.status);
  const own = viewing.id !== '' && row.author_id === viewing.id;
  // A held comment reaches a reader who is neither its author nor a moderator only because published
  // replies hang from it: it shows as a tombstone, so they keep their place.
  if (row.status === 'deleted' || (held && !own && !viewing.moderator)) {
    // A tombstone keeps its place and replies, nothing of what or who it was.
    return {
      id: row.id,
      thread: row.thread,
      parentId: row.parent_id,
      author: { id: '', name: DELETED_AUTHOR_NAME },
      body: '',
      content: [],
      createdAt: iso(row.created_at),
      score: 0,
      myVote: 0,
      replyCount: row.reply_count,
      status: 'deleted',
      pinned: row.pinned,
    };
  }
  const comment: Comment = {
    id: row.id,
    thread: row.thread,
    parentId: row.parent_id,
    author: { id: row.author_id, name: row.author_name, role: row.author_role as Role },
    body: row.body,
    content: contentOf(row),
    createdAt: iso(row.created_at),
    score: row.score,
    myVote: row.my_vote as VoteValue,
    replyCount: row.reply_count,
    status: row.status as CommentStatus,
    pinned: row.pinned,
  };
  if (held && !viewing.moderator) {
    // Its author learns a moderator's reason for a rejection, never what a defence saw (nor that a
    // post was taken for spam: that would teach a spammer what to change).
    comment.status = row.status === 'rejected' ? 'rejected' : 'pending';
    if (row.status === 'rejected' && row.status_reason) comment.statusReason = row.status_reason;
  } else if (held && row.status_reason) comment.statusReason = row.status_reason;
  if (viewing.moderator && row.report_count > 0) comment.reportCount = row.report_count;
  if (row.edited_by_moderator) comment.editedByModerator = true;
  if (row.author_url) comment.author.url = row.author_url;
  if (row.author_avatar) comment.author.avatar = row.author_avatar;
  if (row.edited_at) comment.editedAt = iso(row.edited_at);
  if (row.anchor_id && row.anchor_quote !== null)
    comment.anchor = { id: row.anchor_id, quote: row.anchor_quote };
  return comment;
}
