/** The render-ready view derived from the store's state: the comment tree plus what the element shows. */
import { type Entry, type StoreState, time } from './state';
import type { CommentNode, ThreadView } from './types';

export interface ViewOptions {
  maxDepth: number;
  now: number;
}

function sameList(a: readonly CommentNode[], b: readonly CommentNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Derives the view on every change, handing back the previous node objects wherever nothing in a
 * comment or below it changed, so templates skip an unchanged comment and its replies by identity: a
 * vote on one of 5,000 comments makes new nodes only on the path to that comment. When no comment
 * changed at all (the same entry and reply maps, viewer and settings: a big first page's roots put in
 * place step by step, or the clock's tick) only the roots are looked at, and nodes are made only for
 * new roots. One builder per store.
 */
export function createViewBuilder(): (s: StoreState, options: ViewOptions) => ThreadView {
  let previous = new Map<string, CommentNode>();
  let previousRoots: CommentNode[] = [];
  /** What every node in `previous` was derived from. */
  let basis: { s: StoreState; maxDepth: number; now: number } | null = null;
  /** The earliest time an Edit shown in `previous` runs out (its comment's edit window closes). */
  let editableUntil = Number.POSITIVE_INFINITY;

  return (s, options) => {
    const windowMs = (s.info?.editWindowSeconds ?? 0) * 1000;
    const viewer = s.viewer;
    const maxDepth = Math.max(0, options.maxDepth);
    const unchanged =
      basis !== null &&
      basis.s.entries === s.entries &&
      basis.s.children === s.children &&
      basis.s.viewer === viewer &&
      basis.s.info?.editWindowSeconds === s.info?.editWindowSeconds &&
      basis.maxDepth === maxDepth &&
      options.now >= basis.now &&
      options.now < editableUntil;
    const next = unchanged ? previous : new Map<string, CommentNode>();
    if (!unchanged) editableUntil = Number.POSITIVE_INFINITY;

    function canEdit(entry: Entry): boolean {
      if (!viewer || entry.sending || entry.comment.status === 'deleted') return false;
      if (viewer.role === 'moderator') return true;
      if (viewer.id !== entry.comment.author.id) return false;
      const until = time(entry.comment) + windowMs;
      if (until <= options.now) return false;
      editableUntil = Math.min(editableUntil, until);
      return true;
    }

    /**
     * The last indented level holds every later reply in one flat list, in conversation order (depth
     * first): nothing nests past max-depth, neither the DOM nor this walk, however long a reply chain.
     */
    function flatReplies(childIds: readonly string[], author: string, children: CommentNode[]): number {
      let size = 0;
      const stack: [string, string][] = [];
      for (let i = childIds.length - 1; i >= 0; i -= 1) stack.push([childIds[i] as string, author]);
      for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
        const child = node(next[0], maxDepth + 1, next[1]);
        if (!child) continue;
        children.push(child);
        size += 1;
        const grand = s.children.get(next[0]) ?? [];
        for (let i = grand.length - 1; i >= 0; i -= 1)
          stack.push([grand[i] as string, child.comment.author.name]);
      }
      return size;
    }

    function node(id: string, realDepth: number, parentAuthor: string | undefined): CommentNode | null {
      const entry = s.entries.get(id);
      if (!entry) return null;
      if (unchanged) {
        const kept = previous.get(id);
        if (kept) return kept;
      }
      const childIds = s.children.get(id) ?? [];
      const children: CommentNode[] = [];
      let size = 1;
      if (realDepth === maxDepth) size += flatReplies(childIds, entry.comment.author.name, children);
      else if (realDepth < maxDepth) {
        for (const childId of childIds) {
          const child = node(childId, realDepth + 1, entry.comment.author.name);
          if (child) {
            children.push(child);
            size += child.size;
          }
        }
      }
      const depth = Math.min(realDepth, maxDepth);
      const replyingTo = realDepth > maxDepth ? parentAuthor : undefined;
      const moreReplies = Math.max(0, entry.comment.replyCount - childIds.length);
      const edit = canEdit(entry);
      const pending = entry.pending === true;
      const old = previous.get(id);
      let result: CommentNode;
      if (
        old &&
        old.comment === entry.comment &&
        old.depth === depth &&
        old.replyingTo === replyingTo &&
        old.moreReplies === moreReplies &&
        old.loadingReplies === entry.loadingReplies &&
        old.canEdit === edit &&
        old.sending === entry.sending &&
        old.pending === pending &&
        sameList(old.children, children)
      ) {
        result = old;
      } else {
        result = {
          comment: entry.comment,
          depth,
          children,
          size,
          moreReplies,
          loadingReplies: entry.loadingReplies,
          canEdit: edit,
          sending: entry.sending,
          pending,
        };
        if (replyingTo !== undefined) result.replyingTo = replyingTo;
      }
      next.set(id, result);
      return result;
    }

    const roots: CommentNode[] = [];
    for (const id of s.roots) {
      const root = node(id, 0, undefined);
      if (root) roots.push(root);
    }
    previous = next;
    basis = { s, maxDepth, now: options.now };
    if (!sameList(previousRoots, roots)) previousRoots = roots;
    return {
      status: s.status,
      error: s.error,
      sort: s.sort,
      roots: previousRoots,
      total: s.total,
      hasMore: s.cursor !== null,
      loadingMore: s.loadingMore,
      info: s.info,
      viewer: s.viewer,
      incoming: s.incoming.filter((id) => s.entries.has(id) && !s.roots.includes(id)).length,
      draftVersions: s.draftVersions,
    };
  };
}
