import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { type StaticServer, serveStatic } from './static-server';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CSP = "script-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html";

describe('the script-tag build under a strict Content-Security-Policy with Trusted Types', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchChromium(),
      serveStatic(root, { 'content-security-policy': CSP }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  it('renders, posts and shows hostile markdown as text with no CSP violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|TrustedHTML|Trusted Type/i.test(message.text()))
        violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(error.message));
    await page.goto(`${server.url}/demo/csp.html`);
    await page.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (event) => {
        (window as unknown as { violations: string[] }).violations ??= [];
        (window as unknown as { violations: string[] }).violations.push(event.violatedDirective);
      }),
    );
    const widget = page.locator('threadline-comments');
    await widget.getByLabel('Your name').fill('Csp Tester');
    await widget
      .getByLabel('Your comment')
      .fill('Hello **strict** page <img src=x onerror=alert(1)> [x](javascript:alert(1))');
    await widget.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => widget.locator('article').count()).toBe(1);
    const body = widget.locator('article .body');
    expect(await body.locator('strong').textContent()).toBe('strict');
    expect(await body.locator('img').count()).toBe(0);
    expect(await body.textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await body.locator('a[href^="javascript"]').count()).toBe(0);
    const pageViolations = await page.evaluate(
      () => (window as unknown as { violations?: string[] }).violations ?? [],
    );
    expect(pageViolations).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  });
});
