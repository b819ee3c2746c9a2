/**
 * The store's border with the adapter: every result passes through here before the store keeps it. A
 * site may pass any object as its adapter, so results are checked by hand (cheap enough for a page of
 * thousands) and made safe to render: a malformed comment is mended where it can be (an author of null
 * becomes "Unknown", a 5 MB name is cut to the name limit, a body past the body limit is cut with an
 * ellipsis and shown as plain text) or dropped alone; a result that is not the expected shape at all is
 * a ServerError, shown to the reader in plain words like any failing backend. Each kind of problem is
 * reported once in the console as THREADLINE_BAD_ADAPTER_RESULT. The content AST is checked again as
 * it renders (markdown/render.ts); here only its size is.
 */
import type {
  Adapter,
  Anchor,
  Author,
  Comment,
  Page,
  ThreadEvent,
  ThreadInfo,
  Viewer,
  VoteResult,
  VoteValue,
} from '../adapters/adapter';
import { LIMITS } from '../adapters/adapter';
import { ServerError } from '../adapters/errors';
import { countNodes, MAX_CONTENT_NODES } from '../markdown/bounds';
import { warnOnce } from '../warnings';

/** Longest URL kept for an author's link or avatar. */
const URL_MAX = 2048;
/** Longest id or cursor kept. */
const ID_MAX = 512;

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null;

function problem(what: string): void {
  warnOnce('THREADLINE_BAD_ADAPTER_RESULT', `the adapter returned ${what}; it was mended or left out`);
}

function malformed(what: string): ServerError {
  problem(what);
  return new ServerError(`The adapter returned ${what}.`);
}

function clampText(value: unknown, max: number, what: string): string {
  if (typeof value !== 'string') return '';
  if (value.length <= max) return value;
  problem(`${what} over ${max} characters`);
  return `${value.slice(0, max - 1)}…`;
}

function id(value: unknown): string | null {
  return typeof value === 'string' && value !== '' && value.length <= ID_MAX ? value : null;
}

function url(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= URL_MAX ? value : undefined;
}

function date(value: unknown): string | null {
  return typeof value === 'string' && value.length <= 64 && !Number.isNaN(Date.parse(value)) ? value : null;
}

function author(value: unknown): Author {
  if (!isObject(value)) {
    problem('a comment without an author');
    return { id: '', name: 'Unknown' };
  }
  const result: Author = {
    id: id(value.id) ?? '',
    name: clampText(value.name, LIMITS.nameMaxLength, 'an author name').trim() || 'Unknown',
  };
  const link = url(value.url);
  const avatar = url(value.avatar);
  if (link) result.url = link;
  if (avatar) result.avatar = avatar;
  if (value.role === 'guest' || value.role === 'user' || value.role === 'moderator') result.role = value.role;
  return result;
}

function anchor(value: unknown): Anchor | undefined {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.quote !== 'string') return undefined;
  return { id: value.id.slice(0, ID_MAX), quote: clampText(value.quote, LIMITS.quoteMaxLength, 'a quote') };
}

const vote = (value: unknown): VoteValue => (value === 1 || value === -1 ? value : 0);
const count = (value: unknown): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
const score = (value: unknown): number =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;

/** A comment safe to keep and render, or null when it cannot be placed (no usable id). */
export function acceptComment(value: unknown, thread: string): Comment | null {
  if (!isObject(value)) {
    problem('a comment that is not an object');
    return null;
  }
  const commentId = id(value.id);
  if (commentId === null) {
    problem('a comment without a usable id');
    return null;
  }
  const rawBody = typeof value.body === 'string' ? value.body : '';
  const body = clampText(rawBody, LIMITS.bodyMaxLength, 'a body');
  const status = value.status === 'deleted' || value.status === 'pending' ? value.status : 'published';
  const comment: Comment = {
    id: commentId,
    thread,
    parentId: value.parentId === null || value.parentId === undefined ? null : id(value.parentId),
    author: author(value.author),
    body,
    createdAt: date(value.createdAt) ?? new Date().toISOString(),
    score: score(value.score),
    myVote: vote(value.myVote),
    replyCount: count(value.replyCount),
    status,
    pinned: value.pinned === true,
  };
  // A body that had to be cut shows as its (cut) text: the backend's content would show all of it.
  const content = value.content;
  if (Array.isArray(content) && body === rawBody) {
    if (countNodes(content, MAX_CONTENT_NODES) <= MAX_CONTENT_NODES) comment.content = content;
    else problem(`content over ${MAX_CONTENT_NODES} nodes`);
  }
  if (value.editedAt !== undefined) comment.editedAt = date(value.editedAt) ?? comment.createdAt;
  const quoted = anchor(value.anchor);
  if (quoted) comment.anchor = quoted;
  return comment;
}

