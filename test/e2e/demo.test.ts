import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { comment, openDemo } from './demo-page';
import { type ServerProcess, startServer } from './server-process';

describe('the demo news page on `npm start` (real server process, embedded PGlite)', () => {
  let browser: Browser;
  let server: ServerProcess;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'threadline-e2e-'));
    [browser, server] = await Promise.all([launchChromium(), startServer({ THREADLINE_DATA_DIR: dataDir })]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('posts, replies, votes, edits and deletes, and all of it survives a reload and a server restart', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    let widget = await openDemo(page, server.url);
    await expect.poll(() => widget.locator('#count').textContent()).toBe('44 comments');

    await widget.getByLabel('Your comment').fill('Hello from the end-to-end test');
    await widget.getByLabel('Your name').fill('Erin Tester');
    await widget.getByRole('button', { name: 'Post comment' }).click();
    const mine = comment(widget, 'Hello from the end-to-end test');
    await mine.waitFor();
    await expect.poll(() => widget.locator('#count').textContent()).toBe('45 comments');

    await mine.getByRole('button', { name: 'Reply' }).click();
    await widget.getByLabel('Your reply to Erin Tester').fill('A reply to myself');
    await widget.getByRole('button', { name: 'Post reply' }).click();
    await comment(widget, 'A reply to myself').waitFor();

    const jonah = comment(widget, 'Save the Heron petition');
    await expect.poll(() => jonah.locator('.score').textContent()).toBe('1');
    await jonah.getByRole('button', { name: 'Upvote' }).click();
    await expect.poll(() => jonah.locator('.score').textContent()).toBe('2');

    await mine.getByRole('button', { name: 'Edit' }).click();
    await widget.getByLabel('Edit your comment').fill('Hello, **edited** by the test');
    await widget.getByRole('button', { name: 'Save' }).click();
    const edited = comment(widget, 'Hello, edited by the test');
    await edited.locator('strong').waitFor();

    const mineAgain = () =>
      widget
        .locator('li[data-comment]')
        .filter({ has: page.locator('> article', { hasText: 'edited by the test' }) });
    const id = await mineAgain().getAttribute('data-comment');
    await edited.getByRole('button', { name: 'Delete' }).click();
    await edited.getByRole('button', { name: 'Delete' }).click();
    const tombstone = widget.locator(`li[data-comment="${id}"]`);
    await tombstone.locator('> article .tombstone').waitFor();

    const check = async () => {
      await expect.poll(() => widget.locator('#count').textContent()).toBe('45 comments');
      await tombstone.locator('> article .tombstone').waitFor();
      await expect.poll(() => tombstone.locator('> ol.replies').textContent()).toContain('A reply to myself');
      await expect.poll(() => jonah.locator('.score').textContent()).toBe('2');
      expect(await jonah.getByRole('button', { name: 'Upvote' }).getAttribute('aria-pressed')).toBe('true');
    };

    await page.reload();
    widget = page.locator('threadline-comments');
    await widget.scrollIntoViewIfNeeded();
    await check();

    await server.stop();
    server = await startServer({ THREADLINE_DATA_DIR: dataDir }, server.port);
    widget = await openDemo(page, server.url);
    await check();
    expect(errors).toEqual([]);
    await context.close();
  });
});
