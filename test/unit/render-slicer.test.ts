import { describe, expect, it } from 'vitest';
import { type Nested, RenderSlicer } from '../../src/controllers/render-slicer';

interface Node extends Nested {
  id: string;
  children: Node[];
}

/** A root with one long chain of replies under it: `depth` comments in all. */
function chain(id: string, depth: number): Node {
  return { id, children: depth > 1 ? [chain(`${id}.r`, depth - 1)] : [], size: depth };
}

const count = (nodes: readonly Nested[]): number =>
  nodes.reduce((sum, node) => sum + 1 + count(node.children), 0);

/** A slicer on a host that is never rendered: the tests call `take` themselves. */
function slicer(): RenderSlicer {
  return new RenderSlicer({ addController() {}, requestUpdate() {} } as never);
}

/** Lets the slicer's timer fire: the next `take` is then the slice's own render. */
const sliceDue = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RenderSlicer', () => {
  it('cuts inside a long conversation instead of rendering it in one slice, and ends whole', async () => {
    const s = slicer();
    const roots = [chain('a', 200), chain('b', 2)];
    // The first render of a list longer than a slice shows nothing: it starts in a task of its own.
    expect(s.take(roots)).toEqual([]);
    await sliceDue();
    const first = s.take(roots);
    expect(first).toHaveLength(1);
    expect(count(first)).toBe(3);
    expect(first[0]?.size).toBe(3);
    expect(first[0]?.id).toBe('a');
    expect(first[0]).not.toBe(roots[0]); // a copy with fewer replies
    expect(s.complete).toBe(false);
    const shown = [count(first)];
    for (let i = 0; i < 100 && !s.complete; i += 1) {
      s.hostUpdated();
      await sliceDue();
      shown.push(count(s.take(roots)));
    }
    expect(s.complete).toBe(true);
    expect(s.take(roots)).toBe(roots);
    // Each slice shows more than the one before, and none is the whole 200-comment root at once.
    for (let i = 1; i < shown.length; i += 1) expect(shown[i]).toBeGreaterThan(shown[i - 1] ?? 0);
    expect(shown[1]).toBeLessThan(200);
    s.hostDisconnected();
  });

  it('says when the last slice is shown, or when the host leaves before it', async () => {
    const s = slicer();
    const roots = [chain('a', 50)];
    s.take(roots);
    let done = false;
    const finished = s.finished().then(() => {
      done = true;
    });
    s.hostUpdated();
    await sliceDue();
    s.take(roots);
    s.hostUpdated();
    await Promise.resolve();
    expect(done).toBe(false);
    while (!s.complete) {
      await sliceDue();
      s.take(roots);
      s.hostUpdated();
    }
    await finished;
    expect(done).toBe(true);
    await expect(s.finished()).resolves.toBeUndefined();

    const left = slicer();
    left.take(roots);
    const waiting = left.finished();
    left.hostDisconnected();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('adds comments only in its own task: a render asked for by something else while a slice is due shows what was shown', async () => {
    const s = slicer();
    const roots = Array.from({ length: 40 }, (_, i) => chain(`r${i}`, 1));
    s.take(roots);
    await sliceDue();
    const first = s.take(roots).length;
    expect(first).toBeGreaterThan(0);
    s.hostUpdated();
    // Say a step of a big first page put more roots in place, in a task of its own, before the slice.
    const more = [...roots, ...Array.from({ length: 40 }, (_, i) => chain(`m${i}`, 1))];
    expect(s.take(more)).toHaveLength(first);
    s.hostUpdated();
    await sliceDue();
    expect(s.take(more).length).toBeGreaterThan(first);
    s.hostDisconnected();
  });

  it('renders a list that fits in one slice at once, as it is', () => {
    const s = slicer();
    const roots = [chain('a', 2)];
    expect(s.take(roots)).toBe(roots);
    expect(s.complete).toBe(true);
  });
});
