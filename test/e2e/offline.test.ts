import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { comment, openDemo } from './demo-page';
import { type ServerProcess, startServer } from './server-process';

const THREAD = 'tidewater-night-ferry';

/** The top-level comments' own articles, in page order. */
function topLevel(widget: Locator): Locator {
  return widget.locator('ol.list > li[data-comment] > article');
}

describe('a post made offline in Chromium (real server process, embedded PGlite)', () => {
  let browser: Browser;
  let server: ServerProcess;
  let dataDir: string;

  /** What the server has stored with this body, asked over its HTTP API (not through the widget). */
  async function storedWith(body: string): Promise<number> {
    const response = await fetch(
      `${server.url}/api/threads/${THREAD}/comments?sort=newest&limit=100&replies=0`,
    );
    const page = (await response.json()) as { comments: { body: string }[] };
    return page.comments.filter((c) => c.body === body).length;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'threadline-offline-'));
    [browser, server] = await Promise.all([launchChromium(), startServer({ THREADLINE_DATA_DIR: dataDir })]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is marked pending, appears once in the right place when back online, and is not duplicated by a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    let widget = await openDemo(page, server.url);
    await expect.poll(() => widget.locator('#count').textContent()).toBe('44 comments');
    const body = `Posted from a tunnel ${Date.now()}`;

    // DevTools network emulation: the browser is offline (fetch fails, navigator.onLine is false).
    await context.setOffline(true);
    await widget.getByLabel('Your comment').fill(body);
    await widget.getByLabel('Your name').fill('Otto Offline');
    await widget.getByRole('button', { name: 'Post comment' }).click();

    const mine = comment(widget, body);
    await expect.poll(() => mine.textContent(), { timeout: 15_000 }).toContain('Not sent yet — will retry');
    expect(await widget.locator('[part="notice"]').textContent()).toContain(
      'will be sent when the connection is back',
    );
    expect(await widget.getByLabel('Your comment').inputValue()).toBe('');
    const outbox = await page.evaluate((t) => localStorage.getItem(`threadline:outbox:${t}`), THREAD);
    expect(outbox).toContain(body);
    expect(await storedWith(body)).toBe(0);

    await context.setOffline(false);
    await expect.poll(() => mine.textContent(), { timeout: 20_000 }).not.toContain('Not sent yet');
    await expect.poll(() => mine.textContent()).not.toContain('Sending');
    // Once, and where a new comment goes in the Newest order: first, below the pinned editors' note.
    await expect.poll(() => comment(widget, body).count()).toBe(1);
    expect(await topLevel(widget).first().textContent()).toContain('Pinned');
    expect(await topLevel(widget).nth(1).textContent()).toContain(body);
    await expect.poll(() => widget.locator('#count').textContent()).toBe('45 comments');
    expect(await storedWith(body)).toBe(1);
    expect(await page.evaluate((t) => localStorage.getItem(`threadline:outbox:${t}`), THREAD)).toBeNull();

    await page.reload();
    widget = page.locator('threadline-comments');
    await widget.scrollIntoViewIfNeeded();
    await comment(widget, body).first().waitFor();
    await expect.poll(() => widget.locator('#count').textContent()).toBe('45 comments');
    expect(await comment(widget, body).count()).toBe(1);
    expect(await topLevel(widget).nth(1).textContent()).toContain(body);
    expect(await comment(widget, body).textContent()).not.toContain('Not sent yet');
    expect(await storedWith(body)).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
