/**
 * `npx tsx bench/trace.ts`: what the long tasks of a widget render are. Loads the Threadline bench page
 * (pages bundled without minifying, so function names survive), renders each synthetic thread once under
 * a Chromium trace, and prints every main-thread task over TRACE_MIN_MS (default 30) from mount until
 * all comments are painted: what started it, its time by event (script, style, layout, paint, GC) and
 * the JS functions that took the most self time in it (from the sampling profiler). Also prints the
 * long-animation-frame entries' script attribution. The sampling profiler makes every task slower:
 * read its times as shares, and compare task lengths with TRACE_PROFILE=0. Environment: BENCH_SIZES,
 * TRACE_MIN_MS, TRACE_PROFILE=0 (no JS samples), TRACE_PRELUDE (JS run in the page before the render,
 * for experiments), TRACE_OUT (a folder to keep the raw traces in).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../test/chromium';
import { buildPages, buildProductIfNeeded } from './build';
import { startServer } from './server';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,5000').split(',').map(Number);
const MIN_MS = Number(process.env.TRACE_MIN_MS ?? 30);
const OUT = process.env.TRACE_OUT;
const PROFILE = process.env.TRACE_PROFILE !== '0';
const PRELUDE = process.env.TRACE_PRELUDE;

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'v8',
  ...(PROFILE ? ['disabled-by-default-v8.cpu_profiler'] : []),
];

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown>;
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber?: number };
}

/** Event names worth a line of their own inside a task, mapped to what they are. */
const KINDS: Record<string, string> = {
  EvaluateScript: 'script',
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  'v8.evaluateModule': 'script',
  FunctionCall: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'microtasks',
  UpdateLayoutTree: 'style',
  ParseAuthorStyleSheet: 'style (parse sheet)',
  Layout: 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  Commit: 'paint',
  MinorGC: 'GC',
  MajorGC: 'GC',
  'V8.GC_SCAVENGER': 'GC',
  'V8.GC_MARK_COMPACTOR': 'GC',
  'V8.GCScavenger': 'GC',
  'V8.GCIncrementalMarking': 'GC',
  'V8.GCFinalizeMC': 'GC',
};

