/**
 * The in-process adapter: a faithful backend for tests and the static demo. It validates like the
 * server, pages by keyset cursor, keeps tombstones, counts one vote per identity and enforces the edit
 * window. Its logic runs over a `MemoryState` held by a `StateHost`, so the local adapter reuses all of
 * it and only adds load/save (see ./local.ts).
 */

import type { MdNode } from '../contract/markdown/ast';
import { parseMarkdown } from '../contract/markdown/parse';
import { MAX_KEY_LENGTH, NAME_TAKEN, nameKey, RESERVED_NAMES } from '../contract/rules';
import type { SeedThread } from '../contract/seed';
import {
  type Adapter,
  type Comment,
  type CommentRef,
  DEFAULT_EDIT_WINDOW_SECONDS,
  DELETED_AUTHOR_NAME,
  type EditComment,
  LIMITS,
  type ListQuery,
  type NewComment,
  type Page,
  type RepliesQuery,
  type Role,
  type ThreadEvent,
  type ThreadInfo,
  type Unsubscribe,
  type Viewer,
  type VoteRequest,
  type VoteResult,
} from './adapter';
import { type CursorData, type CursorList, decodeCursor, encodeCursor } from './cursor';
import { type AdapterError, ForbiddenError, NetworkError, NotFoundError, toAdapterError } from './errors';
import { nextTimeId, randomId } from './ids';
import {
  applySeed,
  type CommentRecord,
  createEmptyState,
  emptyThread,
  type Identity,
  type MemoryState,
  scoreOf,
  type ThreadRecord,
} from './memory-state';
import {
  checkAnchor,
  checkBody,
  checkId,
  checkInt,
  checkName,
  checkSignal,
  checkSort,
  checkThread,
  checkVote,
  invalid,
  requireObject,
} from './validate';

/** Adapter methods, for `failNext(error, method)`. */
export type AdapterMethod = Exclude<keyof Adapter, 'subscribe'>;

/** What the memory and local adapters offer on top of `Adapter`. */
export interface TestableAdapter extends Adapter {
  subscribe(thread: string, listener: (event: ThreadEvent) => void): Unsubscribe;
  /**
   * Test hook: the next call (of `method`, or of any method) rejects with `error` and changes nothing.
   * Simulates a backend refusal (rate limit, outage) that an in-process backend cannot otherwise cause.
   * Calls queue up: two `failNext` calls fail the next two matching calls.
   */
  failNext(error: AdapterError, method?: AdapterMethod): void;
}

export interface MemoryAdapter extends TestableAdapter {
  /**
   * Another reader of the same backend: shares comments, votes and events, but has its own identity.
   * Use it to post "from elsewhere" (live events) or to check that votes count once per identity.
   */
  asViewer(viewer: { id: string; name: string; role?: Role }): MemoryAdapter;
}

export interface MemoryAdapterOptions {
  seed?: SeedThread[];
  /** How long after posting an author may edit or delete (seconds); default 900. */
  editWindowSeconds?: number;
  /** The clock (epoch ms); default Date.now. */
  now?: () => number;
  /** A signed-in viewer from the start; without it the viewer is a guest made on the first write. */
  viewer?: { id?: string; name?: string; role?: Role };
  /** Delays every call, for demos. */
  latencyMs?: number;
}

/** Where the state lives: in memory, or loaded from and saved to localStorage. */
export interface StateHost {
  /** The current state. A write mutates it and then calls `commit`. */
  read(): MemoryState;
  /** Persists a mutated state; throws an AdapterError when it cannot (the write is then void). */
  commit(state: MemoryState): void;
}

/** Which identity a handle acts as. */
export interface IdentitySlot {
  get(state: MemoryState): string | null;
  set(state: MemoryState, id: string): void;
}

export interface CoreOptions {
  host: StateHost;
  editWindowSeconds: number;
  now: () => number;
  latencyMs: number;
}

type Listener = (event: ThreadEvent) => void;

interface Subscription {
  listener: Listener;
  /** The handle that subscribed: it does not hear its own writes. */
  origin: object;
  viewerId: () => string | null;
}

