import type { ReadableAtom } from 'nanostores';
import type {
  Adapter,
  Comment,
  ModerationAction,
  ReportReason,
  Sort,
  ThreadInfo,
  Viewer,
  VoteValue,
} from '../adapters/adapter';
import type { AdapterError } from '../adapters/errors';
import type { NoticeTexts } from '../i18n/notices';

/** Explicit status of async work, as in @lit/task. */
export type LoadStatus = 'idle' | 'pending' | 'ready' | 'error';

/** A message for the reader: shown in the widget and announced to screen readers. */
export interface Notice {
  kind: 'info' | 'error';
  text: string;
  /** Increments on every notice so the same text twice is announced twice. */
  seq: number;
}

/** A node of the derived, render-ready tree. */
export interface CommentNode {
  comment: Comment;
  /** 0 for top-level comments. Capped at maxDepth; deeper replies sit at maxDepth. */
  depth: number;
  /** Set when the reply sits deeper than maxDepth allows: the name of the author it answers. */
  replyingTo?: string;
  /** Loaded children, in conversation order. */
  children: CommentNode[];
  /** Loaded comments in this subtree, this one included: what a render slice counts. */
  size: number;
  /** Direct replies the backend has that are not loaded yet. */
  moreReplies: number;
  /** True while this comment's further replies are being fetched. */
  loadingReplies: boolean;
  /** The viewer wrote it and the edit window is still open. */
  canEdit: boolean;
  /** Optimistic: the create is not acknowledged by the backend yet. */
  sending: boolean;
  /**
   * Not sent yet: the last attempt failed on the network or the server, the post is in the outbox and
   * will be retried (with backoff, when the browser comes online, and on the next load).
   */
  pending: boolean;
}

export interface ThreadView {
  status: LoadStatus;
  error: AdapterError | null;
  sort: Sort;
  /** Top-level comments in the chosen order, with their loaded replies. */
  roots: CommentNode[];
  /** All published comments in the thread (from the backend, kept current by local changes). */
  total: number;
  hasMore: boolean;
  loadingMore: boolean;
  info: ThreadInfo | null;
  viewer: Viewer | null;
  /**
   * New top-level comments from other readers, held back so the list does not shift under the reader;
   * `showNew()` inserts them ("3 new comments").
   */
  incoming: number;
  /**
   * Bumped per composer (draft key: `root`, `reply:<id>`) when the store put text back into it (a
   * queued post was finally refused): a composer re-creates its field to show the restored draft.
   */
  draftVersions: Readonly<Record<string, number>>;
}

export interface ThreadStoreOptions {
  adapter: Adapter;
  thread: string;
  sort?: Sort;
  pageSize?: number;
  maxDepth?: number;
  /** Direct replies shown under each comment before "Show N more replies". */
  replyLimit?: number;
  /** Where the chosen sort and the guest name are remembered; defaults to localStorage when present. */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** For tests: the clock used for the edit window. */
  now?: () => number;
  /** Subscribe to the adapter's live events while mounted (default true). */
  live?: boolean;
  /** The reader's language for notices, read each time one is made (default English). */
  texts?: () => NoticeTexts;
  /**
   * Where unsent posts (the outbox) and drafts are kept; defaults to `storage`. Separate so a test can
   * give a "reloaded" store the same outbox.
   */
  outboxStorage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Delay before retry number n of an unsent post, in ms (default: 2 s doubling to 1 min, jittered). */
  retryDelay?: (attempt: number) => number;
  /** A post attempt that has not settled after this many ms counts as failed and is retried (default 60 000). */
  sendTimeoutMs?: number;
  /** Drafts are written to storage this many ms after the last keystroke (default 400). */
  draftDelayMs?: number;
  /**
   * Fires `online` when the browser reconnects: unsent posts are retried at once. Defaults to
   * `globalThis` when it is an EventTarget (a window); null to ignore connectivity.
   */
  connectivity?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
  /**
   * Called once for every post the backend stored, whether sent at once or later from the outbox (after
   * a reconnect or a reload).
   */
  onPosted?: (comment: Comment) => void;
}

export interface PostInput {
  parentId: string | null;
  body: string;
  authorName?: string;
  /** Spam-defence signals, passed to the backend as they are (see NewComment). */
  writeMs?: number;
  website?: string;
}

/** What became of a post: stored, queued in the outbox for a retry, or refused (the notice says why). */
export type PostOutcome =
  | { status: 'posted'; comment: Comment }
  /** `id`: the comment's place-holder id while it waits. */
  | { status: 'queued'; key: string; id: string }
  | { status: 'refused' };

export interface ThreadStore {
  readonly thread: string;
  /** The whole render-ready view; elements subscribe to this one atom. */
  readonly $view: ReadableAtom<ThreadView>;
  readonly $notice: ReadableAtom<Notice | null>;
  /** The remembered guest display name ('' when none). */
  readonly $guestName: ReadableAtom<string>;

  /** Loads thread info, the viewer and the first page. Called on mount; safe to call again. */
  load(): Promise<void>;
  loadMore(): Promise<void>;
  loadReplies(parentId: string): Promise<void>;
  /** Loads every remaining comment and reply. */
  viewAll(): Promise<void>;
  setSort(sort: Sort): Promise<void>;
  /**
   * Resolves with the stored comment, or null when it was not stored yet: refused (the notice says
   * why) or queued in the outbox for a retry (see `send`).
   */
  post(input: PostInput): Promise<Comment | null>;
  /** Like `post`, telling a queued post (kept and retried, shown as pending) from a refused one. */
  send(input: PostInput): Promise<PostOutcome>;
  /** Sends every unsent post of this thread now (also done on `online`, with backoff, and on load). */
  retryUnsent(): Promise<void>;
  /** Inserts the held-back new comments (`view.incoming`) where they belong. */
  showNew(): void;
  /** The saved draft of a composer (`root`, `reply:<id>`), '' when none. */
  draft(key: string): string;
  /** Saves a composer's text (debounced to storage). */
  saveDraft(key: string, text: string): void;
  edit(id: string, body: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  /** Sets the viewer's vote; voting the same value again is the caller's choice of 0 (take back). */
  vote(id: string, value: VoteValue): Promise<boolean>;
  /** Reports a comment (`detail` is required for `illegal`); says thanks in a notice. */
  report(id: string, reason: ReportReason, detail?: string): Promise<boolean>;
  /** A moderator approves, rejects, marks as spam, pins or unpins a comment. */
  moderate(id: string, action: ModerationAction, reason?: string): Promise<boolean>;
  /** A moderator bans a comment's author (for `hours`, or until lifted). */
  ban(
    id: string,
    scope: 'identity' | 'address' | 'both',
    hours: number | undefined,
    reason: string | undefined,
  ): Promise<boolean>;
  /** Whether the backend takes reports / moderation / bans (known once it is loaded). */
  supports(method: 'report' | 'moderate' | 'ban'): boolean;
  dismissNotice(): void;
  /** Says something to screen readers through the notice region (e.g. "20 more comments loaded."). */
  announce(text: string): void;
  /** Stops live subscriptions and aborts work in flight. */
  dispose(): void;
}