function mainThread(events: TraceEvent[]): { pid: number; tid: number } {
  const named = events.find(
    (e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.ph === 'M',
  );
  // The renderer with the most top-level task time is the bench page's.
  const busy = new Map<string, number>();
  for (const e of events)
    if (e.name === 'RunTask' && e.ph === 'X' && e.dur) {
      const key = `${e.pid}:${e.tid}`;
      busy.set(key, (busy.get(key) ?? 0) + e.dur);
    }
  const mains = events
    .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`);
  const best = mains.sort((a, b) => (busy.get(b) ?? 0) - (busy.get(a) ?? 0))[0];
  if (!best && !named) throw new Error('no renderer main thread in the trace');
  const [pid, tid] = (best ?? `${named?.pid}:${named?.tid}`).split(':').map(Number);
  return { pid: pid ?? 0, tid: tid ?? 0 };
}

/** Self time per function (ms) between `from` and `to` (trace µs), from the profiler's samples. */
function profileSelfTimes(events: TraceEvent[], pid: number, tid: number) {
  // The chunks come from the profiler's own thread: take the profile the main thread started.
  const profileId = events.find((e) => e.name === 'Profile' && e.pid === pid && e.tid === tid)?.id;
  const nodes = new Map<number, ProfileNode>();
  const samples: { ts: number; node: number }[] = [];
  let ts = 0;
  for (const e of events) {
    if (e.pid !== pid || e.id !== profileId) continue;
    if (e.name === 'Profile') ts = Number((e.args?.data as { startTime?: number })?.startTime ?? 0);
    if (e.name !== 'ProfileChunk') continue;
    const data = e.args?.data as {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
    for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const ids = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    ids.forEach((id, i) => {
      ts += deltas[i] ?? 0;
      samples.push({ ts, node: id });
    });
  }
  samples.sort((a, b) => a.ts - b.ts);
  return (from: number, to: number) => {
    const self = new Map<string, number>();
    for (let i = 0; i < samples.length - 1; i += 1) {
      const s = samples[i];
      const next = samples[i + 1];
      if (!s || !next || s.ts < from || s.ts >= to) continue;
      const frame = nodes.get(s.node)?.callFrame;
      if (!frame) continue;
      const file = (frame.url ?? '').split('/').pop() ?? '';
      const name = `${frame.functionName || '(anonymous)'} ${file}:${(frame.lineNumber ?? 0) + 1}`;
      self.set(name, (self.get(name) ?? 0) + (next.ts - s.ts) / 1000);
    }
    return [...self.entries()].sort((a, b) => b[1] - a[1]);
  };
}

function describeTask(events: TraceEvent[], task: TraceEvent): string {
  const end = task.ts + (task.dur ?? 0);
  const inside = events.filter(
    (e) => e.ph === 'X' && e !== task && e.ts >= task.ts && e.ts < end && e.tid === task.tid,
  );
  // Time by kind, counting only outermost events of a kind (no double counting of nesting).
  const byKind = new Map<string, number>();
  const open: { kind: string; end: number }[] = [];
  for (const e of inside.sort((a, b) => a.ts - b.ts)) {
    const kind = KINDS[e.name];
    if (!kind) continue;
    while (open.length && (open[open.length - 1]?.end ?? 0) <= e.ts) open.pop();
    if (open.some((o) => o.kind === kind)) continue;
    open.push({ kind, end: e.ts + (e.dur ?? 0) });
    byKind.set(kind, (byKind.get(kind) ?? 0) + (e.dur ?? 0) / 1000);
  }
  const first = inside
    .filter((e) => e.name in KINDS || e.name === 'ParseHTML' || e.name === 'HandlePostMessage')
    .sort((a, b) => a.ts - b.ts)[0];
  const data = first?.args?.data as Record<string, unknown> | undefined;
  const what = first
    ? `${first.name}${data?.functionName ? ` ${String(data.functionName)}` : ''}${data?.url ? ` ${String(data.url).split('/').pop()}` : ''}`
    : '?';
  const kinds = [...byKind.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `${k} ${ms.toFixed(1)}`)
    .join(', ');
  const marks = events
    .filter((e) => e.cat.includes('blink.user_timing') && e.ts >= task.ts && e.ts < end)
    .map((e) => e.name);
  return `starts with ${what}; ${kinds}${marks.length ? `; marks: ${marks.join(', ')}` : ''}`;
}

async function main(): Promise<void> {
  buildProductIfNeeded((line) => process.stderr.write(`trace: ${line}\n`));
  await buildPages({ minify: false });
  const server = await startServer();
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (const n of SIZES) {
      const page = await context.newPage();
      await page.goto(`${server.url}/page/threadline.html`, { waitUntil: 'load' });
      await page.waitForFunction('!!window.bench');
      await page.evaluate(`(() => {
        window.__loaf = [];
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__loaf.push(e.toJSON()); })
          .observe({ type: 'long-animation-frame' });
      })()`);
      if (PRELUDE) await page.evaluate(PRELUDE);
      await browser.startTracing(page, { categories: CATEGORIES });
      await page.evaluate('performance.mark("bench:render-start")');
      const render = await page.evaluate<{ ms: number; longestTask: number }>(`window.bench.render(${n})`);
      await page.evaluate('performance.mark("bench:render-end")');
      const buffer = await browser.stopTracing();
      if (OUT) {
        mkdirSync(OUT, { recursive: true });
        writeFileSync(join(OUT, `trace-${n}.json`), buffer);
      }
      const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
      const { pid, tid } = mainThread(traceEvents);
      const events = traceEvents.filter((e) => e.pid === pid);
      const markTs = (name: string) =>
        events.find((e) => e.name === name && e.cat.includes('blink.user_timing'))?.ts ?? 0;
      const from = markTs('bench:render-start');
      const to = markTs('bench:render-end') || Number.POSITIVE_INFINITY;
      const tasks = events.filter(
        (e) => e.tid === tid && e.name === 'RunTask' && e.ph === 'X' && e.ts >= from && e.ts <= to,
      );
      const selfTimes = profileSelfTimes(traceEvents, pid, tid);
      console.log(
        `\n## ${n} comments: render ${render.ms.toFixed(0)} ms, longest task (PerformanceObserver) ${render.longestTask.toFixed(0)} ms, ${tasks.length} tasks`,
      );
      const long = tasks.filter((t) => (t.dur ?? 0) / 1000 >= MIN_MS);
      const top = [...tasks].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 5);
      console.log(
        `longest: ${top.map((t) => `${((t.dur ?? 0) / 1000).toFixed(0)} ms at +${((t.ts - from) / 1000).toFixed(0)}`).join(', ')}`,
      );
      for (const task of long) {
        console.log(
          `- task at +${((task.ts - from) / 1000).toFixed(0)} ms, ${((task.dur ?? 0) / 1000).toFixed(1)} ms: ${describeTask(events, task)}`,
        );
        const top = selfTimes(task.ts, task.ts + (task.dur ?? 0)).slice(0, 12);
        for (const [name, ms] of top) console.log(`    ${ms.toFixed(1).padStart(6)} ms  ${name}`);
      }
      // Performance measures the page made (none in the product; add some while investigating).
      const measures = (await page.evaluate(`(() => {
        const start = performance.getEntriesByName('bench:render-start')[0]?.startTime ?? 0;
        return performance.getEntriesByType('measure').map((m) => [m.name, m.startTime - start, m.duration]);
      })()`)) as [string, number, number][];
      for (const [name, at, ms] of measures.filter(([, , ms]) => ms >= MIN_MS / 10).slice(0, 40))
        console.log(`  measure at +${at.toFixed(0)} ms: ${name} ${ms.toFixed(1)} ms`);
      const loaf = (await page.evaluate('window.__loaf')) as {
        duration: number;
        blockingDuration: number;
        renderStart: number;
        styleAndLayoutStart: number;
        startTime: number;
        scripts: {
          invoker: string;
          sourceFunctionName: string;
          duration: number;
          forcedStyleAndLayoutDuration: number;
        }[];
      }[];
      for (const f of loaf.filter((l) => l.duration >= MIN_MS)) {
        const scripts = f.scripts
          .map((s) => `${s.invoker || s.sourceFunctionName} ${s.duration.toFixed(0)} ms`)
          .join('; ');
        const styleLayout = f.styleAndLayoutStart ? f.startTime + f.duration - f.styleAndLayoutStart : 0;
        console.log(
          `- LoAF ${f.duration.toFixed(0)} ms (blocking ${f.blockingDuration.toFixed(0)}), style+layout ${styleLayout.toFixed(0)} ms; scripts: ${scripts}`,
        );
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
