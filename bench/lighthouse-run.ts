/**
 * `npm run bench:lighthouse`: only the host-page impact part of `npm run bench` (Lighthouse mobile on
 * the demo article without the widget, lazy and eager). BENCH_LH_RUNS=3 runs per variant.
 */
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../test/chromium';
import { freePort } from '../test/e2e/server-process';
import { buildProductIfNeeded } from './build';
import { lighthouseTable, measureLighthouse } from './lighthouse';

const RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

buildProductIfNeeded(log);
const port = await freePort();
const browser = await chromium.launch({
  ...chromiumLaunchOptions,
  headless: true,
  args: [
    ...chromiumLaunchOptions.args,
    `--remote-debugging-port=${port}`,
    '--remote-debugging-address=127.0.0.1',
  ],
});
try {
  log(`Lighthouse, ${RUNS} runs per variant…`);
  process.stdout.write(lighthouseTable(await measureLighthouse(port, RUNS)));
} finally {
  await browser.close();
}
process.exit(0);
