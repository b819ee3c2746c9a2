import { parseMarkdown } from '../markdown/parse';
import type { Adapter, Comment, Page, ThreadEvent } from './adapter';

/** Parses the body of a comment that came without `content`; anything else passes as it is. */
function fill(comment: Comment): Comment {
  if (
    typeof comment !== 'object' ||
    comment === null ||
    comment.content ||
    typeof comment.body !== 'string'
  ) {
    return comment;
  }
  return { ...comment, content: comment.status === 'deleted' ? [] : parseMarkdown(comment.body) };
}

const fillPage = (page: Page): Page =>
  Array.isArray(page?.comments) ? { ...page, comments: page.comments.map(fill) } : page;

const fillEvent = (event: ThreadEvent): ThreadEvent =>
  typeof event === 'object' && event !== null && 'comment' in event
    ? { ...event, comment: fill(event.comment) }
    : event;

/**
 * A site's own adapter may leave `content` out; this wrapper, loaded with the markdown parser only for
 * such adapters, fills it in so the widget renders every comment the same way.
 */
export function withContent(adapter: Adapter): Adapter {
  const wrapped: Adapter = {
    getThread: (thread, signal) => adapter.getThread(thread, signal),
    listComments: async (query) => fillPage(await adapter.listComments(query)),
    listReplies: async (query) => fillPage(await adapter.listReplies(query)),
    createComment: async (input) => fill(await adapter.createComment(input)),
    editComment: async (input) => fill(await adapter.editComment(input)),
    deleteComment: async (ref) => fill(await adapter.deleteComment(ref)),
    vote: (input) => adapter.vote(input),
    countComments: (threads, signal) => adapter.countComments(threads, signal),
    getViewer: () => adapter.getViewer(),
  };
  if (typeof adapter.subscribe === 'function') {
    wrapped.subscribe = (thread, listener) =>
      adapter.subscribe?.(thread, (event) => listener(fillEvent(event))) ?? (() => undefined);
  }
  return wrapped;
}
