/**
 * The state behind the memory and local adapters: plain data with Maps (so hostile keys such as
 * `__proto__` are just keys), and a JSON form for localStorage that is checked field by field on the
 * way back in.
 */

import type { SeedThread } from '../contract/seed';
import type { Anchor, Role } from './adapter';
import { type IdClock, makeTimeId } from './ids';

export interface CommentRecord {
  id: string;
  parentId: string | null;
  authorId: string;
  authorName: string;
  body: string;
  /** Epoch milliseconds. */
  createdAt: number;
  editedAt?: number;
  status: 'published' | 'deleted';
  pinned: boolean;
  anchor?: Anchor;
  /** Score the comment started with (seed data); votes are added to it. */
  baseScore: number;
  /** One vote per identity. */
  votes: Map<string, 1 | -1>;
  /** The create request's key: a retried create returns this comment. */
  idempotencyKey?: string;
}

export interface ThreadRecord {
  id: string;
  title?: string;
  url?: string;
  closed: boolean;
  comments: Map<string, CommentRecord>;
}

export interface Identity {
  id: string;
  name: string;
  role: Role;
}

export interface MemoryState {
  threads: Map<string, ThreadRecord>;
  identities: Map<string, Identity>;
  /** The browser's own identity (used by the local adapter; memory handles keep their own). */
  viewerId: string | null;
  clock: IdClock;
}

/** The seed score plus every identity's vote; 0 for a deleted comment, which shows and sorts by that. */
export function scoreOf(record: CommentRecord): number {
  if (record.status === 'deleted') return 0;
  let score = record.baseScore;
  for (const v of record.votes.values()) score += v;
  return score;
}

export function createEmptyState(): MemoryState {
  return { threads: new Map(), identities: new Map(), viewerId: null, clock: { time: 0, counter: 0 } };
}

export function emptyThread(id: string): ThreadRecord {
  return { id, closed: false, comments: new Map() };
}

/** The identity seed authors get, one per distinct name. */
function seedAuthorId(thread: string, index: number): string {
  return `seed:${thread}:${index}`;
}

/**
 * Adds a seed thread's comments. Does nothing when the thread already has comments, so a seed is
 * applied once. Ids are time-sortable by the seed comments' own times; the clock moves past them.
 */
