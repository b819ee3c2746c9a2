/**
 * Scale-out, for real: two server processes on 127.0.0.1 share one PostgreSQL server. A Chromium page on
 * process B's demo page sees, within a second, a comment and a vote made through process A's API —
 * in an EventSource opened in the page, and in the widget itself.
 */

import { startPostgres, type TestPostgres } from '@threadline/server/test-support/postgres';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { type ServerProcess, startServer } from './server-process';

const THREAD = 'tidewater-night-ferry'; // the demo page's thread
const LIMITS = {
  THREADLINE_RATE_WRITES_PER_ADDRESS: '1000',
  THREADLINE_RATE_WRITES_PER_IDENTITY: '1000',
};

interface Arrival {
  at: number;
  data: string;
}

declare global {
  interface Window {
    liveArrivals?: Record<string, Arrival[]>;
  }
}

/** Opens `new EventSource(url)` in the page, records every event by type, resolves once it is live. */
async function listenInPage(page: Page, url: string): Promise<void> {
  await page.evaluate(
    (src) =>
      new Promise<void>((resolve, reject) => {
        const arrivals: Record<string, Arrival[]> = {};
        window.liveArrivals = arrivals;
        const es = new EventSource(src);
        for (const type of ['comment-created', 'vote-changed', 'ready']) {
          es.addEventListener(type, (e) => {
            const list = arrivals[type] ?? [];
            arrivals[type] = list;
            list.push({ at: Date.now(), data: (e as MessageEvent<string>).data });
            if (type === 'ready') resolve();
          });
        }
        es.onerror = () => reject(new Error(`EventSource failed (readyState ${es.readyState})`));
      }),
    url,
  );
}

/** Waits for an event of `type` whose data contains `needle`; returns when it arrived (page clock). */
async function arrival(page: Page, type: string, needle: string): Promise<Arrival> {
  const handle = await page.waitForFunction(
    ([t, n]) => window.liveArrivals?.[t as string]?.find((a) => a.data.includes(n as string)),
    [type, needle],
    { timeout: 5000, polling: 20 },
  );
  return (await handle.jsonValue()) as Arrival;
}

describe('two server processes sharing one PostgreSQL', () => {
  let postgres: TestPostgres;
  let a: ServerProcess;
  let b: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    [postgres, browser] = await Promise.all([startPostgres(), launchChromium()]);
    const env = { DATABASE_URL: postgres.url, ...LIMITS };
    a = await startServer(env); // seeds the demo thread and runs the migrations first
    b = await startServer(env);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), a?.stop(), b?.stop()]);
    await postgres?.stop();
  });

  it('a reader on process B sees a comment posted through process A within a second', async () => {
    const page = await browser.newPage();
    await page.goto(`${b.url}/demo/`);
    const widget = page.locator('threadline-comments');
    await widget.scrollIntoViewIfNeeded(); // the widget loads when it comes near the viewport
    await widget.locator('article').first().waitFor();
    await listenInPage(page, `${b.url}/api/threads/${THREAD}/events`);

    const body = `Posted through A at ${Date.now()}`;
    const sent = Date.now();
    const res = await fetch(`${a.url}/api/threads/${THREAD}/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `live-${sent}` },
      body: JSON.stringify({ body, authorName: 'Process A' }),
    });
    expect(res.status).toBe(201);
    const { comment } = (await res.json()) as { comment: { id: string } };
    const got = await arrival(page, 'comment-created', comment.id);
    expect(got.at - sent).toBeLessThan(1000);
    expect(JSON.parse(got.data).comment).toMatchObject({ id: comment.id, body, myVote: 0 });

    // The widget on B: the new top-level comment waits behind a "1 new comment" button, so nothing
    // moves under the reader; pressing it shows the comment.
    const button = widget.getByRole('button', { name: '1 new comment' });
    await button.waitFor({ timeout: 1000 });
    await button.click();
    await widget.getByText(body).waitFor({ timeout: 1000 });
    await page.close();
  });

  it('a reader on process B sees a vote made through process A within a second', async () => {
    const page = await browser.newPage();
    await page.goto(`${b.url}/demo/`);
    const widget = page.locator('threadline-comments');
    await widget.scrollIntoViewIfNeeded();
    const first = widget.locator('li[data-comment] > article').first();
    await first.waitFor();
    const id = await widget.locator('li[data-comment]').first().getAttribute('data-comment');
    const before = Number(await first.locator('.score').textContent());
    await listenInPage(page, `${b.url}/api/threads/${THREAD}/events`);

    const identity = (await (
      await fetch(`${a.url}/api/identities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      })
    ).json()) as { token: string };
    const sent = Date.now();
    const res = await fetch(`${a.url}/api/threads/${THREAD}/comments/${id}/vote`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${identity.token}` },
      body: JSON.stringify({ value: 1 }),
    });
    expect(res.status).toBe(200);
    const got = await arrival(page, 'vote-changed', `"id":"${id}"`);
    expect(got.at - sent).toBeLessThan(1000);
    expect(JSON.parse(got.data)).toEqual({ type: 'vote-changed', id, score: before + 1 });
    // The widget applies vote totals quietly, in place.
    await expect
      .poll(() => first.locator('.score').textContent(), { timeout: 1000 })
      .toBe(String(before + 1));
    await page.close();
  });
});
