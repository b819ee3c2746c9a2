/**
 * Colours on real pages: light and dark host pages, theme light/dark/auto, a page that switches its own
 * dark mode while the widget is on screen, and the OS preference. Contrast is checked with axe-core's
 * color-contrast rule on the rendered thread, and the comment text's colour against the page.
 */
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cdp } from 'vitest/browser';
import { luminance } from '../../src/controllers/page-scheme';
import type { ThreadlineComments } from '../../src/elements/threadline-comments/threadline-comments';
import { all, mountWidget, one, seeded } from './harness';

const THREAD = 'theme-article';
const PAGE_CSS = `
  body { background: #ffffff; color: #1b1b1b; }
  html.dark body, body.dark-page { background: #121417; color: #e8e8e8; }
`;

function adapter() {
  return seeded(THREAD, [
    {
      key: 'a',
      parentKey: null,
      authorName: 'Ana Ribeiro',
      body: 'The ferry *matters*. [link](https://example.com)',
      minutesAgo: 90,
      score: 5,
    },
    {
      key: 'b',
      parentKey: 'a',
      authorName: 'Ben Okafor',
      body: 'Agreed, `code` too.',
      minutesAgo: 60,
      score: -1,
    },
    {
      key: 'c',
      parentKey: null,
      authorName: 'Cleo Park',
      body: '> quoted\n\nAnd text.',
      minutesAgo: 30,
      score: 0,
    },
  ]);
}

const mount = (attributes: Record<string, string>, parent: HTMLElement = document.body) =>
  mountWidget(THREAD, adapter(), { attributes, parent });

const widget = (el: ThreadlineComments) => one(el, '.widget');

/** Luminance of the computed text colour of every author, body and score. */
function textLuminances(el: ThreadlineComments): number[] {
  const nodes = all(el, '.author, .body p, .score');
  expect(nodes.length).toBeGreaterThan(5);
  return nodes.map((node) => luminance(getComputedStyle(node).color) ?? Number.NaN);
}

async function contrastViolations(el: ThreadlineComments): Promise<string[]> {
  const results = await axe.run(el, { runOnly: ['color-contrast'] });
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary}`),
  );
}

let style: HTMLStyleElement;

beforeEach(() => {
  localStorage.clear();
  style = document.createElement('style');
  style.textContent = PAGE_CSS;
  document.head.append(style);
});

afterEach(async () => {
  document.body.replaceChildren();
  document.body.className = '';
  document.documentElement.className = '';
  document.documentElement.removeAttribute('data-mode');
  style.remove();
  for (const meta of document.head.querySelectorAll('meta[name="color-scheme"]')) meta.remove();
  await cdp().send('Emulation.setEmulatedMedia', { features: [] });
});

describe('<threadline-comments> colours', () => {
  it('renders readable light text on a dark page with theme="dark" and no custom colours', async () => {
    document.body.className = 'dark-page';
    const el = await mount({ theme: 'dark' });
    expect(getComputedStyle(widget(el)).colorScheme).toBe('dark');
    // Names, bodies and scores of top-level and nested comments alike.
    for (const l of textLuminances(el)) expect(l).toBeGreaterThan(0.4);
    expect(await contrastViolations(el)).toEqual([]);
  });

  it('renders dark text on a light page with theme="light"', async () => {
    const el = await mount({ theme: 'light' });
    for (const l of textLuminances(el)) expect(l).toBeLessThan(0.18);
    expect(await contrastViolations(el)).toEqual([]);
  });

  it('defaults to auto and follows a page that toggles its own dark mode with a class, live', async () => {
    const el = await mount({});
    expect(widget(el).dataset.theme).toBe('light');
    expect(await contrastViolations(el)).toEqual([]);

    document.documentElement.classList.add('dark');
    await vi.waitFor(() => expect(widget(el).dataset.theme).toBe('dark'));
    await el.updateComplete;
    for (const l of textLuminances(el)) expect(l).toBeGreaterThan(0.4);
    expect(await contrastViolations(el)).toEqual([]);

    document.documentElement.classList.remove('dark');
    await vi.waitFor(() => expect(widget(el).dataset.theme).toBe('light'));
    await el.updateComplete;
    for (const l of textLuminances(el)) expect(l).toBeLessThan(0.18);
  });

  it('follows the color-scheme of a parent, and <meta name="color-scheme">', async () => {
    const section = document.createElement('section');
    section.style.colorScheme = 'dark';
    document.body.append(section);
    const inDark = await mount({ theme: 'auto' }, section);
    expect(widget(inDark).dataset.theme).toBe('dark');
    section.remove();

    style.textContent = ''; // the page's own colours would say light
    const meta = document.createElement('meta');
    meta.name = 'color-scheme';
    meta.content = 'dark';
    document.head.append(meta);
    const el = await mount({ theme: 'auto' });
    expect(widget(el).dataset.theme).toBe('dark');
    meta.content = 'light';
    await vi.waitFor(() => expect(widget(el).dataset.theme).toBe('light'));
  });

  it('stays light on a light page when the OS prefers dark', async () => {
    await cdp().send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-color-scheme', value: 'dark' }],
    });
    expect(matchMedia('(prefers-color-scheme: dark)').matches).toBe(true);
    const el = await mount({ theme: 'auto' });
    expect(widget(el).dataset.theme).toBe('light');
    for (const l of textLuminances(el)) expect(l).toBeLessThan(0.18);
    expect(await contrastViolations(el)).toEqual([]);
  });

  it('follows the OS setting on a page that supports both schemes', async () => {
    style.textContent = ':root { color-scheme: light dark; }';
    const el = await mount({ theme: 'auto' });
    expect(widget(el).dataset.theme).toBe('light');
    await cdp().send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-color-scheme', value: 'dark' }],
    });
    await vi.waitFor(() => expect(widget(el).dataset.theme).toBe('dark'));
  });

  it('takes dark-selector for a page whose dark mode only sets an attribute', async () => {
    const el = await mount({ 'dark-selector': '[data-mode=night]' });
    expect(widget(el).dataset.theme).toBe('light');
    document.documentElement.dataset.mode = 'night';
    await vi.waitFor(() => expect(widget(el).dataset.theme).toBe('dark'));
    delete document.documentElement.dataset.mode;
    await vi.waitFor(() => expect(widget(el).dataset.theme).toBe('light'));
  });

  it('ignores a dark-selector that is not a selector, with one coded warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const el = await mount({ 'dark-selector': '[[nope' });
    expect(widget(el).dataset.theme).toBe('light');
    expect(warn.mock.calls.flat().join(' ')).toContain('THREADLINE_BAD_DARK_SELECTOR');
    warn.mockRestore();
  });
});
