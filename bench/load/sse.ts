/**
 * SSE fan-out: N open event streams (plain node:http GETs, one socket each, spread over the deployment's
 * processes); one comment is posted through the first process, and we time how long it takes to reach
 * every stream. Repeated a few times; the median run is reported.
 */
import http from 'node:http';
import type { Deployment } from './setup';

export interface FanoutResult {
  streams: number;
  /** Post sent → event arrived on half of the streams (ms, median over the rounds). */
  p50Ms: number;
  /** … on 99 % of them. */
  p99Ms: number;
  /** … on every stream. */
  allMs: number;
}

interface Stream {
  seen(marker: string): number | undefined;
  close(): void;
}

function open(url: string, ready: () => void, fail: (e: Error) => void): Stream {
  const arrivals = new Map<string, number>();
  let text = '';
  let isReady = false;
  const req = http.get(url, { agent: false, headers: { Accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      fail(new Error(`stream answered ${res.statusCode}`));
      res.resume();
      return;
    }
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      const now = performance.now();
      text += chunk;
      let split = text.indexOf('\n\n');
      while (split >= 0) {
        const block = text.slice(0, split);
        text = text.slice(split + 2);
        if (!isReady && block.includes('event: ready')) {
          isReady = true;
          ready();
        }
        const marker = /"body":"(bench-fanout-[^"]+)"/.exec(block)?.[1];
        if (marker) arrivals.set(marker, now);
        split = text.indexOf('\n\n');
      }
    });
  });
  req.on('error', (e) => {
    if (!isReady) fail(e);
  });
  return { seen: (m) => arrivals.get(m), close: () => req.destroy() };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

export async function fanout(
  deployment: Deployment,
  thread: string,
  count: number,
  rounds = 5,
): Promise<FanoutResult> {
  const streams: Stream[] = [];
  let readyCount = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${readyCount}/${count} streams ready in 30 s`)),
      30_000,
    );
    for (let i = 0; i < count; i++) {
      const base = deployment.processes[i % deployment.processes.length]?.url;
      streams.push(
        open(
          `${base}/api/threads/${thread}/events`,
          () => {
            if (++readyCount === count) {
              clearTimeout(timer);
              resolve();
            }
          },
          (e) => {
            clearTimeout(timer);
            reject(e);
          },
        ),
      );
    }
  });
  const poster = deployment.processes[0]?.url;
  const results: FanoutResult[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      const marker = `bench-fanout-${count}-${r}-${Date.now()}`;
      const sent = performance.now();
      const res = await fetch(`${poster}/api/threads/${thread}/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ body: marker, authorName: 'Fan-out' }),
      });
      if (res.status !== 201) throw new Error(`post answered ${res.status}`);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const times = streams.map((s) => s.seen(marker));
        if (times.every((t) => t !== undefined)) {
          const sorted = (times as number[]).map((t) => t - sent).sort((a, b) => a - b);
          results.push({
            streams: count,
            p50Ms: percentile(sorted, 50),
            p99Ms: percentile(sorted, 99),
            allMs: sorted.at(-1) ?? Number.NaN,
          });
          break;
        }
        if (Date.now() > deadline) throw new Error(`event did not reach all ${count} streams in 15 s`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    for (const s of streams) s.close();
  }
  results.sort((a, b) => a.allMs - b.allMs);
  const median = results[Math.floor(results.length / 2)] as FanoutResult;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    streams: count,
    p50Ms: round1(median.p50Ms),
    p99Ms: round1(median.p99Ms),
    allMs: round1(median.allMs),
  };
}
