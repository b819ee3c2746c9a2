/**
 * The store's normalised state and the pure functions that change it (the render tree is derived in
 * ./view.ts).
 * State is immutable: every change makes a new top-level object (Maps and arrays are copied on write),
 * so nanostores' `===` check sees it and old views stay valid.
 */
import {
  type Comment,
  DELETED_AUTHOR_NAME,
  type Sort,
  type ThreadInfo,
  type Viewer,
} from '../adapters/adapter';
import type { AdapterError } from '../adapters/errors';
import type { LoadStatus } from './types';

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

/**
 * A copy for a change to `roots` alone: the comment maps stay shared (every other change copies them
 * before it writes), so putting a big first page's roots in place step by step costs no copy of 5,000
 * entries per step, and the view can tell that no comment changed.
 */
export function rootsDraftOf(s: StoreState): StoreState {
  return { ...s, roots: [...s.roots] };
}

export function tombstoneOf(comment: Comment): Comment {
  const { editedAt: _e, anchor: _a, content: _c, ...rest } = comment;
  return {
    ...rest,
    status: 'deleted',
    body: '',
    author: { id: '', name: DELETED_AUTHOR_NAME },
    score: 0,
    myVote: 0,
  };
}

/** Parsed creation times by comment object: a page of 5,000 compares each reply with its sibling. */
const times = new WeakMap<Comment, number>();

export function time(comment: Comment): number {
  let t = times.get(comment);
  if (t === undefined) {
    t = Date.parse(comment.createdAt);
    if (Number.isNaN(t)) t = 0;
    times.set(comment, t);
  }
  return t;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Conversation order: oldest first, ties by id; unsent comments after everything acknowledged. */
function compareConversation(a: Entry | undefined, b: Entry | undefined): number {
  if (!a || !b) return 0;
  if (a.sending !== b.sending) return a.sending ? 1 : -1;
  return time(a.comment) - time(b.comment) || byId(a.comment.id, b.comment.id);
}

/**
 * Top-level order of each sort, as the adapter contract defines it (see `Sort`): pinned first, newest
 * first among them. Negative when `a` comes first.
 */
export function compareRoots(sort: Sort, a: Comment, b: Comment): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  const newer = time(b) - time(a) || byId(b.id, a.id);
  if (a.pinned || sort === 'newest') return newer;
  return sort === 'oldest' ? -newer : b.score - a.score || newer;
}

