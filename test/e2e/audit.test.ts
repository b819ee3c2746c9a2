/**
 * A site's own accessibility audit of the demo pages, as a site runs it: axe-core over the whole page
 * with nothing about the widget changed for the scan, in light and dark, right after the widget renders
 * and again after the reader has scrolled through the whole thread.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { type ServerProcess, startServer } from './server-process';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function audit(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    type Violation = { id: string; help: string; nodes: { target: unknown; failureSummary?: string }[] };
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run();
    return result.violations.map(
      (v) =>
        `${v.id}: ${v.help} at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => [n.target, n.failureSummary]))}`,
    );
  });
}

describe('a site audit of the demo pages (axe-core, real server)', () => {
  let browser: Browser;
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'threadline-audit-'));
    [browser, server] = await Promise.all([launchChromium(), startServer({ THREADLINE_DATA_DIR: dataDir })]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['the article', '/demo/', 'light'],
    ['the article', '/demo/', 'dark'],
    ['the dark opinion page', '/demo/theming.html', 'light'],
    ['the dark opinion page', '/demo/theming.html', 'dark'],
  ] as const)(
    'finds no violations on %s (%s) with an OS preferring %s, before and after scrolling the thread',
    async (_, path, scheme) => {
      // axe is injected as an inline script, which the pages' own strict CSP rightly forbids.
      const context = await browser.newContext({ bypassCSP: true, colorScheme: scheme });
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      const widget = page.locator('threadline-comments');
      await widget.scrollIntoViewIfNeeded();
      await widget.locator('article').first().waitFor();
      await page.addScriptTag({ content: axeSource });
      expect(await audit(page)).toEqual([]);
      // Every comment, then scrolled past by the reader, as a site's audit after reading would see it.
      const viewAll = widget.locator('button[data-action="view-all"]');
      if (await viewAll.count()) {
        await viewAll.click();
        await widget.locator('button[data-action="view-all"]').waitFor({ state: 'detached' });
      }
      await page.evaluate(async () => {
        for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
          scrollTo(0, y);
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        }
      });
      expect(await audit(page)).toEqual([]);
      await context.close();
    },
  );
});
