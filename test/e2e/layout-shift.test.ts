import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { type ServerProcess, startServer } from './server-process';

/** Records every layout shift not caused by the reader's own click or key (scrolling is not input). */
const OBSERVE_SHIFTS = `
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      const moved = entry.sources.map((s) => (s.node?.nodeName ?? '?') + ' ' + Math.round(s.previousRect.y) + '→' + Math.round(s.currentRect.y));
      window.__shifts.push(entry.value.toFixed(4) + ' ' + moved.join(', '));
    }
  }).observe({ type: 'layout-shift', buffered: true });
`;

describe('the demo article while a reader scrolls down to the comments (real server)', () => {
  let browser: Browser;
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'threadline-cls-'));
    [browser, server] = await Promise.all([launchChromium(), startServer({ THREADLINE_DATA_DIR: dataDir })]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['a phone', { width: 412, height: 823 }],
    ['a desktop', { width: 1280, height: 900 }],
  ])('shifts nothing on %s: the widget loads and takes its space below the viewport', async (_, viewport) => {
    const page = await browser.newPage({ viewport });
    await page.addInitScript(OBSERVE_SHIFTS);
    await page.goto(`${server.url}/demo/`, { waitUntil: 'load' });
    const widget = page.locator('threadline-comments');
    // Scroll as a reader does, a wheel step at a time, until the first comment is in view.
    for (let step = 0; step < 200; step += 1) {
      if (await widget.locator('article').first().isVisible()) {
        if (
          await widget
            .locator('article')
            .first()
            .evaluate((el) => el.getBoundingClientRect().top < innerHeight)
        )
          break;
      }
      await page.mouse.wheel(0, viewport.height / 3);
      await page.waitForTimeout(30);
    }
    await widget.locator('article').first().waitFor();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await page.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts)).toEqual([]);
    await page.close();
  });
});
