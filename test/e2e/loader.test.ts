import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { articlePage, type HostServer, startHost } from './host-server';

const WIDGET =
  '<threadline-comments thread="loader-thread" adapter="memory" locale="en"></threadline-comments>';

const embedRequests = (host: HostServer) => host.requests.filter((r) => r.path.startsWith('/embed/'));
const defined = (page: Page) => page.evaluate(() => customElements.get('threadline-comments') !== undefined);
/** Lets the page run a few frames (observers report in the frame after a change). */
const settle = (page: Page) =>
  page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 200))),
      ),
  );

describe('the loader (dist/threadline.js): nothing until the reader nears the comments', () => {
  let browser: Browser;
  let host: HostServer;
  let page: Page;

  beforeAll(async () => {
    [browser, host] = await Promise.all([launchChromium(), startHost()]);
  });

  afterEach(async () => {
    await page?.close();
    host.requests.length = 0;
    host.delays.clear();
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), host?.close()]);
  });

  async function open(html: string): Promise<Page> {
    host.pages.set('/article.html', html);
    page = await browser.newPage({ viewport: { width: 412, height: 823 } });
    await page.goto(`${host.url}/article.html`, { waitUntil: 'load' });
    await settle(page);
    return page;
  }

  it('fetches and runs none of the widget’s code while the comments are screens below', async () => {
    await open(articlePage(WIDGET));
    const paths = host.requests.map((r) => r.path).filter((path) => path !== '/favicon.ico');
    expect(paths).toEqual(['/article.html', '/threadline.js']);
    expect(await defined(page)).toBe(false);
  });

  it('loads the elements when the comments come within a screen, and every chunk they need at once', async () => {
    // The entry chunk arrives late: what the widget needs after it must have started before it arrives.
    host.delays.set('/embed/threadline.js', 500);
    await open(articlePage(WIDGET));
    await page.evaluate(() => {
      const widget = document.querySelector('threadline-comments') as HTMLElement;
      scrollTo(0, widget.offsetTop - 1.5 * innerHeight);
    });
    const widget = page.locator('threadline-comments');
    await widget.getByRole('button', { name: 'Post comment' }).waitFor();
    const entry = embedRequests(host).find((r) => r.path === '/embed/threadline.js');
    const memory = embedRequests(host).find((r) => /^\/embed\/memory-[\w-]{8}\.js$/.test(r.path));
    const parse = embedRequests(host).find((r) => /^\/embed\/parse-[\w-]{8}\.js$/.test(r.path));
    expect(entry).toBeDefined();
    // Requested beside the entry (preloaded), not after it arrived and ran.
    expect(memory?.at).toBeLessThan((entry?.at ?? 0) + 400);
    expect(parse?.at).toBeLessThan((entry?.at ?? 0) + 400);
    // The backend, its parser and the check on what it returns.
    expect(await page.locator('link[rel="modulepreload"]').count()).toBe(3);
    // Each chunk once: the preloaded module is the one the entry imports.
    const paths = embedRequests(host).map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('preloads the catalog of the widget’s language and the backend its adapter attribute names', async () => {
    await open(
      articlePage(
        '<threadline-comments thread="t" adapter="rest" api="/api" locale="de-AT" loading="eager"></threadline-comments>',
      ),
    );
    const preloads = await page.$$eval('link[rel="modulepreload"]', (links) =>
      links.map((l) => new URL((l as HTMLLinkElement).href).pathname),
    );
    expect(preloads.sort()).toEqual([
      expect.stringMatching(/^\/embed\/accept-[\w-]{8}\.js$/),
      expect.stringMatching(/^\/embed\/de-[\w-]{8}\.js$/),
      expect.stringMatching(/^\/embed\/rest-[\w-]{8}\.js$/),
    ]);
  });

  it('loads at once for a widget with loading="eager", wherever it is', async () => {
    await open(articlePage(WIDGET.replace('locale="en"', 'locale="en" loading="eager"')));
    await page.locator('threadline-comments').getByRole('button', { name: 'Post comment' }).waitFor();
    expect(await defined(page)).toBe(true);
  });

  it('finds a widget a script adds later, and waits until that one is near too', async () => {
    await open(articlePage(''));
    await page.evaluate((html) => {
      document.querySelector('main')?.insertAdjacentHTML('beforeend', `<section>${html}</section>`);
    }, WIDGET);
    await settle(page);
    expect(embedRequests(host)).toEqual([]);
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    await page.locator('threadline-comments').getByRole('button', { name: 'Post comment' }).waitFor();
  });

  it('loads at once for a widget near the top of a short page', async () => {
    await open(articlePage(WIDGET, { screens: 0 }));
    await page.locator('threadline-comments').getByRole('button', { name: 'Post comment' }).waitFor();
  });

  it('loads nothing and says why when it is not run from a <script src> (inlined into the page)', async () => {
    const loader = readFileSync(new URL('../../dist/threadline.js', import.meta.url), 'utf8');
    const html = articlePage(WIDGET.replace('locale="en"', 'loading="eager"')).replace(
      '<script src="/threadline.js" async></script>',
      `<script>${loader.replace(/\/\/# sourceMappingURL=.*/, '')}</script>`,
    );
    host.pages.set('/article.html', html);
    page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (message) => {
      if (!message.text().startsWith('Failed to load resource')) messages.push(message.text()); // favicon
    });
    page.on('pageerror', (error) => messages.push(error.message));
    await page.goto(`${host.url}/article.html`, { waitUntil: 'load' });
    await settle(page);
    expect(messages).toEqual([expect.stringContaining('(THREADLINE_NO_SCRIPT_SRC)')]);
    expect(embedRequests(host)).toEqual([]);
  });
});
