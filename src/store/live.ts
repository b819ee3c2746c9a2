/**
 * Live updates: the adapter's events while the store is mounted. Nothing moves what the reader is
 * reading: a new top-level comment is held back (`incoming`, the "N new comments" button) until
 * `showNew`; a reply to a loaded comment goes in place under its parent (below it, in conversation
 * order; the browser's scroll anchoring keeps the reader's position when that is above the viewport);
 * votes, edits and deletions apply in place. An event for a comment the store already has changes nothing.
 */
import type { Comment, ThreadEvent } from '../adapters/adapter';
import type { StoreContext } from './context';
import { compareRoots, deleteLocally, place, type StoreState, setComment } from './state';

/** Where a top-level comment belongs among the loaded ones, in the current sort. */
function rootIndex(d: StoreState, comment: Comment): number {
  const index = d.roots.findIndex((id) => {
    const other = d.entries.get(id)?.comment;
    return other !== undefined && compareRoots(d.sort, comment, other) < 0;
  });
  return index === -1 ? d.roots.length : index;
}

export function createLive(ctx: StoreContext, on: boolean, retryDelay: (attempt: number) => number) {
  const { adapter, thread, $state, update, signal, confirmedVotes, ownDeletes } = ctx;
  let failures = 0;

  /**
   * An event for a post of this reader still in flight (a backend that echoes the author's own writes):
   * the post's answer places it, so it is not announced as new.
   */
  function isOwnEcho(comment: Comment): boolean {
    const { viewer, entries } = $state.get();
    if (viewer?.id && comment.author.id !== viewer.id) return false;
    for (const { sending, comment: mine } of entries.values()) {
      if (sending && mine.parentId === comment.parentId && mine.body === comment.body) return true;
    }
    return false;
  }

  function apply(event: ThreadEvent): void {
    if (event.type === 'vote-changed') {
      // While this reader's own vote is in flight, the event's score lacks it: keep it on top.
      const pending = confirmedVotes.get(event.id);
      if (pending) pending.score = event.score;
      update((d) => {
        const entry = d.entries.get(event.id);
        if (!entry || entry.comment.status === 'deleted') return;
        const score = pending ? event.score - pending.myVote + entry.comment.myVote : event.score;
        setComment(d, { ...entry.comment, score });
      });
      return;
    }
    const { comment } = event;
    if (event.type === 'comment-created' && (comment.thread !== thread || isOwnEcho(comment))) return;
    update((d) => {
      const entry = d.entries.get(comment.id);
      if (event.type === 'comment-edited') {
        // The event cannot know this reader's vote.
        if (entry && !entry.sending) setComment(d, { ...comment, myVote: entry.comment.myVote });
      } else if (event.type === 'comment-deleted') {
        if (entry) deleteLocally(d, comment.id, comment);
        // The echo of this reader's own deletion was counted already.
        else if (!ownDeletes.delete(comment.id)) d.total = Math.max(0, d.total - 1);
      } else if (!entry) {
        if (comment.status === 'published') d.total += 1;
        if (comment.parentId !== null) {
          if (!d.entries.has(comment.parentId)) return;
          setComment(d, comment);
          place(d, comment);
        } else if (rootIndex(d, comment) < d.roots.length || d.cursor === null) {
          // Only comments that belong among the loaded ones are held back; the rest arrive with paging.
          setComment(d, comment);
          d.incoming.unshift(comment.id);
        }
      }
    });
  }

  return {
    /**
     * Subscribes to the adapter's events (when live is on) until the returned function is called.
     * Reconnecting a dropped stream is the adapter's job; a subscribe call that throws is tried again
     * here, with the same backoff as posts.
     */
    start(): () => void {
      let stopped = false;
      let unsubscribe: (() => void) | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const connect = () => {
        if (stopped || !on || signal.aborted || !adapter.subscribe) return;
        try {
          unsubscribe = adapter.subscribe(thread, (event) => {
            if (!signal.aborted) apply(event);
          });
          failures = 0;
        } catch {
          // No live updates for now; everything else still works.
          failures += 1;
          timer = setTimeout(connect, retryDelay(failures));
        }
      };
      connect();
      return () => {
        stopped = true;
        unsubscribe?.();
        clearTimeout(timer);
      };
    },

    /** Inserts the held-back new comments where they belong (at the top for newest). */
    showNew(): void {
      update((d) => {
        const ids = d.incoming.filter((id) => d.entries.has(id) && !d.roots.includes(id));
        d.incoming = [];
        for (const id of ids.reverse()) {
          const comment = d.entries.get(id)?.comment;
          if (comment) d.roots.splice(rootIndex(d, comment), 0, id);
        }
      });
    },
  };
}
