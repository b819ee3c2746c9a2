/**
 * The pictures in the README and the theming guide, taken from the real demo: `npm run screenshots`
 * (after `npm run build`) starts the server on a scratch database, opens the demo article and the dark
 * opinion page in Debian's Chromium and writes docs/images/*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../test/chromium';
import { startServer } from '../test/e2e/server-process';

const out = (name: string) => new URL(`../docs/images/${name}`, import.meta.url).pathname;
const data = mkdtempSync(join(tmpdir(), 'threadline-shots-'));
const server = await startServer({ THREADLINE_DATA_DIR: data });
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const shots = [
    { page: '/demo/', scheme: 'light', file: 'thread-light.png' },
    { page: '/demo/theming.html', scheme: 'dark', file: 'thread-dark.png' },
  ] as const;
  for (const shot of shots) {
    const page = await browser.newPage({
      viewport: { width: 760, height: 1000 },
      deviceScaleFactor: 1,
      colorScheme: shot.scheme,
    });
    await page.goto(`${server.url}${shot.page}`);
    const widget = page.locator('threadline-comments').first();
    await widget.scrollIntoViewIfNeeded();
    await widget.getByRole('button', { name: 'Post comment' }).waitFor();
    // The header, the composer and the first few comments: what a reader sees arriving at the thread.
    const box = await widget.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
    });
    await page.screenshot({
      path: out(shot.file),
      clip: { ...box, height: Math.min(box.height, 900) },
      fullPage: true,
    });
    console.log(`wrote docs/images/${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(data, { recursive: true, force: true });
}
