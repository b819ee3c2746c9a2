/**
 * The wire contract: what every backend sends and the widget reads, in the same shapes and limits on
 * both sides. The reference server imports it as `@threadline/contract`; the widget from this folder.
 */
import type { MdNode } from './markdown/ast';

/**
 * Top-level sort orders: `newest` and `oldest` by `createdAt` (then `id`), `top` by `score` descending
 * (a deleted comment counts 0), then newest. Pinned comments lead every sort, newest first. With every
 * top-level comment loaded the widget applies these rules itself, with no request, so a backend must
 * follow them. Replies always read oldest first (conversation order).
 */
export type Sort = 'newest' | 'oldest' | 'top';
export const SORTS: readonly Sort[] = ['newest', 'oldest', 'top'];

export type VoteValue = -1 | 0 | 1;

/**
 * `published` and `deleted` (a tombstone kept for its replies) show to every reader. `pending` waits for
 * a moderator and `rejected` was refused by one: those show only to their author (and to moderators,
 * who also see `spam`; its author sees spam as `pending`).
 */
export type CommentStatus = 'published' | 'pending' | 'rejected' | 'spam' | 'deleted';
export const COMMENT_STATUSES: readonly CommentStatus[] = [
  'published',
  'pending',
  'rejected',
  'spam',
  'deleted',
];

/**
 * Who may post in a thread and when it shows: `open` (at once, moderated after), `first-post` (a new
 * identity's first comments wait for a moderator), `premoderate` (every comment waits), `signed-in`
 * (guests cannot post). A closed thread takes no posts whatever its policy.
 */
export type Policy = 'open' | 'first-post' | 'premoderate' | 'signed-in';
export const POLICIES: readonly Policy[] = ['open', 'first-post', 'premoderate', 'signed-in'];

/** Why a reader reports a comment; `illegal` asks for an explanation. */
export type ReportReason = 'spam' | 'abuse' | 'off-topic' | 'illegal';
export const REPORT_REASONS: readonly ReportReason[] = ['spam', 'abuse', 'off-topic', 'illegal'];

/** What a moderator does to a comment. */
export type ModerationAction = 'approve' | 'reject' | 'spam' | 'pin' | 'unpin';
export const MODERATION_ACTIONS: readonly ModerationAction[] = ['approve', 'reject', 'spam', 'pin', 'unpin'];

/** `moderator` may edit or delete any comment; `guest` is a display-name-only identity. */
export type Role = 'guest' | 'user' | 'moderator';

export interface Author {
  id: string;
  name: string;
  url?: string;
  avatar?: string;
  role?: Role;
}

/** Inline feedback: the passage of the article a comment is about. */
export interface Anchor {
  id: string;
  quote: string;
}

export interface Comment {
  /** Server-made, time-sortable (lexicographic order is creation order). */
  id: string;
  thread: string;
  parentId: string | null;
  author: Author;
  /** The markdown source the author wrote; empty for a deleted comment. */
  body: string;
  /**
   * `body` parsed into Threadline's comment AST (src/contract/markdown/ast.ts) by the backend, so the widget
   * ships no markdown parser. The built-in adapters always fill it; for a site's own adapter without it,
   * the widget loads the parser (src/contract/markdown/parse.ts, also exported as `parseMarkdown`) and fills it.
   */
  content?: MdNode[];
  /** ISO 8601. */
  createdAt: string;
  editedAt?: string;
  score: number;
  /** The current viewer's vote on this comment. */
  myVote: VoteValue;
  /** Direct children, tombstones included. */
  replyCount: number;
  status: CommentStatus;
  /**
   * Why a comment is not published, for its author and moderators: a moderator's reason for a rejection,
   * or what held it (`policy`, `reports`, a defence's name).
   */
  statusReason?: string;
  /** A moderator changed the text (readers see "edited by a moderator"). */
  editedByModerator?: boolean;
  /** Reports against it; sent to moderators only. */
  reportCount?: number;
  pinned: boolean;
  anchor?: Anchor;
}

/** Who is using the widget, as far as the backend knows. */
export interface Viewer {
  id: string;
  name: string;
  role: Role;
}

export interface ThreadInfo {
  id: string;
  title?: string;
  url?: string;
  closed: boolean;
  /** Published comments in the thread, replies included. */
  commentCount: number;
  /** How long after posting an author may edit or delete, in seconds. */
  editWindowSeconds: number;
  /** Who may post and whether comments wait for a moderator (absent: `open`). */
  policy?: Policy;
  /**
   * The thread is in surge mode: it got more comments or reports a minute than the site allows, so new
   * comments wait for a moderator (`policy` reads `premoderate`) until it has been quiet for a while.
   */
  surge?: boolean;
}

/**
 * A page of comments. For `listComments`, the first page (cursor null) starts with the thread's pinned
 * top-level comments, newest pinned first, whatever the sort; pinned comments are never paged.
 */
export interface Page {
  /**
   * The page's comments followed by the included replies, in any order; the store arranges them by
   * parentId. A tombstone (status 'deleted') appears only when it still has replies.
   */
  comments: Comment[];
  /** Cursor for the next page of the same list, null when there is none. */
  nextCursor: string | null;
}

export interface VoteResult {
  id: string;
  score: number;
  myVote: VoteValue;
}

/** Events a backend pushes while a thread is open (live updates, other tabs). */
export type ThreadEvent =
  | { type: 'comment-created'; comment: Comment }
  | { type: 'comment-edited'; comment: Comment }
  | { type: 'comment-deleted'; comment: Comment }
  | { type: 'vote-changed'; id: string; score: number };

/** Limits every adapter enforces the same way, so the widget can check before sending. */
export const LIMITS = {
  bodyMaxLength: 10_000,
  nameMaxLength: 80,
  threadMaxLength: 200,
  quoteMaxLength: 1_000,
  pageMax: 100,
  replyLimitMax: 100,
  /** Threads in one count request. */
  countThreadsMax: 100,
  /** Pinned top-level comments shown at the head of a thread's first page, newest first. */
  pinnedMax: 10,
  /** A report's explanation, a moderator's reason. */
  reasonMaxLength: 500,
  /** Nodes (and list items) in one comment's parsed content: what the widget turns into DOM elements. */
  contentMaxNodes: 1000,
  /** UTF-8 bytes of one comment's parsed content as JSON: what is stored and sent for it. */
  contentMaxBytes: 32 * 1024,
} as const;

/** The name a deleted comment's author shows as; no one may take it. */
export const DELETED_AUTHOR_NAME = '[deleted]';

/** How long after posting an author may edit or delete, unless the backend is configured otherwise. */
export const DEFAULT_EDIT_WINDOW_SECONDS = 900;
