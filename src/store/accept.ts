/**
 * The store's border with the adapter: every backend the element makes is wrapped here (see
 * adapters/create.ts; this is a chunk loaded beside the backend's), so every result is checked before the
 * store keeps it. A site may pass any object as its adapter, so results are checked by hand (cheap enough
 * for a page of thousands) and made safe to render: a malformed comment is mended where it can be (an
 * author of null becomes "Unknown", a 5 MB name is cut to the name limit, a body past the body limit is cut
 * with an ellipsis and shown as plain text) or dropped alone; a result that is not the expected shape at
 * all is a ServerError, shown to the reader in plain words like any failing backend. Problems are reported
 * in the console as THREADLINE_BAD_ADAPTER_RESULT, once per kind. The content AST is checked again as it
 * renders (markdown/render.ts); here only its size is.
 */
import {
  type Adapter,
  type Author,
  COMMENT_STATUSES,
  type Comment,
  type CommentStatus,
  LIMITS,
  type Page,
  POLICIES,
  type Policy,
  type ThreadEvent,
  type VoteValue,
} from '../adapters/adapter';
import { ServerError } from '../adapters/errors';
import { warnOnce } from '../warnings';

/** Longest id, cursor or URL kept. */
const ID_MAX = 512;
const URL_MAX = 2048;

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null;
const problem = (what: string): void =>
  warnOnce('THREADLINE_BAD_ADAPTER_RESULT', `the adapter returned ${what}; it was mended or left out`);
function malformed(what: string): ServerError {
  problem(what);
  return new ServerError(`The adapter returned ${what}.`);
}

function text(value: unknown, max: number, what: string): string {
  if (typeof value !== 'string') return '';
  if (value.length <= max) return value;
  problem(`${what} over ${max} characters`);
  return `${value.slice(0, max - 1)}…`;
}

const id = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' && value.length <= ID_MAX ? value : null;
const url = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length <= URL_MAX ? value : undefined;
const date = (value: unknown): string | null =>
  typeof value === 'string' && value.length <= 64 && !Number.isNaN(Date.parse(value)) ? value : null;
const vote = (value: unknown): VoteValue => (value === 1 || value === -1 ? value : 0);
const int = (value: unknown, min = Number.MIN_SAFE_INTEGER): number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min ? value : 0;

const STATUSES = new Set<unknown>(COMMENT_STATUSES);
const status = (value: unknown): CommentStatus =>
  STATUSES.has(value) ? (value as CommentStatus) : 'published';

/** Nodes and list items in a content AST, counted until past the limit (an explicit stack: no recursion). */
function small(content: unknown[]): boolean {
  let count = 0;
  const stack: unknown[] = [...content];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (++count > LIMITS.contentMaxNodes) return false;
    if (isObject(node))
      for (const key of ['children', 'items'])
        if (Array.isArray(node[key])) stack.push(...(node[key] as unknown[]));
  }
  return true;
}

function author(value: unknown): Author {
  if (!isObject(value)) {
    problem('a comment without an author');
    return { id: '', name: 'Unknown' };
  }
  const result: Author = {
    id: id(value.id) ?? '',
    name: text(value.name, LIMITS.nameMaxLength, 'an author name').trim() || 'Unknown',
  };
  const link = url(value.url);
  const avatar = url(value.avatar);
  if (link) result.url = link;
  if (avatar) result.avatar = avatar;
  if (value.role === 'guest' || value.role === 'user' || value.role === 'moderator') result.role = value.role;
  return result;
}

/** A comment safe to keep and render, or null when it cannot be placed (no usable id). */
export function acceptComment(value: unknown, thread: string): Comment | null {
  const commentId = isObject(value) ? id(value.id) : null;
  if (!isObject(value) || commentId === null) {
    problem('a comment without a usable id');
    return null;
  }
  const raw = typeof value.body === 'string' ? value.body : '';
  const comment: Comment = {
    id: commentId,
    thread,
    parentId: value.parentId == null ? null : id(value.parentId),
    author: author(value.author),
    body: text(raw, LIMITS.bodyMaxLength, 'a body'),
    createdAt: date(value.createdAt) ?? new Date().toISOString(),
    score: int(value.score),
    myVote: vote(value.myVote),
    replyCount: int(value.replyCount, 0),
    status: status(value.status),
    pinned: value.pinned === true,
  };
  if (comment.status !== 'published' && typeof value.statusReason === 'string')
    comment.statusReason = text(value.statusReason, LIMITS.reasonMaxLength, 'a status reason');
  if (value.editedByModerator === true) comment.editedByModerator = true;
  if (value.reportCount !== undefined) comment.reportCount = int(value.reportCount, 0);
  // A body that had to be cut shows as its (cut) text: the backend's content would show all of it.
  const content = value.content;
  if (Array.isArray(content) && comment.body === raw) {
    if (small(content)) comment.content = content;
    else problem(`content over ${LIMITS.contentMaxNodes} nodes`);
  }
  if (value.editedAt !== undefined) comment.editedAt = date(value.editedAt) ?? comment.createdAt;
  const anchor = value.anchor;
  if (isObject(anchor) && typeof anchor.id === 'string' && typeof anchor.quote === 'string')
    comment.anchor = {
      id: anchor.id.slice(0, ID_MAX),
      quote: text(anchor.quote, LIMITS.quoteMaxLength, 'a quote'),
    };
  return comment;
}

