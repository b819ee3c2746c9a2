import type { MdNode } from '../contract/markdown/ast';
import type { Adapter, Comment, Page, ThreadEvent } from './adapter';

type Parse = (source: string) => MdNode[];

let loading: Promise<Parse> | undefined;
/** Set once the parser has arrived, for events, which are delivered as they come. */
let loaded: Parse | undefined;

const loadParser = (): Promise<Parse> =>
  (loading ??= import('../contract/markdown/parse').then((m) => {
    loaded = m.parseMarkdown;
    return loaded;
  }));

const lacksContent = (c: Comment): boolean =>
  typeof c === 'object' && c !== null && !c.content && typeof c.body === 'string';

const filled = (c: Comment, parse: Parse): Comment =>
  lacksContent(c) ? { ...c, content: c.status === 'deleted' ? [] : parse(c.body) } : c;

/** The parser is loaded only when a comment actually comes without content. */
async function fill(comment: Comment): Promise<Comment> {
  if (!lacksContent(comment)) return comment;
  return comment.status === 'deleted' ? { ...comment, content: [] } : filled(comment, await loadParser());
}

async function fillPage(page: Page): Promise<Page> {
  if (!Array.isArray(page?.comments) || !page.comments.some(lacksContent)) return page;
  const parse = await loadParser();
  return { ...page, comments: page.comments.map((c) => filled(c, parse)) };
}

/** Before the parser is here, an event's comment shows as plain text (and the parser is fetched). */
function fillEvent(event: ThreadEvent): ThreadEvent {
  if (typeof event !== 'object' || event === null || !('comment' in event) || !lacksContent(event.comment)) {
    return event;
  }
  if (!loaded) {
    void loadParser().catch(() => {});
    return event;
  }
  return { ...event, comment: filled(event.comment, loaded) };
}

/**
 * A site's own adapter may leave `content` out; this wrapper, loaded only for such adapters, parses the
 * bodies that come without it, so the widget renders every comment the same way.
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
  if (adapter.report) wrapped.report = adapter.report.bind(adapter);
  if (adapter.ban) wrapped.ban = adapter.ban.bind(adapter);
  const moderate = adapter.moderate?.bind(adapter);
  if (moderate) wrapped.moderate = async (input) => fill(await moderate(input));
  if (typeof adapter.subscribe === 'function') {
    wrapped.subscribe = (thread, listener) =>
      adapter.subscribe?.(thread, (event) => listener(fillEvent(event))) ?? (() => undefined);
  }
  return wrapped;
}