/** Shared by every handle over one state: options, live listeners, queued failures. */
export interface Core {
  readonly options: CoreOptions;
  readonly subscriptions: Map<string, Set<Subscription>>;
  readonly failures: { error: AdapterError; method: AdapterMethod | undefined }[];
  /** Sends an event to the thread's listeners except `origin`'s, projected for each listener's viewer. */
  emit(origin: object | null, thread: string, make: (viewerId: string | null) => ThreadEvent): void;
}

export function createCore(options: CoreOptions): Core {
  const subscriptions = new Map<string, Set<Subscription>>();
  return {
    options,
    subscriptions,
    failures: [],
    emit(origin, thread, make) {
      const subs = subscriptions.get(thread);
      if (!subs) return;
      for (const sub of subs) {
        if (sub.origin === origin) continue;
        const event = make(sub.viewerId());
        queueMicrotask(() => {
          // Unsubscribed in the meantime: stay quiet.
          if (subscriptions.get(thread)?.has(sub)) sub.listener(event);
        });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Reading

/** Direct children of every comment (and of `null`: the top level), oldest first. */
function indexChildren(thread: ThreadRecord): Map<string | null, CommentRecord[]> {
  const index = new Map<string | null, CommentRecord[]>();
  for (const record of thread.comments.values()) {
    const list = index.get(record.parentId);
    if (list) list.push(record);
    else index.set(record.parentId, [record]);
  }
  for (const list of index.values()) list.sort(compareOldest);
  return index;
}

function compareOldest(a: CommentRecord, b: CommentRecord): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function sortKey(list: CursorList, record: CommentRecord): number[] {
  return list === 'top' ? [scoreOf(record), record.createdAt] : [record.createdAt];
}

/** Negative when `a` comes first in `list`'s order. */
function compareKeys(list: CursorList, a: { key: number[]; id: string }, b: { key: number[]; id: string }) {
  const ascending = list === 'oldest' || list === 'replies';
  for (let i = 0; i < a.key.length; i += 1) {
    const d = (a.key[i] ?? 0) - (b.key[i] ?? 0);
    if (d !== 0) return ascending ? d : -d;
  }
  const d = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return ascending ? d : -d;
}

function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parsed once per body, as a server parses once per write; the local adapter's records are rebuilt often. */
const parsed = new WeakMap<CommentRecord, { body: string; content: MdNode[] }>();

function contentOf(record: CommentRecord): MdNode[] {
  let entry = parsed.get(record);
  if (entry?.body !== record.body) {
    entry = { body: record.body, content: parseMarkdown(record.body) };
    parsed.set(record, entry);
  }
  return entry.content;
}

function viewComment(
  state: MemoryState,
  thread: ThreadRecord,
  record: CommentRecord,
  replyCount: number,
  viewerId: string | null,
): Comment {
  const deleted = record.status === 'deleted';
  const identity = state.identities.get(record.authorId);
  const comment: Comment = {
    id: record.id,
    thread: thread.id,
    parentId: record.parentId,
    author: deleted
      ? { id: '', name: DELETED_AUTHOR_NAME }
      : { id: record.authorId, name: record.authorName, ...(identity ? { role: identity.role } : {}) },
    body: deleted ? '' : record.body,
    content: deleted ? [] : contentOf(record),
    createdAt: toIso(record.createdAt),
    score: scoreOf(record),
    myVote: deleted || viewerId === null ? 0 : (record.votes.get(viewerId) ?? 0),
    replyCount,
    status: record.status,
    pinned: record.pinned,
  };
  if (!deleted && record.editedAt !== undefined) comment.editedAt = toIso(record.editedAt);
  if (!deleted && record.anchor) comment.anchor = { id: record.anchor.id, quote: record.anchor.quote };
  return comment;
}

/** A page's comments plus up to `replyLimit` direct replies under each, recursively (breadth first). */
function withReplies(
  state: MemoryState,
  thread: ThreadRecord,
  index: Map<string | null, CommentRecord[]>,
  pageRecords: CommentRecord[],
  replyLimit: number,
  viewerId: string | null,
): Comment[] {
  const out: CommentRecord[] = [...pageRecords];
  for (let i = 0; i < out.length; i += 1) {
    const record = out[i] as CommentRecord;
    if (replyLimit > 0) out.push(...(index.get(record.id) ?? []).slice(0, replyLimit));
  }
  return out.map((r) => viewComment(state, thread, r, index.get(r.id)?.length ?? 0, viewerId));
}

function page(
  list: CursorList,
  scope: string,
  candidates: CommentRecord[],
  cursor: CursorData | null,
  limit: number,
): { records: CommentRecord[]; nextCursor: string | null } {
  const keyed = candidates.map((record) => ({ record, key: sortKey(list, record), id: record.id }));
  keyed.sort((a, b) => compareKeys(list, a, b));
  const after = cursor ? keyed.filter((item) => compareKeys(list, item, cursor) > 0) : keyed;
  const slice = after.slice(0, limit);
  const last = slice[slice.length - 1];
  const nextCursor =
    last && after.length > limit ? encodeCursor({ list, scope, key: last.key, id: last.id }) : null;
  return { records: slice.map((item) => item.record), nextCursor };
}

/** A tombstone is listed only while it still has replies. */
function visible(record: CommentRecord, index: Map<string | null, CommentRecord[]>): boolean {
  return record.status !== 'deleted' || (index.get(record.id)?.length ?? 0) > 0;
}

function findAnywhere(state: MemoryState, id: string): ThreadRecord | undefined {
  for (const thread of state.threads.values()) if (thread.comments.has(id)) return thread;
  return undefined;
}

function countChildren(thread: ThreadRecord, id: string): number {
  let n = 0;
  for (const record of thread.comments.values()) if (record.parentId === id) n += 1;
  return n;
}

// ---------------------------------------------------------------------------------------------------
// The adapter handle

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(signal: AbortSignal | undefined): NetworkError {
  return new NetworkError('The request was aborted.', { reason: 'aborted', cause: signal?.reason });
}

/**
 * One handle over a core: an Adapter acting as the identity in `slot`. The memory adapter's
 * `asViewer` makes more handles over the same core; the local adapter makes one.
 */
export function createHandle(core: Core, slot: IdentitySlot): TestableAdapter {
  const { host, now, editWindowSeconds, latencyMs } = core.options;
  const origin = {};

  async function call<T>(method: AdapterMethod, signal: unknown, run: () => T): Promise<T> {
    try {
      const s = checkSignal(signal);
      if (s?.aborted) throw abortError(s);
      if (latencyMs > 0) await delay(latencyMs, s);
      const index = core.failures.findIndex((f) => f.method === undefined || f.method === method);
      if (index !== -1) {
        const [failure] = core.failures.splice(index, 1);
        if (failure) throw failure.error;
      }
      return run();
    } catch (error) {
      throw toAdapterError(error);
    }
  }

  function viewer(state: MemoryState): Identity | null {
    const id = slot.get(state);
    return id === null ? null : (state.identities.get(id) ?? null);
  }

  /** The viewer, made a guest on first write. Call only once validation has passed. */
  function ensureViewer(state: MemoryState, name: string): Identity {
    const existing = viewer(state);
    if (existing) return existing;
    const identity: Identity = { id: `guest:${randomId()}`, name, role: 'guest' };
    state.identities.set(identity.id, identity);
    slot.set(state, identity.id);
    return identity;
  }

  function threadOf(state: MemoryState, id: string): ThreadRecord {
    return state.threads.get(id) ?? emptyThread(id);
  }

  function view(state: MemoryState, thread: ThreadRecord, record: CommentRecord, viewerId: string | null) {
    return viewComment(state, thread, record, countChildren(thread, record.id), viewerId);
  }

  /** Whether a guest may not take `name`: a signed-in user or moderator has it (see validate.ts). */
  function nameTaken(state: MemoryState, name: string): boolean {
    const key = nameKey(name);
    if (RESERVED_NAMES.some((reserved) => nameKey(reserved) === key)) return true;
    for (const identity of state.identities.values()) {
      if (identity.role !== 'guest' && identity.name && nameKey(identity.name) === key) return true;
    }
    return false;
  }

  /** Finds a comment the viewer wants to change, and checks that they may. */
  function editable(state: MemoryState, threadId: string, id: string): [ThreadRecord, CommentRecord] {
    const thread = state.threads.get(threadId);
    const record = thread?.comments.get(id);
    if (!thread || !record) throw new NotFoundError('That comment does not exist.', { reason: 'not_found' });
    if (record.status === 'deleted') {
      throw invalid('id', 'That comment was deleted.', 'comment_deleted');
    }
    const me = viewer(state);
    // As on the server: a closed thread's comments stay as they are, except for moderators.
    if (me?.role === 'moderator') return [thread, record];
    if (thread.closed) throw new ForbiddenError('This thread is closed.', { reason: 'thread_closed' });
    if (!me || me.id !== record.authorId) {
      throw new ForbiddenError('Only the author can change this comment.', { reason: 'not_author' });
    }
    if (now() >= record.createdAt + editWindowSeconds * 1000) {
      throw new ForbiddenError('The edit window for this comment has closed.', {
        reason: 'edit_window_closed',
      });
    }
    return [thread, record];
  }

  function emitComment(
    state: MemoryState,
    thread: ThreadRecord,
    record: CommentRecord,
    type: 'created' | 'edited',
  ) {
    const replyCount = countChildren(thread, record.id);
    core.emit(origin, thread.id, (viewerId) => ({
      type: type === 'created' ? 'comment-created' : 'comment-edited',
      comment: viewComment(state, thread, record, replyCount, viewerId),
    }));
  }

  const adapter: TestableAdapter = {
    getThread(threadId, signal) {
      return call('getThread', signal, (): ThreadInfo => {
        const id = checkThread(threadId);
        const state = host.read();
        const thread = threadOf(state, id);
        let count = 0;
        for (const r of thread.comments.values()) if (r.status === 'published') count += 1;
        const info: ThreadInfo = { id, closed: thread.closed, commentCount: count, editWindowSeconds };
        if (thread.title !== undefined) info.title = thread.title;
        if (thread.url !== undefined) info.url = thread.url;
        return info;
      });
    },

    listComments(query: ListQuery) {
      return call('listComments', (query as Partial<ListQuery> | null)?.signal, (): Page => {
        const q = requireObject(query);
        const threadId = checkThread(q.thread);
        const sort = checkSort(q.sort);
        const limit = checkInt(q.limit, 'limit', 1, LIMITS.pageMax);
        const replyLimit = checkInt(q.replyLimit, 'replyLimit', 0, LIMITS.replyLimitMax);
        const cursor = decodeCursor(q.cursor, sort, threadId);
        const state = host.read();
        const thread = threadOf(state, threadId);
        const index = indexChildren(thread);
        const roots = (index.get(null) ?? []).filter((r) => visible(r, index));
        // Pinned comments lead the first page in every sort (newest pinned first) and are never paged.
        const pinned = cursor
          ? []
          : roots
              .filter((r) => r.pinned)
              .sort((a, b) => (a.id < b.id ? 1 : -1))
              .slice(0, LIMITS.pinnedMax);
        const paged = roots.filter((r) => !r.pinned);
        const { records, nextCursor } = page(sort, threadId, paged, cursor, limit);
        const viewerId = slot.get(state);
        const listed = [...pinned, ...records];
        return { comments: withReplies(state, thread, index, listed, replyLimit, viewerId), nextCursor };
      });
    },

    listReplies(query: RepliesQuery) {
      return call('listReplies', (query as Partial<RepliesQuery> | null)?.signal, (): Page => {
        const q = requireObject(query);
        const threadId = checkThread(q.thread);
        const parentId = checkId(q.parentId, 'parentId');
        const limit = checkInt(q.limit, 'limit', 1, LIMITS.pageMax);
        const replyLimit = checkInt(q.replyLimit, 'replyLimit', 0, LIMITS.replyLimitMax);
        const cursor = decodeCursor(q.cursor, 'replies', parentId);
        const state = host.read();
        const thread = threadOf(state, threadId);
        if (!thread.comments.has(parentId)) {
          throw new NotFoundError('That comment does not exist.', { reason: 'not_found' });
        }
        const index = indexChildren(thread);
        const { records, nextCursor } = page('replies', parentId, index.get(parentId) ?? [], cursor, limit);
        const viewerId = slot.get(state);
        return { comments: withReplies(state, thread, index, records, replyLimit, viewerId), nextCursor };
      });
    },

    createComment(input: NewComment) {
      return call('createComment', undefined, (): Comment => {
        const q = requireObject(input);
        const threadId = checkThread(q.thread);
        const parentId =
          q.parentId === null || q.parentId === undefined ? null : checkId(q.parentId, 'parentId');
        const body = checkBody(q.body);
        const authorName = checkName(q.authorName);
        const anchor = checkAnchor(q.anchor);
        const key = q.idempotencyKey;
        if (typeof key !== 'string' || key === '' || key.length > MAX_KEY_LENGTH) {
          throw invalid('idempotencyKey', 'The request key is missing or malformed.', 'bad_idempotency_key');
        }

        const state = host.read();
        const existingThread = state.threads.get(threadId);
        const viewerId = slot.get(state);
        if (existingThread && viewerId !== null) {
          // A key is scoped to its author: a retried create returns the comment it made.
          for (const record of existingThread.comments.values()) {
            if (record.idempotencyKey === key && record.authorId === viewerId) {
              return view(state, existingThread, record, viewerId);
            }
          }
        }
        const thread = existingThread ?? emptyThread(threadId);
        if (thread.closed) throw new ForbiddenError('This thread is closed.', { reason: 'thread_closed' });
        if (parentId !== null) {
          const parent = thread.comments.get(parentId);
          if (!parent) {
            if (findAnywhere(state, parentId)) {
              throw invalid('parentId', 'That comment belongs to another thread.', 'parent_thread_mismatch');
            }
            throw new NotFoundError('The comment you are replying to does not exist.', {
              reason: 'not_found',
            });
          }
          if (parent.status === 'deleted') {
            throw invalid('parentId', 'The comment you are replying to was deleted.', 'parent_deleted');
          }
        }
        const current = viewer(state);
        const isGuest = !current || current.role === 'guest';
        const name = isGuest ? (authorName ?? current?.name ?? '') : (current?.name ?? '');
        if (name === '') throw invalid('authorName', 'Please enter a name.', 'name_required');
        if (isGuest && name !== current?.name && nameTaken(state, name)) {
          throw invalid('authorName', `The name ${NAME_TAKEN.rule}.`, NAME_TAKEN.reason);
        }

        // Everything is valid: write.
        const me = ensureViewer(state, name);
        if (isGuest) me.name = name;
        const record: CommentRecord = {
          id: nextTimeId(state.clock, now()),
          parentId,
          authorId: me.id,
          authorName: name,
          body,
          createdAt: Math.floor(now()),
          status: 'published',
          pinned: false,
          baseScore: 0,
          votes: new Map(),
          idempotencyKey: key,
        };
        if (anchor) record.anchor = anchor;
        thread.comments.set(record.id, record);
        state.threads.set(threadId, thread);
        host.commit(state);
        emitComment(state, thread, record, 'created');
        return view(state, thread, record, me.id);
      });
    },

    editComment(input: EditComment) {
      return call('editComment', undefined, (): Comment => {
        const q = requireObject(input);
        const threadId = checkThread(q.thread);
        const id = checkId(q.id, 'id');
        const body = checkBody(q.body);
        const state = host.read();
        const [thread, record] = editable(state, threadId, id);
        record.body = body;
        record.editedAt = Math.floor(now());
        host.commit(state);
        emitComment(state, thread, record, 'edited');
        return view(state, thread, record, slot.get(state));
      });
    },

    deleteComment(ref: CommentRef) {
      return call('deleteComment', undefined, (): Comment => {
        const q = requireObject(ref);
        const threadId = checkThread(q.thread);
        const id = checkId(q.id, 'id');
        const state = host.read();
        const [thread, record] = editable(state, threadId, id);
        record.status = 'deleted';
        record.body = '';
        record.votes.clear();
        delete record.editedAt;
        delete record.anchor;
        const replyCount = countChildren(thread, id);
        if (replyCount === 0) {
          // Nothing hangs off it: drop it, and drop tombstones above that it was the last reply of.
          thread.comments.delete(id);
          let parent = record.parentId === null ? undefined : thread.comments.get(record.parentId);
          while (parent && parent.status === 'deleted' && countChildren(thread, parent.id) === 0) {
            thread.comments.delete(parent.id);
            parent = parent.parentId === null ? undefined : thread.comments.get(parent.parentId);
          }
        }
        host.commit(state);
        const tombstone = viewComment(state, thread, record, replyCount, null);
        core.emit(origin, thread.id, () => ({
          type: 'comment-deleted',
          comment: structuredClone(tombstone),
        }));
        return tombstone;
      });
    },

    vote(input: VoteRequest) {
      return call('vote', undefined, (): VoteResult => {
        const q = requireObject(input);
        const threadId = checkThread(q.thread);
        const id = checkId(q.id, 'id');
        const value = checkVote(q.value);
        const state = host.read();
        const thread = state.threads.get(threadId);
        const record = thread?.comments.get(id);
        if (!record) throw new NotFoundError('That comment does not exist.', { reason: 'not_found' });
        if (record.status === 'deleted') throw invalid('id', 'That comment was deleted.', 'comment_deleted');
        if (thread?.closed) throw new ForbiddenError('This thread is closed.', { reason: 'thread_closed' });
        const me = ensureViewer(state, '');
        // As the reference server: authors do not vote on their own comments.
        if (record.authorId === me.id)
          throw new ForbiddenError('You cannot vote on your own comment.', { reason: 'own_comment' });
        if (value === 0) record.votes.delete(me.id);
        else record.votes.set(me.id, value);
        host.commit(state);
        const score = scoreOf(record);
        core.emit(origin, threadId, () => ({ type: 'vote-changed', id, score }));
        return { id, score, myVote: value };
      });
    },

    countComments(threads, signal) {
      return call('countComments', signal, (): Record<string, number> => {
        if (!Array.isArray(threads) || threads.length > LIMITS.countThreadsMax) {
          throw invalid('threads', `Ask for 0–${LIMITS.countThreadsMax} threads at a time.`, 'bad_threads');
        }
        const ids = threads.map(checkThread);
        const state = host.read();
        // Object.fromEntries makes own properties, so a thread called `__proto__` is just a key.
        return Object.fromEntries(
          ids.map((id) => {
            let count = 0;
            for (const r of state.threads.get(id)?.comments.values() ?? [])
              if (r.status === 'published') count += 1;
            return [id, count];
          }),
        );
      });
    },

    getViewer() {
      return call('getViewer', undefined, (): Viewer | null => {
        const me = viewer(host.read());
        return me ? { id: me.id, name: me.name, role: me.role } : null;
      });
    },

    subscribe(threadId, listener) {
      const id = checkThread(threadId);
      if (typeof listener !== 'function') throw invalid('listener', 'A listener function is required.');
      const sub: Subscription = { listener, origin, viewerId: () => slot.get(host.read()) };
      let subs = core.subscriptions.get(id);
      if (!subs) {
        subs = new Set();
        core.subscriptions.set(id, subs);
      }
      subs.add(sub);
      return () => {
        const current = core.subscriptions.get(id);
        current?.delete(sub);
        if (current?.size === 0) core.subscriptions.delete(id);
      };
    },

    failNext(error, method) {
      core.failures.push({ error, method });
    },
  };
  return adapter;
}

/** Projects a stored comment for events pushed from outside a handle (the local adapter's other tabs). */
export function projectComment(
  state: MemoryState,
  thread: ThreadRecord,
  record: CommentRecord,
  viewerId: string | null,
) {
  return viewComment(state, thread, record, countChildren(thread, record.id), viewerId);
}

export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const now = options.now ?? Date.now;
  const state = createEmptyState();
  for (const seed of options.seed ?? []) applySeed(state, seed, now());
  const core = createCore({
    host: { read: () => state, commit: () => {} },
    editWindowSeconds: options.editWindowSeconds ?? DEFAULT_EDIT_WINDOW_SECONDS,
    now,
    latencyMs: options.latencyMs ?? 0,
  });

  function handle(initialViewerId: string | null): MemoryAdapter {
    let viewerId = initialViewerId;
    const base = createHandle(core, {
      get: () => viewerId,
      set: (_state, id) => {
        viewerId = id;
      },
    });
    return {
      ...base,
      asViewer(viewer) {
        const identity = makeIdentity(viewer);
        state.identities.set(identity.id, identity);
        return handle(identity.id);
      },
    };
  }

  function makeIdentity(viewer: { id?: string; name?: string; role?: Role }): Identity {
    const name = typeof viewer.name === 'string' ? viewer.name : '';
    const id = typeof viewer.id === 'string' && viewer.id !== '' ? viewer.id : `user:${randomId()}`;
    const role: Role =
      viewer.role === 'guest' || viewer.role === 'user' || viewer.role === 'moderator' ? viewer.role : 'user';
    return { id, name, role };
  }

  if (options.viewer) {
    const identity = makeIdentity(options.viewer);
    state.identities.set(identity.id, identity);
    return handle(identity.id);
  }
  return handle(null);
}