export function applySeed(state: MemoryState, seed: SeedThread, now: number): void {
  if (typeof seed?.thread !== 'string' || !Array.isArray(seed.comments)) return;
  const existing = state.threads.get(seed.thread);
  if (existing && existing.comments.size > 0) return;
  const thread = existing ?? emptyThread(seed.thread);
  if (typeof seed.title === 'string') thread.title = seed.title;
  if (typeof seed.url === 'string') thread.url = seed.url;
  state.threads.set(seed.thread, thread);

  const taken = new Set<string>();
  for (const t of state.threads.values()) for (const id of t.comments.keys()) taken.add(id);

  const ordered = seed.comments
    .map((comment, index) => ({ comment, index, time: now - comment.minutesAgo * 60_000 }))
    .filter(({ time }) => Number.isFinite(time))
    .sort((a, b) => a.time - b.time || a.index - b.index);

  const idsByKey = new Map<string, string>();
  let lastTime = Number.NEGATIVE_INFINITY;
  let counter = 0;
  for (const { comment, time } of ordered) {
    counter = Math.floor(time) === lastTime ? counter + 1 : 0;
    lastTime = Math.floor(time);
    let id = makeTimeId(time, counter);
    while (taken.has(id)) {
      counter += 1;
      id = makeTimeId(time, counter);
    }
    taken.add(id);
    idsByKey.set(comment.key, id);
    if (lastTime > state.clock.time) state.clock = { time: lastTime, counter };
    else if (lastTime === state.clock.time) state.clock.counter = Math.max(state.clock.counter, counter);
  }

  const authors = new Map<string, string>();
  for (const { comment, time } of ordered) {
    const id = idsByKey.get(comment.key);
    if (id === undefined) continue;
    const parentId = comment.parentKey === null ? null : idsByKey.get(comment.parentKey);
    if (parentId === undefined) continue; // a reply to a key the seed does not have
    let authorId = authors.get(comment.authorName);
    if (authorId === undefined) {
      authorId = seedAuthorId(seed.thread, authors.size);
      authors.set(comment.authorName, authorId);
      state.identities.set(authorId, { id: authorId, name: comment.authorName, role: 'guest' });
    }
    thread.comments.set(id, {
      id,
      parentId,
      authorId,
      authorName: comment.authorName,
      body: comment.body,
      createdAt: Math.floor(time),
      status: 'published',
      pinned: comment.pinned === true,
      baseScore: Number.isFinite(comment.score) ? Math.trunc(comment.score) : 0,
      votes: new Map(),
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// JSON form

const FORMAT_VERSION = 1;

/** A CommentRecord as JSON: the votes Map becomes entries. */
type StoredComment = Omit<CommentRecord, 'votes'> & { votes: [string, 1 | -1][] };

interface StoredThread {
  id: string;
  title?: string;
  url?: string;
  closed: boolean;
  comments: StoredComment[];
}

interface StoredState {
  version: number;
  viewerId: string | null;
  clock: [number, number];
  identities: [string, string, Role][];
  threads: StoredThread[];
}

export function serializeState(state: MemoryState): string {
  const stored: StoredState = {
    version: FORMAT_VERSION,
    viewerId: state.viewerId,
    clock: [state.clock.time, state.clock.counter],
    identities: [...state.identities.values()].map((i) => [i.id, i.name, i.role]),
    threads: [...state.threads.values()].map((t) => {
      const thread: StoredThread = {
        id: t.id,
        closed: t.closed,
        comments: [...t.comments.values()].map((c) => {
          const { votes, ...rest } = c;
          return { ...rest, votes: [...votes.entries()] };
        }),
      };
      if (t.title !== undefined) thread.title = t.title;
      if (t.url !== undefined) thread.url = t.url;
      return thread;
    }),
  };
  return JSON.stringify(stored);
}

class CorruptStateError extends Error {}

function fail(what: string): never {
  throw new CorruptStateError(what);
}

function str(value: unknown, what: string): string {
  return typeof value === 'string' ? value : fail(what);
}

function num(value: unknown, what: string): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(what);
}

function arr(value: unknown, what: string): unknown[] {
  return Array.isArray(value) ? value : fail(what);
}

function obj(value: unknown, what: string): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(what);
}

function role(value: unknown): Role {
  return value === 'guest' || value === 'user' || value === 'moderator' ? value : fail('role');
}

function parseComment(value: unknown): CommentRecord {
  const c = obj(value, 'comment');
  const status = c.status === 'published' || c.status === 'deleted' ? c.status : fail('status');
  const record: CommentRecord = {
    id: str(c.id, 'id'),
    parentId: c.parentId === null ? null : str(c.parentId, 'parentId'),
    authorId: str(c.authorId, 'authorId'),
    authorName: str(c.authorName, 'authorName'),
    body: str(c.body, 'body'),
    createdAt: num(c.createdAt, 'createdAt'),
    status,
    pinned: c.pinned === true,
    baseScore: num(c.baseScore, 'baseScore'),
    votes: new Map(
      arr(c.votes, 'votes').map((entry) => {
        const [viewer, vote] = arr(entry, 'vote');
        return [str(viewer, 'voter'), vote === 1 || vote === -1 ? vote : fail('vote')];
      }),
    ),
  };
  if (c.editedAt !== undefined) record.editedAt = num(c.editedAt, 'editedAt');
  if (c.anchor !== undefined) {
    const anchor = obj(c.anchor, 'anchor');
    record.anchor = { id: str(anchor.id, 'anchor.id'), quote: str(anchor.quote, 'anchor.quote') };
  }
  if (c.idempotencyKey !== undefined) record.idempotencyKey = str(c.idempotencyKey, 'idempotencyKey');
  return record;
}

/** Parses the JSON form; throws on anything that is not exactly what `serializeState` writes. */
export function parseState(raw: string): MemoryState {
  const s = obj(JSON.parse(raw), 'state');
  if (s.version !== FORMAT_VERSION) fail('version');
  const [time, counter] = arr(s.clock, 'clock');
  const state: MemoryState = {
    threads: new Map(),
    identities: new Map(),
    viewerId: s.viewerId === null ? null : str(s.viewerId, 'viewerId'),
    clock: { time: num(time, 'clock.time'), counter: num(counter, 'clock.counter') },
  };
  for (const entry of arr(s.identities, 'identities')) {
    const [id, name, r] = arr(entry, 'identity');
    state.identities.set(str(id, 'identity.id'), {
      id: str(id, 'identity.id'),
      name: str(name, 'name'),
      role: role(r),
    });
  }
  for (const value of arr(s.threads, 'threads')) {
    const t = obj(value, 'thread');
    const thread = emptyThread(str(t.id, 'thread.id'));
    thread.closed = t.closed === true;
    if (t.title !== undefined) thread.title = str(t.title, 'title');
    if (t.url !== undefined) thread.url = str(t.url, 'url');
    for (const c of arr(t.comments, 'comments')) {
      const record = parseComment(c);
      thread.comments.set(record.id, record);
    }
    state.threads.set(thread.id, thread);
  }
  return state;
}
