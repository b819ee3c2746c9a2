/**
 * In-page measurement shared by the Threadline page and the baseline page, so both are timed by the
 * same code. The node side (bench/run.ts) calls these through `window.bench`.
 */
import type { Sort } from '../../src/adapters/adapter';
import { type BenchThread, benchThread, sortRoots } from './thread-data';

export interface Target {
  /** Starts rendering `data` into the page (synchronously or not). */
  mount(data: BenchThread): void;
  /** The shadow root the comments render into, once it exists. */
  root(): ShadowRoot | null;
}

export interface RenderFigures {
  /** Mount → second animation frame after every comment is in the DOM (so that frame was painted). */
  ms: number;
  longestTask: number;
  totalBlockingTime: number;
  longTasks: number;
}

export interface Bench {
  render(n: number): Promise<RenderFigures>;
  /** Viewport point of the first comment's upvote button; the next click on it is timed. */
  armVote(): { x: number; y: number };
  voteDone(): Promise<number>;
  /** Viewport point of a sort button; the next click on it is timed. */
  armSort(sort: Sort): { x: number; y: number };
  sortDone(): Promise<{ firstPaint: number; allPaint: number; longestTask: number }>;
  nodes(): { nodes: number; elements: number; comments: number };
}

declare global {
  interface Window {
    bench?: Bench;
  }
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/** Long tasks seen from now until `stop()`. */
function watchLongTasks() {
  const durations: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) durations.push(entry.duration);
  });
  observer.observe({ type: 'longtask' });
  return async () => {
    // Entries arrive after their task: give the last one a moment, then take what is queued.
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const entry of observer.takeRecords()) durations.push(entry.duration);
    observer.disconnect();
    return {
      longestTask: Math.max(0, ...durations),
      totalBlockingTime: durations.reduce((sum, d) => sum + Math.max(0, d - 50), 0),
      longTasks: durations.length,
    };
  };
}

/** Resolves when `check` holds, testing after every DOM change under `root` (and once at once). */
function when(root: ShadowRoot, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const observer = new MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  });
}

async function rootOf(target: Target): Promise<ShadowRoot> {
  for (let i = 0; i < 1000; i += 1) {
    const root = target.root();
    if (root) return root;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error('no shadow root');
}

const count = (root: ShadowRoot) => root.querySelectorAll('li[data-comment]').length;

/**
 * A check that every comment of `thread` is in `root`, cheap enough to run after every DOM change: it
 * looks each comment up by its author element's id and remembers how far it got, so a render that adds
 * comments in document order costs a lookup per new comment, not a walk of the whole tree (at 5,000
 * comments `count` takes about 3 ms, which would land in every render slice's task). `count` confirms
 * the end once.
 */
function allPresent(root: ShadowRoot, thread: BenchThread): () => boolean {
  // The default sort's page: each top-level comment followed by its replies, near enough to the order
  // they render in.
  const ids = thread.pages.newest.map((c) => c.id);
  let found = 0;
  return () => {
    while (found < ids.length && root.getElementById(`author-${ids[found]}`)) found += 1;
    return found === ids.length && count(root) === ids.length;
  };
}

/** The time of the next trusted click anywhere (the event's own timestamp: when the input happened). */
function nextClick(): Promise<number> {
  return new Promise((resolve) =>
    addEventListener('click', (event) => resolve(event.timeStamp), { capture: true, once: true }),
  );
}

function center(element: Element | null): { x: number; y: number } {
  if (!element) throw new Error('nothing to click');
  element.scrollIntoView({ block: 'center', behavior: 'instant' });
  const rect = element.getBoundingClientRect();
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

export function installBench(target: Target): void {
  let data: BenchThread | null = null;
  let root: ShadowRoot | null = null;
  let vote: Promise<number> | null = null;
  let sort: Promise<{ firstPaint: number; allPaint: number; longestTask: number }> | null = null;

  window.bench = {
    async render(n) {
      data = benchThread(n);
      const thread = data;
      localStorage.clear(); // a remembered sort would change what renders
      await frame();
      // Mount in a task of its own, after the frame, as a page's script or an IntersectionObserver
      // callback would: not inside the frame's task with its style, layout and paint.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const stop = watchLongTasks();
      const start = performance.now();
      target.mount(thread);
      root = await rootOf(target);
      const shadow = root;
      await when(shadow, allPresent(shadow, thread));
      await frame();
      const end = await frame();
      return { ms: end - start, ...(await stop()) };
    },

    armVote() {
      const shadow = root;
      if (!shadow) throw new Error('render first');
      const button = shadow.querySelector(
        'ol.list > li > article button[data-action="vote"][data-value="1"]',
      );
      const score = button?.parentElement?.querySelector('.score');
      const before = score?.textContent;
      const clicked = nextClick();
      vote = (async () => {
        const at = await clicked;
        await when(shadow, () => score?.textContent !== before);
        return (await frame()) - at;
      })();
      return center(button ?? null);
    },

    voteDone: () => vote ?? Promise.reject(new Error('armVote first')),

    armSort(order) {
      const shadow = root;
      const thread = data;
      if (!shadow || !thread) throw new Error('render first');
      const expected = sortRoots(thread.roots, order).map((c) => c.id);
      const n = thread.comments.length;
      const firstId = () => shadow.querySelector<HTMLElement>('ol.list > li')?.dataset.comment;
      const inOrder = () => {
        const items = shadow.querySelector('ol.list')?.children ?? [];
        if (items.length !== expected.length) return false;
        for (let i = 0; i < items.length; i += 1)
          if ((items[i] as HTMLElement).dataset.comment !== expected[i]) return false;
        return count(shadow) === n;
      };
      const clicked = nextClick();
      const button = shadow.querySelector(`button[data-action="sort"][data-sort="${order}"]`);
      sort = (async () => {
        const stop = watchLongTasks();
        const at = await clicked;
        await when(shadow, () => firstId() === expected[0]);
        const firstPaint = (await frame()) - at;
        await when(shadow, inOrder);
        const allPaint = (await frame()) - at;
        return { firstPaint, allPaint, longestTask: (await stop()).longestTask };
      })();
      return center(button);
    },

    sortDone: () => sort ?? Promise.reject(new Error('armSort first')),

    nodes() {
      const shadow = root;
      if (!shadow) throw new Error('render first');
      const walker = document.createTreeWalker(shadow, NodeFilter.SHOW_ALL);
      let nodes = 0;
      let elements = 0;
      while (walker.nextNode()) {
        nodes += 1;
        if (walker.currentNode.nodeType === Node.ELEMENT_NODE) elements += 1;
      }
      return { nodes, elements, comments: count(shadow) };
    },
  };
}
