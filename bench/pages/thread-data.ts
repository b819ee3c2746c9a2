/**
 * The synthetic thread as both bench pages see it: comments with ids, parents and times, and the same
 * ordering rules as the store (top level by the chosen sort, replies oldest first).
 */
import type { Comment, Sort } from '../../src/adapters/adapter';
import { parseMarkdown } from '../../src/contract/markdown/parse';
import { syntheticThread } from '../synthetic';

export const THREAD = 'bench';
/** A fixed "now" so both pages show the same relative times. */
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

export interface BenchThread {
  comments: Comment[];
  children: Map<string, Comment[]>;
  roots: Comment[];
  /**
   * The bench backend's answer for each sort: every comment, each top-level one followed by its
   * replies. Built with the data, before anything is timed: ordering is the server's work.
   */
  pages: Record<Sort, Comment[]>;
}

export function benchThread(n: number): BenchThread {
  const seed = syntheticThread(n);
  const replies = new Map<string, number>();
  for (const s of seed) if (s.parentKey) replies.set(s.parentKey, (replies.get(s.parentKey) ?? 0) + 1);
  const comments: Comment[] = seed.map((s) => ({
    id: s.key,
    thread: THREAD,
    parentId: s.parentKey,
    author: { id: `a-${s.authorName}`, name: s.authorName },
    body: s.body,
    // Parsed ahead, as the reference server stores it at write time: the widget only renders.
    content: parseMarkdown(s.body),
    createdAt: new Date(NOW - s.minutesAgo * 60_000).toISOString(),
    score: s.score,
    myVote: 0,
    replyCount: replies.get(s.key) ?? 0,
    status: 'published',
    pinned: false,
  }));
  const children = new Map<string, Comment[]>();
  const roots: Comment[] = [];
  // Seed order is creation order, so each list is already oldest first.
  for (const c of comments) {
    if (c.parentId === null) roots.push(c);
    else children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  }
  const page = (sort: Sort): Comment[] => {
    const out: Comment[] = [];
    const visit = (c: Comment) => {
      out.push(c);
      for (const child of children.get(c.id) ?? []) visit(child);
    };
    for (const root of sortRoots(roots, sort)) visit(root);
    return out;
  };
  return {
    comments,
    children,
    roots,
    pages: { newest: page('newest'), oldest: page('oldest'), top: page('top') },
  };
}

const time = (c: Comment) => Date.parse(c.createdAt);

/** Top-level comments in the given order (the memory adapter's rules: top = score, then newest). */
export function sortRoots(roots: readonly Comment[], sort: Sort): Comment[] {
  const list = [...roots];
  if (sort === 'oldest') list.sort((a, b) => time(a) - time(b));
  else if (sort === 'newest') list.sort((a, b) => time(b) - time(a));
  else list.sort((a, b) => b.score - a.score || time(b) - time(a));
  return list;
}
