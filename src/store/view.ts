/** The render-ready view derived from the store's state: the comment tree plus what the element shows. */
import { type Entry, type StoreState, time } from './state';
import type { CommentNode, ThreadView } from './types';

export interface ViewOptions {
  maxDepth: number;
  now: number;
}

/** The render-ready view. */
export function buildView(s: StoreState, options: ViewOptions): ThreadView {
  const windowMs = (s.info?.editWindowSeconds ?? 0) * 1000;
  const viewer = s.viewer;
  const maxDepth = Math.max(0, options.maxDepth);

  function canEdit(entry: Entry): boolean {
    if (!viewer || entry.sending || entry.comment.status === 'deleted') return false;
    if (viewer.role === 'moderator') return true;
    return viewer.id === entry.comment.author.id && time(entry.comment) + windowMs > options.now;
  }

  function node(id: string, realDepth: number, parentAuthor: string | undefined): CommentNode | null {
    const entry = s.entries.get(id);
    if (!entry) return null;
    const childIds = s.children.get(id) ?? [];
    const children: CommentNode[] = [];
    for (const childId of childIds) {
      const child = node(childId, realDepth + 1, entry.comment.author.name);
      if (child) children.push(child);
    }
    const result: CommentNode = {
      comment: entry.comment,
      depth: Math.min(realDepth, maxDepth),
      children,
      moreReplies: Math.max(0, entry.comment.replyCount - childIds.length),
      loadingReplies: entry.loadingReplies,
      canEdit: canEdit(entry),
      sending: entry.sending,
      pending: entry.pending === true,
    };
    if (realDepth > maxDepth && parentAuthor !== undefined) result.replyingTo = parentAuthor;
    return result;
  }

  const roots: CommentNode[] = [];
  for (const id of s.roots) {
    const root = node(id, 0, undefined);
    if (root) roots.push(root);
  }
  return {
    status: s.status,
    error: s.error,
    sort: s.sort,
    roots,
    total: s.total,
    hasMore: s.cursor !== null,
    loadingMore: s.loadingMore,
    info: s.info,
    viewer: s.viewer,
    incoming: s.incoming.filter((id) => s.entries.has(id) && !s.roots.includes(id)).length,
    draftVersions: s.draftVersions,
  };
}
