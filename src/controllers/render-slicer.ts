import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Anything with nested children, like the store's CommentNode. */
export interface Nested {
  readonly children: readonly Nested[];
  /** Comments in the subtree, this one included. */
  readonly size: number;
}

/** `node` with only its first `count - 1` descendants, in document order. */
function cut<T extends Nested>(node: T, count: number): T {
  const children: Nested[] = [];
  let left = count - 1;
  for (const child of node.children) {
    if (left <= 0) break;
    const kept = child.size <= left ? child : cut(child, left);
    children.push(kept);
    left -= kept.size;
  }
  return { ...node, children, size: count - left };
}

/**
 * Script time aimed at per slice. The garbage collector's pauses reach 20–40 ms while thousands of
 * comments render on the bench machine, and a slice that meets one must still end within 50 ms. On the
 * bench page, renders of 5,000 comments had no task over 50 ms in 92 of 96 loads at 7 ms, 77 of 96 at 10 ms;
 * 5 ms was no cleaner and took longer in all. The budget at most doubles from one slice to the next,
 * since one fast slice (a warm JIT, no GC) says little about the next.
 */
const TARGET_MS = 7;

/**
 * Renders a long list in slices: each slice's render shows the comments already shown plus about
 * `budget` more, in document order (the last root may come with only the replies that fit), and while
 * comments remain it asks for another render in a new task (renders asked for by anything else in the
 * meantime show what was shown). "View all" on 5,000 comments then becomes many short
 * tasks with input handled between them, instead of one long freeze. The budget adapts to the machine:
 * after each slice it is scaled so the next one takes about TARGET_MS of rendering. What is on screen
 * stays, so nothing above the reader moves; when the list gets shorter (a new sort) the count shrinks
 * with it.
 */
export class RenderSlicer implements ReactiveController {
  /** Comments (not roots) shown by the last render. */
  private shown = 0;
  /**
   * Comments per slice. The first slice also prepares every template, and the frame after it lays out
   * comments for the first time (both cold and slow), so it starts with three; each later one is sized
   * by how fast the one before it rendered.
   */
  private budget = 3;
  /** The last render held the whole list back for a task of its own (see `take`). */
  private waited = false;
  /** The last render showed every root it was given: no slice is left to come. */
  complete = true;
  private added = 0;
  private started = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiting: (() => void)[] = [];

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * The roots to render now, cut after about `budget` more comments than the last render showed (none
   * more while a slice is due); schedules the next slice when some are left out. The cut can fall inside a root: that root comes
   * with the replies that fit (a copy of its node with fewer children), so one long conversation does
   * not make one long slice.
   */
  take<T extends Nested>(roots: readonly T[]): readonly T[] {
    let total = 0;
    for (const root of roots) total += root.size;
    // A list longer than a slice, with none of it shown yet, starts in a task of its own: the task that
    // brought it also took the page into the store and derived the view.
    this.waited = !this.waited && this.shown === 0 && total > this.budget;
    // While a slice is due, a render that something else asked for (a step of a big first page put in
    // place, a vote) adds nothing: its task has already done that work, and the slice gets a task of its
    // own.
    const add = this.waited || this.timer !== undefined ? 0 : this.budget;
    const limit = Math.min(total, this.shown + add);
    this.added = Math.max(0, limit - this.shown);
    this.shown = limit;
    this.complete = limit === total;
    this.started = performance.now();
    if (this.complete) return roots;
    this.schedule();
    const shown: T[] = [];
    let left = limit;
    for (let i = 0; i < roots.length && left > 0; i += 1) {
      const root = roots[i] as T;
      shown.push(root.size <= left ? root : cut(root, left));
      left -= root.size;
    }
    return shown;
  }

  hostUpdated(): void {
    // Only a render that added comments says how fast this machine renders them.
    if (this.added >= 3) {
      const spent = Math.max(1, performance.now() - this.started);
      const next = Math.round((this.added * TARGET_MS) / spent);
      this.budget = Math.min(1000, this.budget * 2, Math.max(10, next));
    }
    this.added = 0;
    if (this.complete) this.release();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.shown = 0;
    // No slice comes while disconnected: whoever waits for the list gets it as it stands.
    this.release();
  }

  /** Resolves once a render has shown the whole list, or the host left the page. */
  finished(): Promise<void> {
    if (this.complete || this.timer === undefined) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    // A macrotask, not a microtask or animation frame: the browser handles input and paints between
    // slices. (After a few slices browsers clamp the delay to 4 ms, which only leaves input more room.)
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.host.requestUpdate();
    }, 0);
  }
}
