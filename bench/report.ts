/** Prints the benchmark results as markdown tables on stdout. */
import type { DemoFigures } from './demo';
import { type LighthouseFigures, lighthouseTable } from './lighthouse';
import type { KindFigures } from './measure';
import type { SizeFigures } from './sizes';

interface Results {
  machine: { cpus: number; cpuModel: string; node: string; chromium: string };
  settings: { reps: number; viewport: string };
  threads: { n: number; threadline: KindFigures; baseline: KindFigures }[];
  demo: DemoFigures | { error: string };
  lighthouse: LighthouseFigures[] | { error: string };
  bundle: SizeFigures[];
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');
const num = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : 'n/a');
const kb = (v: number) => `${(v / 1000).toFixed(1)} kB`;

const ROWS: [string, keyof KindFigures, (v: number) => string][] = [
  ['mount → all comments painted', 'renderMs', ms],
  ['longest task', 'longestTask', ms],
  ['total blocking time', 'totalBlockingTime', ms],
  ['JS heap after render (MiB)', 'heapMiB', (v) => num(v)],
  ['DOM nodes (shadow root)', 'nodes', (v) => num(v, 0)],
  ['DOM nodes per comment', 'nodesPerComment', (v) => num(v)],
  ['event listeners per comment', 'listenersPerComment', (v) => num(v, 3)],
  ['idle main-thread CPU, 1 s after render', 'idleCpuPercent', (v) => `${num(v, 2)} %`],
  ['vote click → next frame', 'votePaint', ms],
  ['sort click → new first comment painted', 'sortFirstPaint', ms],
  ['sort click → whole list re-ordered, painted', 'sortAllPaint', ms],
  ['longest task during sort', 'sortLongestTask', ms],
];

export function printReport(results: Results): void {
  const out: string[] = [];
  const { machine } = results;
  out.push(
    `## Threadline benchmark\n\n${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}, Chromium ${machine.chromium} headless; viewport ${results.settings.viewport}; medians of ${results.settings.reps} runs.\n`,
  );
  for (const { n, threadline, baseline } of results.threads) {
    out.push(`### ${n.toLocaleString('en-US')} comments\n`);
    out.push('| measure | Threadline | baseline (createElement) | ratio |');
    out.push('|---|---:|---:|---:|');
    for (const [label, key, format] of ROWS) {
      const a = threadline[key] as number;
      const b = baseline[key] as number;
      out.push(`| ${label} | ${format(a)} | ${format(b)} | ${ratio(a, b)} |`);
    }
    out.push('');
  }

  out.push('### Demo article (lazy widget, in-page memory backend)\n');
  if ('error' in results.demo) out.push(`Could not measure: ${results.demo.error}\n`);
  else {
    const d = results.demo;
    out.push('| measure | value |\n|---|---:|');
    out.push(`| comments rendered before the reader scrolled | ${d.commentsBeforeScroll} |`);
    out.push(`| comments rendered after scrolling down | ${d.commentsAfterScroll} |`);
    out.push(
      `| cumulative layout shift, load → comments shown | ${d.cumulativeLayoutShift.toFixed(4)} (${d.shifts} shifts) |`,
    );
    out.push(`| vote click → score in the DOM | ${ms(d.voteDom)} |`);
    out.push(`| vote click → next frame | ${ms(d.votePaint)} |`);
    out.push(`| Reply click → composer in the DOM | ${ms(d.replyDom)} |`);
    out.push(`| Reply click → composer open, next frame | ${ms(d.replyPaint)} |\n`);
    for (const source of d.shiftSources) out.push(`- shift ${source}`);
    if (d.shiftSources.length > 0) out.push('');
  }

  out.push(lighthouseTable(results.lighthouse));

  out.push('### Bundle (node zlib: gzip -9, brotli default)\n');
  out.push('| what | raw | gzip | brotli |\n|---|---:|---:|---:|');
  for (const s of results.bundle) out.push(`| ${s.name} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`);
  out.push('');
  process.stdout.write(`${out.join('\n')}\n`);
}
