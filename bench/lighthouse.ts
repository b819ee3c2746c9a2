/**
 * Host-page impact: Lighthouse (from npm) against the Chromium the benchmark already runs, on the demo
 * article without the widget, with it (lazy, the default) and with loading="eager". Desktop settings,
 * Lighthouse's simulated throttling; the median of `runs` runs per variant.
 */
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import type { DemoVariant } from './server';

export interface LighthouseFigures {
  variant: DemoVariant;
  runs: number;
  totalBlockingTime: number;
  cumulativeLayoutShift: number;
  /** Lantern's estimate under simulated desktop throttling. */
  largestContentfulPaint: number;
  /** What the unthrottled page load actually showed. */
  observedLargestContentfulPaint: number;
  performanceScore: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function runLighthouse(
  url: string,
  port: number,
  variant: DemoVariant,
  runs: number,
): Promise<LighthouseFigures> {
  const tbt: number[] = [];
  const cls: number[] = [];
  const lcp: number[] = [];
  const observedLcp: number[] = [];
  const score: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const result = await lighthouse(
      url,
      { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
      desktopConfig,
    );
    const lhr = result?.lhr;
    if (!lhr) throw new Error('Lighthouse returned no result');
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
    tbt.push(lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN);
    cls.push(lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN);
    lcp.push(lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN);
    const observed = (
      lhr.audits.metrics?.details as { items?: { observedLargestContentfulPaint?: number }[] }
    )?.items?.[0]?.observedLargestContentfulPaint;
    observedLcp.push(observed ?? Number.NaN);
    score.push((lhr.categories.performance?.score ?? Number.NaN) * 100);
  }
  return {
    variant,
    runs,
    totalBlockingTime: median(tbt),
    cumulativeLayoutShift: median(cls),
    largestContentfulPaint: median(lcp),
    observedLargestContentfulPaint: median(observedLcp),
    performanceScore: median(score),
  };
}
