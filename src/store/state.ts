/**
 * The store's normalised state and the pure functions that change it and derive the render tree.
 * State is immutable: every change makes a new top-level object (Maps and arrays are copied on write),
 * so nanostores' `===` check sees it and old views stay valid.
 */
import type { Comment, Sort, ThreadInfo, Viewer } from '../adapters/adapter';
import type { AdapterError } from '../adapters/errors';
import type { CommentNode, LoadStatus, ThreadView } from './types';

export interface Entry {
  comment: Comment;
  /** Optimistic create not acknowledged yet. */
  sending: boolean;
  /** An unacknowledged create whose last attempt failed: in the outbox, waiting for a retry. */
  pending?: boolean;
  loadingReplies: boolean;
}

export interface StoreState {
  status: LoadStatus;
  error: AdapterError | null;
  sort: Sort;
  entries: Map<string, Entry>;
  /** Loaded children of each comment, in conversation order (oldest first, unsent last). */
  children: Map<string, string[]>;
  /** Loaded top-level comments, in the order the backend listed them (plus local inserts). */
  roots: string[];
  cursor: string | null;
  loadingMore: boolean;
  total: number;
  info: ThreadInfo | null;
  viewer: Viewer | null;
  /** New top-level comments from others, held back until the reader asks for them (newest first). */
  incoming: string[];
  draftVersions: Record<string, number>;
}

export function initialState(sort: Sort): StoreState {
  return {
    status: 'idle',
    error: null,
    sort,
    entries: new Map(),
    children: new Map(),
    roots: [],
    cursor: null,
    loadingMore: false,
    total: 0,
    info: null,
    viewer: null,
    incoming: [],
    draftVersions: {},
  };
}

/** A mutable copy to change in one go; `commit` it with `$state.set(draft)`. */
export function draftOf(s: StoreState): StoreState {
  return {
    ...s,
    entries: new Map(s.entries),
    children: new Map(s.children),
    roots: [...s.roots],
    incoming: [...s.incoming],
  };
}

export const DELETED_NAME = '[deleted]';

export function tombstoneOf(comment: Comment): Comment {
  const { editedAt: _e, anchor: _a, ...rest } = comment;
  return {
    ...rest,
    status: 'deleted',
    body: '',
    author: { id: '', name: DELETED_NAME },
    score: 0,
    myVote: 0,
  };
}

function time(comment: Comment): number {
  const t = Date.parse(comment.createdAt);
  return Number.isNaN(t) ? 0 : t;
}

/** Conversation order: oldest first, ties by id; unsent comments after everything acknowledged. */
function compareConversation(a: Entry | undefined, b: Entry | undefined): number {
  if (!a || !b) return 0;
  if (a.sending !== b.sending) return a.sending ? 1 : -1;
  const d = time(a.comment) - time(b.comment);
  if (d !== 0) return d;
  return a.comment.id < b.comment.id ? -1 : a.comment.id > b.comment.id ? 1 : 0;
}

/** Adds `id` to its parent's loaded children, in conversation order. */
export function linkChild(d: StoreState, parentId: string, id: string): void {
  const list = d.children.get(parentId) ?? [];
  if (list.includes(id)) return;
  const next = [...list, id];
  next.sort((x, y) => compareConversation(d.entries.get(x), d.entries.get(y)));
  d.children.set(parentId, next);
}

export function unlinkChild(d: StoreState, parentId: string, id: string): void {
  const list = d.children.get(parentId);
  if (!list?.includes(id)) return;
  d.children.set(
    parentId,
    list.filter((x) => x !== id),
  );
}

export function setComment(d: StoreState, comment: Comment, patch: Partial<Entry> = {}): void {
  const prev = d.entries.get(comment.id);
  const entry: Entry = {
    comment,
    sending: patch.sending ?? prev?.sending ?? false,
    loadingReplies: patch.loadingReplies ?? prev?.loadingReplies ?? false,
  };
  const pending = patch.pending ?? prev?.pending;
  if (pending) entry.pending = true;
  d.entries.set(comment.id, entry);
}

/** Changes a loaded comment's reply count by `delta` (never below 0). */
export function bumpReplyCount(d: StoreState, id: string | null, delta: number): void {
  if (id === null) return;
  const entry = d.entries.get(id);
  if (!entry) return;
  d.entries.set(id, {
    ...entry,
    comment: { ...entry.comment, replyCount: Math.max(0, entry.comment.replyCount + delta) },
  });
}

/**
 * Merges a page from the backend: every comment is stored, linked under its parent, and top-level
 * ones are appended to `roots` in page order. Known comments are refreshed, not duplicated.
 */
export function mergePage(d: StoreState, comments: readonly Comment[]): void {
  for (const comment of comments) {
    const prev = d.entries.get(comment.id);
    if (prev?.sending) continue;
    setComment(d, comment);
  }
  for (const comment of comments) {
    if (comment.parentId === null) {
      if (!d.roots.includes(comment.id)) d.roots.push(comment.id);
      if (d.incoming.includes(comment.id)) d.incoming = d.incoming.filter((id) => id !== comment.id);
    } else {
      linkChild(d, comment.parentId, comment.id);
    }
  }
}

export interface TreeOptions {
  maxDepth: number;
  now: number;
}

/** The render-ready view. */
export function buildView(s: StoreState, options: TreeOptions): ThreadView {
  const windowMs = (s.info?.editWindowSeconds ?? 0) * 1000;
  const viewer = s.viewer;
  const maxDepth = Math.max(0, options.maxDepth);

  function canEdit(entry: Entry): boolean {
    if (!viewer || entry.sending || entry.comment.status === 'deleted') return false;
    if (viewer.role === 'moderator') return true;
    return viewer.id === entry.comment.author.id && time(entry.comment) + windowMs > options.now;
  }

  function node(id: string, realDepth: number, parentAuthor: string | undefined): CommentNode | null {
    const entry = s.entries.get(id);
    if (!entry) return null;
    const childIds = s.children.get(id) ?? [];
    const children: CommentNode[] = [];
    for (const childId of childIds) {
      const child = node(childId, realDepth + 1, entry.comment.author.name);
      if (child) children.push(child);
    }
    const result: CommentNode = {
      comment: entry.comment,
      depth: Math.min(realDepth, maxDepth),
      children,
      moreReplies: Math.max(0, entry.comment.replyCount - childIds.length),
      loadingReplies: entry.loadingReplies,
      canEdit: canEdit(entry),
      sending: entry.sending,
      pending: entry.pending === true,
    };
    if (realDepth > maxDepth && parentAuthor !== undefined) result.replyingTo = parentAuthor;
    return result;
  }

  const roots: CommentNode[] = [];
  for (const id of s.roots) {
    const root = node(id, 0, undefined);
    if (root) roots.push(root);
  }
  return {
    status: s.status,
    error: s.error,
    sort: s.sort,
    roots,
    total: s.total,
    hasMore: s.cursor !== null,
    loadingMore: s.loadingMore,
    info: s.info,
    viewer: s.viewer,
    incoming: s.incoming.filter((id) => s.entries.has(id) && !s.roots.includes(id)).length,
    draftVersions: s.draftVersions,
  };
}
