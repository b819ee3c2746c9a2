/**
 * One bench page (Threadline or baseline) at one thread size: each repetition loads a fresh page,
 * renders the thread, then measures heap, DOM, listeners, idle CPU, votes and a sort switch. Figures are
 * medians over the repetitions.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright';
import type { RenderFigures } from './pages/harness';

export interface KindFigures {
  renderMs: number;
  longestTask: number;
  totalBlockingTime: number;
  heapMiB: number;
  nodes: number;
  elements: number;
  nodesPerComment: number;
  listeners: number;
  listenersPerComment: number;
  idleCpuPercent: number;
  votePaint: number;
  sortFirstPaint: number;
  sortAllPaint: number;
  sortLongestTask: number;
  samples: Record<string, number[]>;
}

const VOTES = 5;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Loads a bench page and renders a small thread once, measuring nothing. A fresh browser's first page
 * pays one-time costs (every script is compiled for the first time, the first text is laid out) that
 * would otherwise land on whichever page the run measures first.
 */
export async function warmUp(context: BrowserContext, url: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction('!!window.bench');
    await page.evaluate('window.bench.render(100)');
  } finally {
    await page.close();
  }
}

/** Every listener on the page (window, document, all elements, all shadow roots), via DevTools' API. */
const COUNT_LISTENERS = `(() => {
  let listeners = 0;
  const count = (target) => { for (const list of Object.values(getEventListeners(target))) listeners += list.length; };
  const visit = (root) => {
    count(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    while (walker.nextNode()) {
      count(walker.currentNode);
      if (walker.currentNode.shadowRoot) visit(walker.currentNode.shadowRoot);
    }
  };
  count(window);
  visit(document);
  return listeners;
})()`;

async function metric(cdp: CDPSession, name: string): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return metrics.find((m) => m.name === name)?.value ?? Number.NaN;
}

async function click(page: Page, point: { x: number; y: number }): Promise<void> {
  await page.waitForTimeout(100); // let the scroll into view settle and paint
  await page.mouse.click(point.x, point.y);
}

export async function measureKind(
  context: BrowserContext,
  url: string,
  n: number,
  reps: number,
): Promise<KindFigures> {
  const samples: Record<string, number[]> = {};
  const add = (key: string, value: number) => {
    samples[key] ??= [];
    samples[key].push(value);
  };
  for (let rep = 0; rep < reps; rep += 1) {
    const page = await context.newPage();
    try {
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction('!!window.bench');
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');

      const render = await page.evaluate<RenderFigures>(`window.bench.render(${n})`);
      add('renderMs', render.ms);
      add('longestTask', render.longestTask);
      add('totalBlockingTime', render.totalBlockingTime);

      // Idle: main-thread task time over one second with nobody touching the page.
      const busyBefore = await metric(cdp, 'TaskDuration');
      await page.waitForTimeout(1000);
      const busyAfter = await metric(cdp, 'TaskDuration');
      add('idleCpuPercent', ((busyAfter - busyBefore) / 1) * 100);

      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      add('heapMiB', heap.usedSize / 2 ** 20);

      if (rep === 0) {
        const dom = await page.evaluate<{ nodes: number; elements: number; comments: number }>(
          'window.bench.nodes()',
        );
        add('nodes', dom.nodes);
        add('elements', dom.elements);
        const listeners = (await cdp.send('Runtime.evaluate', {
          expression: COUNT_LISTENERS,
          includeCommandLineAPI: true,
          returnByValue: true,
        })) as { result: { value: number } };
        add('listeners', listeners.result.value);
      }

      for (let v = 0; v < VOTES; v += 1) {
        await click(page, await page.evaluate<{ x: number; y: number }>('window.bench.armVote()'));
        add('votePaint', await page.evaluate<number>('window.bench.voteDone()'));
      }

      await click(page, await page.evaluate<{ x: number; y: number }>(`window.bench.armSort('oldest')`));
      const sort = await page.evaluate<{ firstPaint: number; allPaint: number; longestTask: number }>(
        'window.bench.sortDone()',
      );
      add('sortFirstPaint', sort.firstPaint);
      add('sortAllPaint', sort.allPaint);
      add('sortLongestTask', sort.longestTask);
      await cdp.detach();
    } finally {
      await page.close();
    }
  }
  const m = (key: string) => median(samples[key] ?? []);
  return {
    renderMs: m('renderMs'),
    longestTask: m('longestTask'),
    totalBlockingTime: m('totalBlockingTime'),
    heapMiB: m('heapMiB'),
    nodes: m('nodes'),
    elements: m('elements'),
    nodesPerComment: m('nodes') / n,
    listeners: m('listeners'),
    listenersPerComment: m('listeners') / n,
    idleCpuPercent: m('idleCpuPercent'),
    votePaint: m('votePaint'),
    sortFirstPaint: m('sortFirstPaint'),
    sortAllPaint: m('sortAllPaint'),
    sortLongestTask: m('sortLongestTask'),
    samples,
  };
}
