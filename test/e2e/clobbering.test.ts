import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { articlePage, type HostServer, startHost } from './host-server';

const CSP = "script-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html";
const WIDGET =
  '<threadline-comments thread="clobber" adapter="memory" locale="en" loading="eager"></threadline-comments>';

/**
 * Markup a hostile or careless article can hold (DOM clobbering): named elements that shadow the
 * document's properties the loader used, pointing at a script on the site's own origin, which a strict
 * `script-src 'self'` would let run. (Not `createElement`, `createTreeWalker` or `importNode`: Lit
 * calls those on the document, as nearly every library does; a page that clobbers them breaks itself.)
 */
const CLOBBER_DOCUMENT = `
  <img name="currentScript" src="/evil/" alt="">
  <form name="baseURI" action="/evil/"></form>
  <img name="head" alt=""><img name="getElementsByTagName" alt="">`;

/** Elements whose ids are globals Lit reads and writes (`(globalThis.litHtmlVersions ??= []).push(…)`). */
const CLOBBER_LIT = `
  <div id="litHtmlVersions"></div><div id="reactiveElementVersions"></div><div id="litElementVersions"></div>
  <img name="litPropertyMetadata" alt=""><img name="litElementPolyfillSupport" alt="">
  <img name="ShadyCSS" alt="">`;

describe.each([
  ['without a Content-Security-Policy', {}],
  ['under a strict CSP with Trusted Types', { 'content-security-policy': CSP }],
])('the script tag on a page with clobbering markup, %s', (_, headers) => {
  let browser: Browser;
  let host: HostServer;

  beforeAll(async () => {
    [browser, host] = await Promise.all([launchChromium(), startHost()]);
    Object.assign(host.pageHeaders, headers);
    host.files.set('/evil/embed/threadline.js', {
      type: 'text/javascript',
      body: 'window.hijacked = true;',
    });
  });

  afterAll(async () => {
    await Promise.all([browser?.close(), host?.close()]);
  });

  /** Opens the page, posts a comment and returns what went wrong on the way. */
  async function postOn(body: string): Promise<{ page: Page; errors: string[] }> {
    host.pages.set('/article.html', articlePage(`${body}${WIDGET}`, { screens: 0 }));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // The page's own images (src="/evil/") fail to load; that is the page's business.
      if (message.text().startsWith('Failed to load resource')) return;
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    await page.goto(`${host.url}/article.html`);
    const widget = page.locator('threadline-comments');
    await widget.getByLabel('Your name').fill('Ana');
    await widget.getByLabel('Your comment').fill('Still here.');
    await widget.getByRole('button', { name: 'Post comment' }).click();
    await widget.locator('article', { hasText: 'Still here.' }).waitFor();
    return { page, errors };
  }

  it('loads the widget from its own script tag, never from a URL the page’s markup names', async () => {
    const { page, errors } = await postOn(CLOBBER_DOCUMENT);
    expect(host.requests.some((r) => r.path.startsWith('/evil/embed/'))).toBe(false);
    expect(await page.evaluate(() => 'hijacked' in window)).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('loads and works with elements named like Lit’s globals on the page', async () => {
    const { page, errors } = await postOn(CLOBBER_LIT);
    expect(errors).toEqual([]);
    // The page's own elements are still reachable by their ids.
    expect(await page.evaluate(() => document.getElementById('litHtmlVersions')?.localName)).toBe('div');
    await page.close();
  });
});