function required(value: unknown, thread: string, what: string): Comment {
  const comment = acceptComment(value, thread);
  if (!comment) throw malformed(what);
  return comment;
}

export function acceptPage(value: unknown, thread: string): Page {
  if (!isObject(value) || !Array.isArray(value.comments)) throw malformed('a page without a comments list');
  const comments: Comment[] = [];
  for (const item of value.comments) {
    const comment = acceptComment(item, thread);
    if (comment) comments.push(comment);
  }
  const cursor = value.nextCursor;
  return { comments, nextCursor: typeof cursor === 'string' && cursor !== '' ? cursor.slice(0, 4096) : null };
}

function acceptInfo(value: unknown, thread: string): ThreadInfo {
  if (!isObject(value)) throw malformed('thread info that is not an object');
  const info: ThreadInfo = {
    id: thread,
    closed: value.closed === true,
    commentCount: count(value.commentCount),
    editWindowSeconds: count(value.editWindowSeconds),
  };
  if (typeof value.title === 'string') info.title = clampText(value.title, 300, 'a thread title');
  const link = url(value.url);
  if (link) info.url = link;
  return info;
}

function acceptViewer(value: unknown): Viewer | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value) || id(value.id) === null) throw malformed('a viewer without an id');
  const { name } = author(value);
  const role = value.role === 'moderator' || value.role === 'user' ? value.role : 'guest';
  return { id: value.id as string, name, role };
}

function acceptVote(value: unknown, commentId: string): VoteResult {
  if (!isObject(value)) throw malformed('a vote result that is not an object');
  return { id: commentId, score: score(value.score), myVote: vote(value.myVote) };
}

/** A live event safe to apply, or null (ignored, with the warning) when it is not one. */
export function acceptEvent(value: unknown, thread: string): ThreadEvent | null {
  if (!isObject(value)) {
    problem('a live event that is not an object');
    return null;
  }
  switch (value.type) {
    case 'comment-created':
    case 'comment-edited':
    case 'comment-deleted': {
      const comment = acceptComment(value.comment, thread);
      return comment && { type: value.type, comment };
    }
    case 'vote-changed': {
      const commentId = id(value.id);
      if (commentId && typeof value.score === 'number' && Number.isSafeInteger(value.score))
        return { type: 'vote-changed', id: commentId, score: value.score };
      problem('a malformed vote-changed event');
      return null;
    }
    default:
      problem('a live event of an unknown type');
      return null;
  }
}

/** The adapter as the store sees it: every result through the checks above. */
export function guardAdapter(adapter: Adapter, thread: string): Adapter {
  const guarded: Adapter = {
    getThread: async (t, signal) => acceptInfo(await adapter.getThread(t, signal), thread),
    listComments: async (query) => acceptPage(await adapter.listComments(query), thread),
    listReplies: async (query) => acceptPage(await adapter.listReplies(query), thread),
    createComment: async (input) => required(await adapter.createComment(input), thread, 'no stored comment'),
    editComment: async (input) => required(await adapter.editComment(input), thread, 'no edited comment'),
    deleteComment: async (ref) => required(await adapter.deleteComment(ref), thread, 'no deleted comment'),
    vote: async (input) => acceptVote(await adapter.vote(input), input.id),
    countComments: (threads, signal) => adapter.countComments(threads, signal),
    getViewer: async () => acceptViewer(await adapter.getViewer()),
  };
  const subscribe = adapter.subscribe?.bind(adapter);
  if (subscribe)
    guarded.subscribe = (t, listener) =>
      subscribe(t, (event) => {
        const accepted = acceptEvent(event, thread);
        if (accepted) listener(accepted);
      });
  return guarded;
}
