/**
 * The widget on the demo article (lazy, fed by the in-page memory backend): layout shift while a reader
 * scrolls down to the comments, and vote and reply latency there. In-page code is passed as strings so
 * nothing the TypeScript loader adds to functions reaches the browser.
 */
import type { Page } from 'playwright';

export interface DemoFigures {
  /** Sum of layout-shift entries without recent input, page load through the comments being shown. */
  cumulativeLayoutShift: number;
  shifts: number;
  /** What moved in each shift (from the entries' sources), so a shift can be traced to its cause. */
  shiftSources: string[];
  /** Data requests before the reader scrolled: 0 means nothing loaded until needed. */
  commentsBeforeScroll: number;
  commentsAfterScroll: number;
  votePaint: number;
  replyPaint: number;
  /** Click to the change being in the DOM (script only; the frame that shows it comes after). */
  voteDom: number;
  replyDom: number;
}

const OBSERVE_SHIFTS = `(() => {
  window.__shifts = [];
  const name = (node) =>
    !node ? '?' : node.nodeType === 1 ? node.localName + (node.id ? '#' + node.id : '') + (node.className ? '.' + String(node.className).split(' ')[0] : '') : node.nodeName;
  const box = (r) => Math.round(r.y) + '+' + Math.round(r.height);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      const moved = e.sources.map((s) => name(s.node) + ' ' + box(s.previousRect) + '→' + box(s.currentRect));
      window.__shifts.push({ value: e.value, at: Math.round(e.startTime), moved: moved.join(', ') });
    }
  }).observe({ type: 'layout-shift', buffered: true });
})()`;

const COUNT = `(() => {
  const root = document.querySelector('threadline-comments')?.shadowRoot;
  return root ? root.querySelectorAll('li[data-comment]').length : 0;
})()`;

/** Arms a timed click: `target` is an expression for the element (given `root`), `done` a condition. */
const arm = (target: string, done: string) => `(() => {
  const root = document.querySelector('threadline-comments').shadowRoot;
  const el = ${target};
  el.scrollIntoView({ block: 'center', behavior: 'instant' });
  const snapshot = el.closest('li')?.querySelector('.score')?.textContent;
  window.__timed = new Promise((resolve) => {
    addEventListener('click', (event) => {
      const at = event.timeStamp;
      const check = () => ${done};
      const finish = () => {
        const dom = performance.now() - at;
        requestAnimationFrame(() => resolve({ dom, paint: performance.now() - at }));
      };
      if (check()) return finish();
      const observer = new MutationObserver(() => {
        if (!check()) return;
        observer.disconnect();
        finish();
      });
      observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    }, { capture: true, once: true });
  });
  window.__point = () => {
    const r = el.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  };
})()`;

async function timedClick(page: Page, target: string, done: string): Promise<{ dom: number; paint: number }> {
  await page.evaluate(arm(target, done));
  await page.waitForTimeout(150); // scrolled and painted; also past the 500 ms of any earlier input
  const point = await page.evaluate<{ x: number; y: number }>('window.__point()');
  await page.mouse.click(point.x, point.y);
  return page.evaluate<{ dom: number; paint: number }>('window.__timed');
}

export async function measureDemo(page: Page, url: string): Promise<DemoFigures> {
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(OBSERVE_SHIFTS);
  await page.waitForTimeout(500);
  const commentsBeforeScroll = await page.evaluate<number>(COUNT);
  // Scroll down the article as a reader would, half a screen at a time.
  for (let i = 0; i < 60; i += 1) {
    const atEnd = await page.evaluate<boolean>(
      '(() => { scrollBy(0, innerHeight / 2); return innerHeight + scrollY >= document.body.scrollHeight - 2; })()',
    );
    await page.waitForTimeout(120);
    if (atEnd) break;
  }
  await page.waitForFunction(`${COUNT} > 0`, undefined, { timeout: 10_000 });
  await page.waitForTimeout(500);
  const shifts = await page.evaluate<{ value: number; at: number; moved: string }[]>('window.__shifts');
  const commentsAfterScroll = await page.evaluate<number>(COUNT);
  const vote = await timedClick(
    page,
    `root.querySelector('ol.list > li > article button[data-action="vote"][data-value="1"]')`,
    `el.closest('li').querySelector('.score').textContent !== snapshot`,
  );
  const reply = await timedClick(
    page,
    `root.querySelector('ol.list > li > article button[data-action="reply"]')`,
    `!!el.closest('article').querySelector('form.inline-composer')`,
  );
  return {
    cumulativeLayoutShift: shifts.reduce((sum, shift) => sum + shift.value, 0),
    shifts: shifts.length,
    shiftSources: shifts.map((shift) => `${shift.value.toFixed(4)} at ${shift.at} ms: ${shift.moved}`),
    commentsBeforeScroll,
    commentsAfterScroll,
    votePaint: vote.paint,
    replyPaint: reply.paint,
    voteDom: vote.dom,
    replyDom: reply.dom,
  };
}
