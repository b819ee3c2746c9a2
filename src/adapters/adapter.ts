/**
 * The one door between a widget and a backend. Every backend (in-memory, localStorage, the reference
 * REST server, or a site's own) implements this interface; nothing else in the widget talks to a server.
 *
 * Methods reject only with an `AdapterError` subclass (see ./errors.ts), never with a bare Error.
 */
import type { MdNode } from '../markdown/ast';

/**
 * Top-level sort orders: `newest` and `oldest` by `createdAt` (then `id`), `top` by `score` descending
 * (a deleted comment counts 0), then newest. Pinned comments lead every sort, newest first. With every
 * top-level comment loaded the widget applies these rules itself, with no request, so a backend must
 * follow them. Replies always read oldest first (conversation order).
 */
export type Sort = 'newest' | 'oldest' | 'top';
export const SORTS: readonly Sort[] = ['newest', 'oldest', 'top'];

export type VoteValue = -1 | 0 | 1;

export type CommentStatus = 'published' | 'pending' | 'deleted';

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
   * `body` parsed into Threadline's comment AST (src/markdown/ast.ts) by the backend, so the widget
   * ships no markdown parser. The built-in adapters always fill it; for a site's own adapter without it,
   * the widget loads the parser (src/markdown/parse.ts, also exported as `parseMarkdown`) and fills it.
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
}

export interface ListQuery {
  thread: string;
  sort: Sort;
  /** Opaque keyset cursor from a previous page; null for the first page. */
  cursor: string | null;
  /** Top-level comments per page (1–100). */
  limit: number;
  /**
   * How many direct replies to include under every included comment, recursively (0–100). Replies
   * beyond that are fetched with `listReplies`.
   */
  replyLimit: number;
  signal?: AbortSignal;
}

export interface RepliesQuery {
  thread: string;
  parentId: string;
  cursor: string | null;
  /** Direct replies per page (1–100). */
  limit: number;
  /** As in ListQuery, for the replies' own replies. */
  replyLimit: number;
  signal?: AbortSignal;
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

export interface NewComment {
  thread: string;
  parentId: string | null;
  body: string;
  /** Display name, required for a guest without a signed-in identity. */
  authorName?: string;
  anchor?: Anchor;
  /** Same key, same comment: a retried create is stored once. */
  idempotencyKey: string;
}

export interface EditComment {
  thread: string;
  id: string;
  body: string;
}

export interface CommentRef {
  thread: string;
  id: string;
}

export interface VoteRequest {
  thread: string;
  id: string;
  value: VoteValue;
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

export type Unsubscribe = () => void;

export interface Adapter {
  getThread(thread: string, signal?: AbortSignal): Promise<ThreadInfo>;
  listComments(query: ListQuery): Promise<Page>;
  listReplies(query: RepliesQuery): Promise<Page>;
  createComment(input: NewComment): Promise<Comment>;
  editComment(input: EditComment): Promise<Comment>;
  /** Returns the tombstone (status 'deleted', body ''); the backend drops it when it has no replies. */
  deleteComment(ref: CommentRef): Promise<Comment>;
  vote(input: VoteRequest): Promise<VoteResult>;
  /** Published comment counts for many threads in one call; unknown threads count 0. */
  countComments(threads: readonly string[], signal?: AbortSignal): Promise<Record<string, number>>;
  /** The current identity, or null for a visitor who has not written yet. */
  getViewer(): Promise<Viewer | null>;
  /** Pushes changes made elsewhere (another tab, another reader). Optional for a backend without them. */
  subscribe?(thread: string, listener: (event: ThreadEvent) => void): Unsubscribe;
}

/** Limits every adapter enforces the same way, so the widget can check before sending. */
export const LIMITS = {
  bodyMaxLength: 10_000,
  nameMaxLength: 80,
  threadMaxLength: 200,
  quoteMaxLength: 1_000,
  pageMax: 100,
  replyLimitMax: 100,
  /** Nodes (and list items) in one comment's parsed content: what the widget turns into DOM elements. */
  contentMaxNodes: 1000,
  /** UTF-8 bytes of one comment's parsed content as JSON: what is stored and sent for it. */
  contentMaxBytes: 32 * 1024,
} as const;
