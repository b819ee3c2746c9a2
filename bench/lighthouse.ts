/**
 * Host-page impact: Lighthouse (from npm) against the Chromium the benchmark already runs, with its
 * default mobile settings (a mid-range phone, simulated slow 4G and 4× CPU slowdown), on the demo
 * article without the widget, with it (lazy, the default) and with loading="eager"; the median of
 * `runs` runs per variant.
 *
 * Set up as sites use it: the article comes from the site's own server, the script tag, the chunks and
 * the API from the reference server (`npm start` as a process, PGlite, the demo threads seeded) on
 * another origin, compressed and cached as it sends them. The article's own stylesheet and images come
 * from the reference server's demo site too, so all three variants share them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { startServer } from '../test/e2e/server-process';
import { contentType, listenOnLoopback } from '../test/e2e/static-server';
import { ROOT } from './build';
import type { DemoVariant } from './server';

export interface LighthouseFigures {
  variant: DemoVariant;
  runs: number;
  totalBlockingTime: number;
  cumulativeLayoutShift: number;
  /** Lantern's estimate under the simulated mobile throttling. */
  largestContentfulPaint: number;
  /** What the unthrottled page load actually showed. */
  observedLargestContentfulPaint: number;
  performanceScore: number;
}

export const LIGHTHOUSE_VARIANTS: readonly DemoVariant[] = ['none', 'lazy', 'eager'];

const WIDGET = /<threadline-comments[^>]*><\/threadline-comments>/;
const SCRIPT = /<script src="\/threadline\.js" async><\/script>/;

/** demo/index.html as a news site on another origin would serve it, embedding from `comments`. */
export function crossOriginDemo(html: string, variant: DemoVariant, comments: string): string {
  if (!WIDGET.test(html) || !SCRIPT.test(html))
    throw new Error('demo/index.html changed: update bench/lighthouse.ts');
  const page = html.replaceAll('href="assets/', `href="${comments}/demo/assets/`);
  if (variant === 'none') return page.replace(WIDGET, '').replace(SCRIPT, '');
  const loading = variant === 'eager' ? ' loading="eager"' : '';
  return page
    .replace(
      WIDGET,
      `<threadline-comments thread="tidewater-night-ferry" adapter="rest" api="${comments}"${loading}></threadline-comments>`,
    )
    .replace(SCRIPT, `<script src="${comments}/threadline.js" async></script>`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

type Metrics = Omit<LighthouseFigures, 'variant' | 'runs'>;

/** One Lighthouse run with its default config: mobile, simulated throttling. */
async function runOnce(url: string, port: number): Promise<Metrics> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
  });
  const lhr = result?.lhr;
  if (!lhr) throw new Error('Lighthouse returned no result');
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
  const observed = (lhr.audits.metrics?.details as { items?: { observedLargestContentfulPaint?: number }[] })
    ?.items?.[0]?.observedLargestContentfulPaint;
  return {
    totalBlockingTime: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
    cumulativeLayoutShift: lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
    largestContentfulPaint: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
    observedLargestContentfulPaint: observed ?? Number.NaN,
    performanceScore: (lhr.categories.performance?.score ?? Number.NaN) * 100,
  };
}

/**
 * Runs Lighthouse `runs` times per variant in the Chromium listening for DevTools on `port`, the
 * variants interleaved run by run so a slow spell of a shared machine does not land on one variant.
 */
export async function measureLighthouse(port: number, runs: number): Promise<LighthouseFigures[]> {
  const html = await readFile(join(ROOT, 'demo/index.html'), 'utf8');
  const dataDir = await mkdtemp(join(tmpdir(), 'threadline-bench-lh-'));
  let comments = '';
  const site = await listenOnLoopback((request, response) => {
    const variant = /^\/article-(none|lazy|eager)\.html$/.exec(request.url ?? '')?.[1] as
      | DemoVariant
      | undefined;
    if (!variant) {
      response.writeHead(404).end('not found');
      return;
    }
    response
      .writeHead(200, { 'content-type': contentType('page.html') })
      .end(crossOriginDemo(html, variant, comments));
  });
  const server = await startServer({ THREADLINE_DATA_DIR: dataDir, THREADLINE_ORIGINS: site.url });
  comments = server.url;
  try {
    const byVariant = new Map<DemoVariant, Metrics[]>();
    for (let i = 0; i < runs; i += 1) {
      for (const variant of LIGHTHOUSE_VARIANTS) {
        const metrics = await runOnce(`${site.url}/article-${variant}.html`, port);
        byVariant.set(variant, [...(byVariant.get(variant) ?? []), metrics]);
      }
    }
    return LIGHTHOUSE_VARIANTS.map((variant) => {
      const all = byVariant.get(variant) ?? [];
      const pick = (key: keyof Metrics) => median(all.map((m) => m[key]));
      return {
        variant,
        runs: all.length,
        totalBlockingTime: pick('totalBlockingTime'),
        cumulativeLayoutShift: pick('cumulativeLayoutShift'),
        largestContentfulPaint: pick('largestContentfulPaint'),
        observedLargestContentfulPaint: pick('observedLargestContentfulPaint'),
        performanceScore: pick('performanceScore'),
      };
    });
  } finally {
    await Promise.all([server.stop(), site.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : 'n/a');
const signed = (v: number, f: (v: number) => string) => (v > 0 ? `+${f(v)}` : f(v));

/** The markdown table `npm run bench` prints, each variant beside the article without the widget. */
export function lighthouseTable(figures: LighthouseFigures[] | { error: string }): string {
  const out = [
    '### Host-page impact (Lighthouse mobile, default simulated throttling; site and comment server on two origins)\n',
  ];
  if ('error' in figures) return `${out[0]}${figures.error}\n`;
  const none = figures.find((f) => f.variant === 'none');
  out.push(
    '| demo article | score | Δscore | TBT | ΔTBT | CLS | LCP simulated | LCP observed | runs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const f of figures) {
    const delta = (a: number, b: number | undefined, format: (v: number) => string) =>
      b === undefined || f === none ? '' : signed(a - b, format);
    out.push(
      `| ${f.variant === 'none' ? 'without the widget' : `with the widget (${f.variant})`} | ${f.performanceScore.toFixed(0)} | ${delta(f.performanceScore, none?.performanceScore, (v) => v.toFixed(0))} | ${ms(f.totalBlockingTime)} | ${delta(f.totalBlockingTime, none?.totalBlockingTime, ms)} | ${f.cumulativeLayoutShift.toFixed(3)} | ${ms(f.largestContentfulPaint)} | ${ms(f.observedLargestContentfulPaint)} | ${f.runs} |`,
    );
  }
  return `${out.join('\n')}\n`;
}