function required(value: unknown, thread: string): Comment {
  const comment = acceptComment(value, thread);
  if (!comment) throw malformed('no comment');
  return comment;
}

function page(value: unknown, thread: string): Page {
  if (!isObject(value) || !Array.isArray(value.comments)) throw malformed('a page without a comments list');
  const comments: Comment[] = [];
  for (const item of value.comments) {
    const comment = acceptComment(item, thread);
    if (comment) comments.push(comment);
  }
  const cursor = value.nextCursor;
  return { comments, nextCursor: typeof cursor === 'string' && cursor !== '' ? cursor.slice(0, 4096) : null };
}

function object(value: unknown, what: string): Raw {
  if (!isObject(value)) throw malformed(what);
  return value;
}

/** A live event safe to apply, or null (ignored, with the warning) when it is not one. */
export function acceptEvent(value: unknown, thread: string): ThreadEvent | null {
  const type = isObject(value) ? value.type : null;
  if (type === 'comment-created' || type === 'comment-edited' || type === 'comment-deleted') {
    const comment = acceptComment((value as Raw).comment, thread);
    return comment && { type, comment };
  }
  const event = value as Raw;
  if (type === 'vote-changed' && id(event.id) && Number.isSafeInteger(event.score))
    return { type, id: event.id as string, score: event.score as number };
  problem('a malformed live event');
  return null;
}

/** The adapter as the store sees it: every result through the checks above. */
export function guardAdapter(adapter: Adapter): Adapter {
  const guarded: Adapter = {
    async getThread(thread, signal) {
      const info = object(await adapter.getThread(thread, signal), 'no thread info');
      const result = {
        id: thread,
        closed: info.closed === true,
        ...(POLICIES.includes(info.policy as Policy) ? { policy: info.policy as Policy } : {}),
        ...(info.surge === true ? { surge: true } : {}),
        commentCount: int(info.commentCount, 0),
        editWindowSeconds: int(info.editWindowSeconds, 0),
      };
      const link = url(info.url);
      return {
        ...result,
        ...(typeof info.title === 'string' ? { title: text(info.title, 300, 'a title') } : {}),
        ...(link ? { url: link } : {}),
      };
    },
    listComments: async (query) => page(await adapter.listComments(query), query.thread),
    listReplies: async (query) => page(await adapter.listReplies(query), query.thread),
    createComment: async (input) => required(await adapter.createComment(input), input.thread),
    editComment: async (input) => required(await adapter.editComment(input), input.thread),
    deleteComment: async (ref) => required(await adapter.deleteComment(ref), ref.thread),
    async vote(input) {
      const result = object(await adapter.vote(input), 'no vote result');
      return { id: input.id, score: int(result.score), myVote: vote(result.myVote) };
    },
    countComments: (threads, signal) => adapter.countComments(threads, signal),
    async getViewer() {
      const viewer = await adapter.getViewer();
      if (viewer == null) return null;
      const raw = object(viewer, 'no viewer');
      if (!id(raw.id)) throw malformed('a viewer without an id');
      const role = raw.role === 'moderator' || raw.role === 'user' ? raw.role : 'guest';
      return { id: raw.id as string, name: author(raw).name, role };
    },
  };
  const report = adapter.report?.bind(adapter);
  if (report) guarded.report = async (input) => void (await report(input));
  const ban = adapter.ban?.bind(adapter);
  if (ban) guarded.ban = async (input) => void (await ban(input));
  const moderate = adapter.moderate?.bind(adapter);
  if (moderate) guarded.moderate = async (input) => required(await moderate(input), input.thread);
  const subscribe = adapter.subscribe?.bind(adapter);
  if (subscribe)
    guarded.subscribe = (thread, listener) =>
      subscribe(thread, (event) => {
        const accepted = acceptEvent(event, thread);
        if (accepted) listener(accepted);
      });
  return guarded;
}