/** Adds `id` to its parent's loaded children, in conversation order. */
export function linkChild(d: StoreState, parentId: string, id: string): void {
  const list = d.children.get(parentId) ?? [];
  if (list.includes(id)) return;
  const next = [...list, id];
  // Pages list replies in conversation order: sort only when this one does not simply come last.
  if (compareConversation(d.entries.get(list[list.length - 1] ?? id), d.entries.get(id)) > 0)
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

/** The fields of a comment (and of its author) that the widget shows or acts on. */
const COMMENT_FIELDS = [
  'id',
  'body',
  'score',
  'myVote',
  'replyCount',
  'status',
  'editedAt',
  'pinned',
  'createdAt',
  'parentId',
  'thread',
] as const;
const AUTHOR_FIELDS = ['id', 'name', 'avatar', 'url', 'role'] as const;

/**
 * Whether two copies of a comment say the same thing. `content` is the backend's parse of `body`, so
 * equal bodies mean equal content; only whether there is any counts (a post on its way has none yet).
 */
function sameComment(a: Comment, b: Comment): boolean {
  return (
    a === b ||
    (COMMENT_FIELDS.every((field) => a[field] === b[field]) &&
      AUTHOR_FIELDS.every((field) => a.author[field] === b.author[field]) &&
      (a.content === undefined) === (b.content === undefined) &&
      a.anchor?.id === b.anchor?.id &&
      a.anchor?.quote === b.anchor?.quote)
  );
}

/**
 * `comment`, or the loaded copy of it when that says the same. A page fetched again (another sort, a
 * reconnect) brings new objects with equal fields; keeping the loaded one keeps the comment's view node,
 * so the widget moves its DOM at most, instead of rendering it and making its text again.
 */
export function keepLoaded(loaded: Entry | undefined, comment: Comment): Comment {
  return loaded && sameComment(loaded.comment, comment) ? loaded.comment : comment;
}

export function setComment(d: StoreState, comment: Comment, patch: Partial<Entry> = {}): void {
  const prev = d.entries.get(comment.id);
  const entry: Entry = {
    comment: keepLoaded(prev, comment),
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
  const roots = new Set(d.roots);
  for (const comment of comments) {
    if (comment.parentId === null) {
      if (!roots.has(comment.id)) {
        roots.add(comment.id);
        d.roots.push(comment.id);
      }
      if (d.incoming.includes(comment.id)) d.incoming = d.incoming.filter((id) => id !== comment.id);
    } else {
      linkChild(d, comment.parentId, comment.id);
    }
  }
}

/** Where a new top-level comment goes: first for newest and most voted (so its author sees it), last for oldest. */
export function placeRoot(d: StoreState, id: string): void {
  if (d.roots.includes(id)) return;
  if (d.sort === 'oldest') {
    d.roots.push(id);
    return;
  }
  // First in newest and top order, but below the pinned comments that lead every sort.
  const firstUnpinned = d.roots.findIndex((root) => d.entries.get(root)?.comment.pinned !== true);
  d.roots.splice(firstUnpinned === -1 ? d.roots.length : firstUnpinned, 0, id);
}

/**
 * Puts a comment that is already in `entries` into the tree: a top-level one by `placeRoot`, a reply
 * under its parent (whose reply count grows). False when the parent is not loaded.
 */
export function place(d: StoreState, comment: Comment): boolean {
  const { id, parentId } = comment;
  if (parentId === null) placeRoot(d, id);
  else if (d.entries.has(parentId)) {
    linkChild(d, parentId, id);
    bumpReplyCount(d, parentId, 1);
  } else return false;
  return true;
}

/** A step that takes back one part of a local change; a change's steps are applied in reverse. */
export type Undo = (d: StoreState) => void;

/**
 * Applies a deletion: a comment with replies becomes a tombstone, one without is dropped, and so are
 * tombstones it was the last reply of. Returns the undo steps.
 */
export function deleteLocally(d: StoreState, id: string, tombstone?: Comment): Undo[] {
  const undo: Undo[] = [];
  const entry = d.entries.get(id);
  if (!entry) return undo;
  if (entry.comment.status === 'published') {
    d.total = Math.max(0, d.total - 1);
    undo.push((u) => {
      u.total += 1;
    });
  }
  if ((tombstone ?? entry.comment).replyCount > 0) {
    setComment(d, tombstone ?? tombstoneOf(entry.comment));
    undo.push((u) => {
      if (u.entries.has(id)) u.entries.set(id, entry);
    });
    return undo;
  }
  drop(d, id, entry, undo);
  return undo;
}

/** Takes a comment without replies out of the tree, and its parent too when that is a tombstone left without replies. */
function drop(d: StoreState, id: string, entry: Entry, undo: Undo[]): void {
  const { parentId } = entry.comment;
  d.entries.delete(id);
  if (parentId === null) {
    const index = d.roots.indexOf(id);
    if (index !== -1) d.roots.splice(index, 1);
    d.incoming = d.incoming.filter((x) => x !== id);
    undo.push((u) => {
      u.entries.set(id, entry);
      if (!u.roots.includes(id)) u.roots.splice(Math.max(index, 0), 0, id);
    });
    return;
  }
  unlinkChild(d, parentId, id);
  bumpReplyCount(d, parentId, -1);
  undo.push((u) => {
    u.entries.set(id, entry);
    linkChild(u, parentId, id);
    bumpReplyCount(u, parentId, 1);
  });
  const parent = d.entries.get(parentId);
  if (parent?.comment.status === 'deleted' && parent.comment.replyCount === 0)
    drop(d, parentId, parent, undo);
}
