import { describe, expect, it } from 'vitest';
import type { Comment } from '../../src/adapters/adapter';
import { draftOf, initialState, mergePage, rootsDraftOf, type StoreState } from '../../src/store/state';
import { createViewBuilder } from '../../src/store/view';

const NOW = Date.UTC(2026, 0, 1, 12);

const comment = (id: string, parentId: string | null, authorId = 'x', agoSeconds = 3600): Comment => ({
  id,
  thread: 't',
  parentId,
  author: { id: authorId, name: `Name ${authorId}` },
  body: id,
  createdAt: new Date(NOW - agoSeconds * 1000).toISOString(),
  score: 0,
  myVote: 0,
  replyCount: 0,
  status: 'published',
  pinned: false,
});

/** A Map that counts its lookups: how many comments a derivation looked at. */
class CountingMap<K, V> extends Map<K, V> {
  lookups = 0;
  override get(key: K): V | undefined {
    this.lookups += 1;
    return super.get(key);
  }
}

function stateWith(comments: Comment[]): StoreState {
  const s = initialState('newest');
  mergePage(s, comments);
  s.info = { id: 't', closed: false, commentCount: comments.length, editWindowSeconds: 600 };
  s.viewer = { id: 'me', name: 'Me', role: 'user' };
  return s;
}

describe('createViewBuilder', () => {
  it('looks only at the roots when a change touched nothing but them, and keeps every node', () => {
    const thread = [comment('a', null), comment('a1', 'a'), comment('a2', 'a'), comment('b', null)];
    const s1 = stateWith(thread);
    s1.roots = ['a'];
    const build = createViewBuilder();
    const first = build(s1, { maxDepth: 3, now: NOW });
    expect(first.roots[0]?.size).toBe(3);

    const s2 = rootsDraftOf(s1);
    s2.roots.push('b');
    const entries = new CountingMap(s2.entries);
    // The same maps as before: wrap them in place of the shared ones for the count.
    s1.entries = entries;
    s2.entries = entries;
    const second = build(s2, { maxDepth: 3, now: NOW + 1000 });
    expect(second.roots[0]).toBe(first.roots[0]);
    expect(second.roots.map((n) => n.comment.id)).toEqual(['a', 'b']);
    // One lookup per root: the replies of 'a' were not walked again.
    expect(entries.lookups).toBe(2);
    expect(s2.children).toBe(s1.children);

    // Any other change copies the maps, and the whole tree is derived again (keeping what is the same).
    const s3 = draftOf(s2);
    const third = build(s3, { maxDepth: 3, now: NOW + 2000 });
    expect(third.roots).toBe(second.roots);
  });

  it('takes Edit away when its window closes, even when no comment changed', () => {
    const mine = comment('m', null, 'me', 60);
    const s = stateWith([comment('a', null), mine]);
    const build = createViewBuilder();
    const at = (now: number) => build(s, { maxDepth: 3, now }).roots.find((n) => n.comment.id === 'm');

    const open = at(NOW);
    expect(open?.canEdit).toBe(true);
    // A tick inside the window keeps the node as it was.
    expect(at(NOW + 500_000)).toBe(open);
    // 60 s old plus 540 s is the 600 s window: closed.
    expect(at(NOW + 540_000)?.canEdit).toBe(false);
  });
});
