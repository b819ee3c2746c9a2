import type { Locator, Page } from 'playwright';

/** The comment (its own article, not its replies or an open composer) whose body contains the text. */
export function comment(widget: Locator, text: string): Locator {
  return widget.locator(`li[data-comment] > article:has(> .body:has-text("${text}"))`);
}

/** Opens the demo article and scrolls to the lazily mounted widget, as a reader does. */
export async function openDemo(page: Page, url: string): Promise<Locator> {
  await page.goto(`${url}/demo/`);
  const widget = page.locator('threadline-comments');
  await widget.scrollIntoViewIfNeeded();
  await widget.locator('article').first().waitFor();
  return widget;
}
