/**
 * A backend that answers at once with the whole thread in one page, as a server would for "View all".
 * The benchmark measures rendering, so data access should cost next to nothing, as it does for the
 * baseline page that builds the DOM straight from the array.
 */
import type { Adapter } from '../../src/adapters/adapter';
import type { BenchThread } from './thread-data';

/** Answers in a later task, as a network response or a loaded chunk would, never in the caller's task. */
const later = () => new Promise((resolve) => setTimeout(resolve, 0));

export function benchAdapter(data: BenchThread): Adapter {
  const byId = new Map(data.comments.map((c) => [c.id, c]));
  let answered = false;
  return {
    getThread: async (thread) => {
      await later();
      return {
        id: thread,
        closed: false,
        commentCount: data.comments.length,
        editWindowSeconds: 900,
      };
    },
    listComments: async (query) => {
      await later();
      const page = data.pages[query.sort];
      // The first answer hands the data over as it is, as cheap as the baseline's access to it. A later
      // one (another sort) is a copy, as a server's fresh JSON would be: new objects, equal fields.
      const comments = answered ? structuredClone(page) : page;
      answered = true;
      return { comments, nextCursor: null };
    },
    listReplies: async () => ({ comments: [], nextCursor: null }),
    createComment: async () => {
      throw new Error('read-only bench backend');
    },
    editComment: async () => {
      throw new Error('read-only bench backend');
    },
    deleteComment: async () => {
      throw new Error('read-only bench backend');
    },
    vote: async ({ id, value }) => {
      const c = byId.get(id);
      const score = (c?.score ?? 0) - (c?.myVote ?? 0) + value;
      if (c) byId.set(id, { ...c, score, myVote: value });
      return { id, score, myVote: value };
    },
    countComments: async (threads) => Object.fromEntries(threads.map((t) => [t, data.comments.length])),
    getViewer: async () => ({ id: 'bench-reader', name: 'Bench Reader', role: 'guest' }),
  };
}
