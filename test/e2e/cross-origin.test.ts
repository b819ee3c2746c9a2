import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { articlePage, type HostServer, startHost } from './host-server';
import { type ServerProcess, startServer } from './server-process';

/**
 * The README's embed on a news site at another origin than the comment server: the page comes from the
 * site's server, the script tag, the chunks and the API from the reference server (`npm start`, a real
 * process). http://127.0.0.1:<site port> is the allowed origin; http://localhost:<site port> is the same
 * page at an origin that THREADLINE_ORIGINS does not list.
 */
describe('the widget embedded from the comment server on a page at another origin', () => {
  let browser: Browser;
  let server: ServerProcess;
  let site: HostServer;
  let dataDir: string;
  let allowed: string;
  let refused: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'threadline-cross-origin-'));
    [browser, site] = await Promise.all([launchChromium(), startHost()]);
    allowed = site.url;
    refused = site.url.replace('127.0.0.1', 'localhost');
    server = await startServer({ THREADLINE_DATA_DIR: dataDir, THREADLINE_ORIGINS: allowed });
    site.pages.set(
      '/article.html',
      articlePage(
        `<threadline-comments thread="tidewater-night-ferry" adapter="rest" api="${server.url}" locale="en"></threadline-comments>`,
        { screens: 2, script: `${server.url}/threadline.js` },
      ),
    );
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop(), site?.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Opens the article at `origin`, scrolls to the comments as a reader does, and collects the console. */
  async function read(origin: string): Promise<{ page: Page; warnings: string[]; errors: string[] }> {
    const page = await browser.newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(`${origin}/article.html`);
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    return { page, warnings, errors };
  }

  it('shows the thread and posts to it when the page’s origin is in THREADLINE_ORIGINS', async () => {
    const { page, warnings, errors } = await read(allowed);
    const widget = page.locator('threadline-comments');
    await widget.locator('article').first().waitFor();
    await widget.getByLabel('Your name').fill('Cross Origin');
    await widget.getByLabel('Your comment').fill('Posted from the news site.');
    await widget.getByRole('button', { name: 'Post comment' }).click();
    await widget.locator('article', { hasText: 'Posted from the news site.' }).waitFor();
    await page.reload();
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    await widget.locator('article', { hasText: 'Posted from the news site.' }).waitFor();
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.includes('[threadline]'))).toEqual([]);
    await page.close();
  });

  it('tells the reader plainly and the developer which origin to allow when it is not listed', async () => {
    const { page, warnings, errors } = await read(refused);
    const shown = () =>
      page.evaluate(() => document.querySelector('threadline-comments')?.shadowRoot?.textContent ?? '');
    await expect.poll(shown, { timeout: 15_000 }).toContain('not available on this page');
    expect(await shown()).not.toMatch(/connection/i);
    expect(warnings).toContainEqual(expect.stringContaining('THREADLINE_ORIGINS'));
    expect(warnings).toContainEqual(expect.stringContaining(refused));
    expect(warnings).toContainEqual(expect.stringContaining('(THREADLINE_ORIGIN_NOT_ALLOWED)'));
    expect(errors).toEqual([]);
    await page.close();
  });
});
