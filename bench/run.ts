/**
 * `npm run bench`: the performance benchmark (not a test). Builds what it needs, serves it on
 * 127.0.0.1, drives one headless Debian Chromium through Playwright, and prints markdown tables; the
 * full results go to bench/results/. Environment: BENCH_SIZES=100,1000,5000, BENCH_REPS=3,
 * BENCH_LH_RUNS=3 (0 skips Lighthouse), CHROMIUM_PATH=/usr/bin/chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../test/chromium';
import { freePort } from '../test/e2e/server-process';
import { buildPages, buildProductIfNeeded, ROOT } from './build';
import { type DemoFigures, measureDemo } from './demo';
import type { LighthouseFigures } from './lighthouse';
import { type KindFigures, measureKind, warmUp } from './measure';
import { printReport } from './report';
import { startServer } from './server';
import { bundleSizes } from './sizes';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const LH_RUNS = Number(process.env.BENCH_LH_RUNS ?? 3);
const CHROMIUM = chromiumLaunchOptions.executablePath;
/** The whole run stops itself after this long, whatever happens. */
const DEADLINE_MS = 15 * 60_000;

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    log(`gave up after ${DEADLINE_MS / 60_000} minutes`);
    process.exit(2);
  }, DEADLINE_MS);
  deadline.unref();

  buildProductIfNeeded(log);
  log('building the bench pages…');
  await buildPages();
  const server = await startServer();
  const port = await freePort();
  const browser = await chromium.launch({
    ...chromiumLaunchOptions,
    headless: true,
    // Lighthouse connects to this same browser.
    args: [
      ...chromiumLaunchOptions.args,
      `--remote-debugging-port=${port}`,
      '--remote-debugging-address=127.0.0.1',
    ],
  });

  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: browser.version(),
    chromiumBinary: chromiumVersion(),
  };
  log(`${machine.cpus} cores, node ${machine.node}, Chromium ${machine.chromium}`);

  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const threads: { n: number; threadline: KindFigures; baseline: KindFigures }[] = [];
    log('warm-up (not measured)…');
    await warmUp(context, `${server.url}/page/threadline.html`);
    await warmUp(context, `${server.url}/page/baseline.html`);
    for (const n of SIZES) {
      log(`${n} comments…`);
      const threadline = await measureKind(context, `${server.url}/page/threadline.html`, n, REPS);
      const baseline = await measureKind(context, `${server.url}/page/baseline.html`, n, REPS);
      threads.push({ n, threadline, baseline });
    }

    log('demo article…');
    const demoPage = await context.newPage();
    let demo: DemoFigures | { error: string };
    try {
      demo = await measureDemo(demoPage, `${server.url}/demo/bench-lazy.html`);
    } catch (error) {
      demo = { error: String(error) };
    }
    await demoPage.close();
    await context.close();

    let lighthouse: LighthouseFigures[] | { error: string } = { error: 'skipped (BENCH_LH_RUNS=0)' };
    if (LH_RUNS > 0) {
      log('Lighthouse…');
      try {
        const { measureLighthouse } = await import('./lighthouse');
        lighthouse = await measureLighthouse(port, LH_RUNS);
      } catch (error) {
        lighthouse = { error: `Lighthouse could not run here: ${String(error)}` };
      }
    }

    const results = {
      date: new Date().toISOString(),
      machine,
      settings: { sizes: SIZES, reps: REPS, lighthouseRuns: LH_RUNS, viewport: '1280x900' },
      threads,
      demo,
      lighthouse,
      bundle: bundleSizes(),
    };
    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    const json = `${JSON.stringify(results, null, 2)}\n`;
    writeFileSync(join(dir, `bench-${results.date.replace(/[:.]/g, '-')}.json`), json);
    writeFileSync(join(dir, 'latest.json'), json);
    printReport(results);
    log('results written to bench/results/latest.json');
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
