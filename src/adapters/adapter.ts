/**
 * The one door between a widget and a backend. Every backend (in-memory, localStorage, the reference
 * REST server, or a site's own) implements this interface; nothing else in the widget talks to a server.
 *
 * Methods reject only with an `AdapterError` subclass (see ./errors.ts), never with a bare Error.
 */
import type {
  Anchor,
  Comment,
  ModerationAction,
  Page,
  ReportReason,
  Sort,
  ThreadEvent,
  ThreadInfo,
  Viewer,
  VoteResult,
  VoteValue,
} from '../contract/wire';

export * from '../contract/wire';

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

export interface NewComment {
  thread: string;
  parentId: string | null;
  body: string;
  /** Display name, required for a guest without a signed-in identity. */
  authorName?: string;
  anchor?: Anchor;
  /** Same key, same comment: a retried create is stored once. */
  idempotencyKey: string;
  /** How long the reader spent writing (ms): a spam defence, posting at once is what bots do. */
  writeMs?: number;
  /** The composer's hidden honeypot field: empty from people, filled by form-filling bots. */
  website?: string;
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

export interface ReportRequest {
  thread: string;
  id: string;
  reason: ReportReason;
  /** Required for `illegal`: what is illegal about it. */
  detail?: string;
}

export interface ModerateRequest {
  thread: string;
  id: string;
  action: ModerationAction;
  /** For `reject`: shown to the comment's author. */
  reason?: string;
}

export interface BanRequest {
  thread: string;
  /** A comment of the author to ban. */
  id: string;
  /** The author's identity, the address the comment came from, or both. */
  scope: 'identity' | 'address' | 'both';
  /** Omitted: until a moderator lifts it. */
  hours?: number;
  reason?: string;
}

export type Unsubscribe = () => void;

/** Whether a backend offers an optional method (looking through a backend loaded on first use). */
export function supports(adapter: Adapter, method: 'report' | 'moderate' | 'ban'): boolean {
  return typeof (adapter.loaded?.() ?? adapter)[method] === 'function';
}

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
  /**
   * A reader reports a comment (once per reader; again changes nothing). Optional: without it the widget
   * offers no Report button.
   */
  report?(input: ReportRequest): Promise<void>;
  /**
   * A moderator acts on a comment; resolves with the comment as moderators now see it. Optional: without
   * it moderators get no moderation buttons in the widget.
   */
  moderate?(input: ModerateRequest): Promise<Comment>;
  /** A moderator bans a comment's author from writing. Optional, like `moderate`. */
  ban?(input: BanRequest): Promise<void>;
  /** For a backend loaded on first use (lazyAdapter): the loaded backend, once it is. */
  loaded?(): Adapter | undefined;
}
