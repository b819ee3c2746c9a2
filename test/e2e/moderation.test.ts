/**
 * Moderation as readers and a moderator meet it, in Chromium against the real server process: a held
 * comment only its author sees (also after a reload), a moderator approving it from the widget while
 * another reader watches it arrive live, and reports that hide a comment from that reader.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { Browser, Locator, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { type ServerProcess, startServer } from './server-process';

const THREAD = 'moderated-e2e';
const JWT_SECRET = 'e2e-moderation-secret-long-enough-for-hs256';
const PAGE = '/moderation-test.html';

describe('moderation in the widget, against the real server', () => {
  let server: ServerProcess;
  let browser: Browser;
  let data: string;
  let moderatorToken: string;

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'threadline-moderation-'));
    [server, browser] = await Promise.all([
      startServer({
        THREADLINE_DATA_DIR: data,
        THREADLINE_JWT_SECRET: JWT_SECRET,
        THREADLINE_REPORT_THRESHOLD: '2',
        // Every reader here is a page on 127.0.0.1 with its own live stream: one address, many readers.
        THREADLINE_RATE_WRITES_PER_ADDRESS: '1000',
        THREADLINE_RATE_READS_PER_ADDRESS: '100000',
        THREADLINE_MAX_STREAMS_PER_CLIENT: '100',
      }),
      launchChromium(),
    ]);
    moderatorToken = await new SignJWT({ name: 'Night Desk', role: 'moderator' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('desk')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const res = await fetch(`${server.url}/api/threads/${THREAD}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${moderatorToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ policy: 'premoderate' }),
    });
    expect(res.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  /** Loads a page of the server's origin with the widget on the test thread. */
  async function mount(page: Page, token?: string): Promise<Locator> {
    // A plain article page on the server's own origin (the browser answers it; script and API are real).
    await page.route(`${server.url}${PAGE}`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><title>Moderated</title><main><script src="/threadline.js"></script><threadline-comments thread="${THREAD}" adapter="rest" api="/api" loading="eager"${
          token ? ` token="${token}"` : ''
        }></threadline-comments></main></html>`,
      }),
    );
    await page.goto(`${server.url}${PAGE}`);
    const widget = page.locator('threadline-comments');
    await widget.locator('form[data-form="root"]').waitFor();
    return widget;
  }

  /** A reader of their own (own storage, so their own guest identity). */
  async function reader(token?: string): Promise<{ page: Page; widget: Locator }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    return { page, widget: await mount(page, token) };
  }

  /** A comment that arrived live: top-level ones wait behind the "new comments" button. */
  async function arrived(widget: Locator, body: string): Promise<void> {
    await widget.getByRole('button', { name: /new comment/ }).click({ timeout: 10_000 });
    await comment(widget, body).waitFor();
  }

  /** Posts through the composer; a guest gives a name (waiting for its field), a signed-in reader none. */
  async function post(widget: Locator, body: string, name?: string): Promise<void> {
    await widget.getByLabel('Your comment').fill(body);
    if (name !== undefined) await widget.getByLabel('Your name').fill(name);
    await widget.getByRole('button', { name: 'Post comment' }).click();
  }

  const comment = (widget: Locator, body: string) => widget.locator('article.comment', { hasText: body });

  it('shows a held comment to its author only, marked, across a reload; says so before anyone writes', async () => {
    const author = await reader();
    await expect
      .poll(() => author.widget.getByText('Comments are reviewed by a moderator before they appear.').count())
      .toBe(1);
    await post(author.widget, 'Held for review', 'Ann Author');
    await comment(author.widget, 'Held for review').getByText('Awaiting moderation').waitFor();
    await author.widget.getByText('once a moderator has approved it').waitFor();
    const reloaded = await mount(author.page);
    await comment(reloaded, 'Held for review').getByText('Awaiting moderation').waitFor();

    const other = await reader();
    await other.widget.getByText('No comments yet').waitFor();
    expect(await comment(other.widget, 'Held for review').count()).toBe(0);
  });

  it('lets a moderator approve it in the widget while another reader sees it arrive live', async () => {
    const watcher = await reader();
    const moderator = await reader(moderatorToken);
    const held = comment(moderator.widget, 'Held for review');
    await held.getByText('Awaiting moderation').waitFor();
    await held.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => held.getByText('Awaiting moderation').count()).toBe(0);
    // The reader did nothing: the approval reached them as a live event.
    await arrived(watcher.widget, 'Held for review');
  });

  it('lets a moderator reject with a reason that the author then reads', async () => {
    const author = await reader();
    await post(author.widget, 'Please reject me', 'Rex Reader');
    await comment(author.widget, 'Please reject me').getByText('Awaiting moderation').waitFor();
    const moderator = await reader(moderatorToken);
    const held = comment(moderator.widget, 'Please reject me');
    await held.getByRole('button', { name: 'Reject' }).click();
    const form = moderator.widget.locator('form.report-form');
    await form.getByLabel('Why? (the author sees this)').fill('Off-topic for this article.');
    await form.getByRole('button', { name: 'Reject' }).click();
    await held.getByText('Not published: Off-topic for this article.').waitFor();
    const again = await mount(author.page);
    await comment(again, 'Please reject me')
      .getByText('Not published: Off-topic for this article.')
      .waitFor();
  });

  it('lets a moderator ban an author, who is then told so when writing again', async () => {
    const author = await reader();
    await post(author.widget, 'Trouble brewing', 'Bo Banned');
    await comment(author.widget, 'Trouble brewing').waitFor();
    const moderator = await reader(moderatorToken);
    await comment(moderator.widget, 'Trouble brewing').getByRole('button', { name: 'Ban Bo Banned' }).click();
    const form = moderator.widget.locator('form.report-form');
    await form.getByLabel('This reader', { exact: true }).check();
    await form.getByLabel('1 day', { exact: true }).check();
    await form.getByLabel('Reason (for the moderators’ log)').fill('Spamming links');
    await form.getByRole('button', { name: 'Ban', exact: true }).click();
    await moderator.widget.getByText('The author is banned.').waitFor();
    await author.widget.getByLabel('Your comment').fill('Let me back in');
    await author.widget.getByRole('button', { name: 'Post comment' }).click();
    await author.widget.getByText('A moderator has stopped you from commenting here for now.').waitFor();
  });

  it('hides a comment from readers once reports from two readers are in', async () => {
    const moderator = await reader(moderatorToken);
    await post(moderator.widget, 'A contested remark');
    await comment(moderator.widget, 'A contested remark').waitFor();
    const watcher = await reader();
    await comment(watcher.widget, 'A contested remark').waitFor();

    for (let i = 0; i < 2; i++) {
      const { widget } = await reader();
      const target = comment(widget, 'A contested remark');
      await target.getByRole('button', { name: 'Report Night Desk’s comment' }).click();
      const form = widget.locator('form.report-form');
      // Illegal content needs an explanation: the form says so and keeps the report.
      await form.getByLabel('Illegal content', { exact: true }).check();
      await form.getByRole('button', { name: 'Send report' }).click();
      await form.getByText('Please say what is illegal about this comment.').waitFor();
      await form.getByLabel('Abusive or harassing', { exact: true }).check();
      await form.getByRole('button', { name: 'Send report' }).click();
      await widget.getByText('Thanks for the report.').waitFor();
      expect(await widget.locator('form.report-form').count()).toBe(0);
    }
    await expect
      .poll(() => comment(watcher.widget, 'A contested remark').count(), { timeout: 10_000 })
      .toBe(0);
  });

  it('refuses a guest name that looks like the moderator’s, saying why, and keeps the text', async () => {
    const { widget } = await reader();
    await widget.getByLabel('Your comment').fill('Posing as staff');
    await widget.getByLabel('Your name').fill('Night Dеsk'); // a Cyrillic е
    await widget.getByRole('button', { name: 'Post comment' }).click();
    await widget
      .getByText('That name is taken by, or looks like, a signed-in reader’s name.', { exact: false })
      .waitFor();
    expect(await widget.getByLabel('Your comment').inputValue()).toBe('Posing as staff');
    expect(await comment(widget, 'Posing as staff').count()).toBe(0);
  });
});

describe('npm start’s demo moderator link', () => {
  it('signs the demo page in as a moderator, who can pin a comment there', async () => {
    const data = mkdtempSync(join(tmpdir(), 'threadline-demo-mod-'));
    const [server, browser] = await Promise.all([
      startServer({ THREADLINE_DATA_DIR: data }),
      launchChromium(),
    ]);
    try {
      const link = /http:\/\/\S+\/demo\/#moderator=[\w.-]+/.exec(server.output())?.[0];
      expect(link).toBeDefined();
      const page = await browser.newPage();
      await page.goto((link ?? '').replace(/^http:\/\/[^/]+/, server.url));
      await page.getByText('Signed in as the demo moderator').waitFor();
      expect(page.url()).not.toContain('moderator='); // the token leaves the address bar
      const widget = page.locator('threadline-comments');
      await widget.scrollIntoViewIfNeeded();
      await widget.getByRole('button', { name: 'Pin' }).first().waitFor({ timeout: 15_000 });
    } finally {
      await browser.close();
      await server.stop();
      rmSync(data, { recursive: true, force: true });
    }
  });
});
