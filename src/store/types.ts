import type { ReadableAtom } from 'nanostores';
import type { Adapter, Comment, Sort, ThreadInfo, Viewer, VoteValue } from '../adapters/adapter';
import type { AdapterError } from '../adapters/errors';

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
  /** Direct replies the backend has that are not loaded yet. */
  moreReplies: number;
  /** True while this comment's further replies are being fetched. */
  loadingReplies: boolean;
  /** The viewer wrote it and the edit window is still open. */
  canEdit: boolean;
  /** Optimistic: the create is not acknowledged by the backend yet. */
  sending: boolean;
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
}

export interface PostInput {
  parentId: string | null;
  body: string;
  authorName?: string;
}

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
  /** Resolves with the stored comment, or null when the post failed (the notice says why). */
  post(input: PostInput): Promise<Comment | null>;
  edit(id: string, body: string): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  /** Sets the viewer's vote; voting the same value again is the caller's choice of 0 (take back). */
  vote(id: string, value: VoteValue): Promise<boolean>;
  dismissNotice(): void;
  /** Stops live subscriptions and aborts work in flight. */
  dispose(): void;
}
