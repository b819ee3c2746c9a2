/**
 * The server load benchmark (not a test): `npx tsx bench/load.ts`.
 *
 * On 127.0.0.1, against real server processes: embedded PGlite (one process; a PGlite data folder
 * belongs to one process) with and without its per-commit WAL fsync, PostgreSQL (fsync on) with one and
 * with two processes. For each: list, post and vote
 * with autocannon (requests/s, p50/p99 latency), and SSE fan-out — the time for one new comment to
 * reach 100 and 1,000 open event streams. Prints a markdown table and writes bench/results/load.json.
 * Bounded: about 6 s per HTTP scenario, the whole run well under 4 minutes.
 *
 * BENCH_SECONDS=3 shortens each HTTP run; BENCH_ONLY=pglite|postgres|defences picks one part.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { type HttpResult, httpLoad, prepare, THREAD } from './load/http';
import { type Deployment, deployPglite, deployPostgres } from './load/setup';
import { fanout } from './load/sse';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ONLY = process.env.BENCH_ONLY;

interface Row {
  deployment: string;
  store: string;
  processes: number;
  list: HttpResult;
  post: HttpResult;
  vote: HttpResult;
  fanout100: { p50Ms: number; p99Ms: number; allMs: number };
  fanout1000: { p50Ms: number; p99Ms: number; allMs: number };
}

const plans: Array<{ store: string; make: () => Promise<Deployment> }> = [
  { store: 'pglite', make: () => deployPglite('PGlite, 1 process (WAL fsync per commit, default)') },
  {
    store: 'pglite',
    make: () =>
      deployPglite('PGlite, 1 process, THREADLINE_PGLITE_SYNC=false', { THREADLINE_PGLITE_SYNC: 'false' }),
  },
  { store: 'postgres', make: () => deployPostgres('PostgreSQL, 1 process', 1) },
  { store: 'postgres', make: () => deployPostgres('PostgreSQL, 2 processes', 2) },
];

async function measure(deployment: Deployment): Promise<Row> {
  const base = deployment.processes[0]?.url as string;
  const fx = await prepare(base);
  const log = (what: string) => console.error(`[bench] ${deployment.name}: ${what}`);
  log('list');
  const list = await httpLoad(deployment, 'list', fx, { seconds: SECONDS });
  log('post');
  const post = await httpLoad(deployment, 'post', fx, { seconds: SECONDS });
  log('vote');
  const vote = await httpLoad(deployment, 'vote', fx, { seconds: SECONDS });
  log('fan-out to 100 streams');
  const fanout100 = await fanout(deployment, `${THREAD}-fanout-100`, 100);
  log('fan-out to 1000 streams');
  const fanout1000 = await fanout(deployment, `${THREAD}-fanout-1000`, 1000);
  const { streams: _a, ...f100 } = fanout100;
  const { streams: _b, ...f1000 } = fanout1000;
  return {
    deployment: deployment.name,
    store: deployment.store,
    processes: deployment.processes.length,
    list,
    post,
    vote,
    fanout100: f100,
    fanout1000: f1000,
  };
}

function table(rows: Row[]): string {
  const http = (r: HttpResult) =>
    `${r.requestsPerSecond.toLocaleString('en')} · ${r.p50Ms} / ${r.p99Ms}${r.errors + r.non2xx ? ` (${r.errors + r.non2xx} failed)` : ''}`;
  const fan = (f: Row['fanout100']) => `${f.p50Ms} / ${f.p99Ms} / ${f.allMs}`;
  return [
    '| deployment | list req/s · p50 / p99 ms | post req/s · p50 / p99 ms | vote req/s · p50 / p99 ms | event → 100 streams p50 / p99 / all ms | event → 1,000 streams p50 / p99 / all ms |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.deployment} | ${http(r.list)} | ${http(r.post)} | ${http(r.vote)} | ${fan(r.fanout100)} | ${fan(r.fanout1000)} |`,
    ),
  ].join('\n');
}

/**
 * Post latency with every spam defence on (honeypot, time to write, links, 50 blocked and 50 watched
 * words, repeats) against all of them off, on PGlite: the defences must cost a post at most 1.2×. The
 * Akismet check is a network call to a service the bench cannot reach; it is left out.
 */
const DEFENCES_OFF = {
  THREADLINE_HONEYPOT: 'false',
  THREADLINE_MIN_WRITE_MS: '0',
  THREADLINE_MAX_LINKS: 'off',
  THREADLINE_DUPLICATE_WINDOW_MINUTES: '0',
};
const words = (prefix: string) => Array.from({ length: 50 }, (_, i) => `${prefix}word${i}`).join(',');
const DEFENCES_ON = {
  THREADLINE_MIN_WRITE_MS: '2000',
  THREADLINE_BLOCKED_WORDS: words('blocked'),
  THREADLINE_WATCHED_WORDS: words('watched'),
};

async function defences(): Promise<{ off: HttpResult; on: HttpResult }> {
  const result: Partial<Record<'off' | 'on', HttpResult>> = {};
  for (const [key, env] of [
    ['off', DEFENCES_OFF],
    ['on', DEFENCES_ON],
  ] as const) {
    const deployment = await deployPglite(`PGlite, defences ${key}`, env);
    try {
      const fx = await prepare(deployment.processes[0]?.url as string);
      console.error(`[bench] post with the spam defences ${key}`);
      result[key] = await httpLoad(deployment, 'post', fx, { seconds: SECONDS });
    } finally {
      await deployment.stop();
    }
  }
  return result as { off: HttpResult; on: HttpResult };
}

const started = Date.now();
const rows: Row[] = [];
for (const plan of plans) {
  if (ONLY && plan.store !== ONLY) continue;
  const deployment = await plan.make();
  try {
    rows.push(await measure(deployment));
  } finally {
    await deployment.stop();
  }
}
const spam = !ONLY || ONLY === 'defences' ? await defences() : null;
const result = {
  spamDefences: spam,
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
  settings: { secondsPerHttpRun: SECONDS, connections: 16 },
  rows,
  durationSeconds: Math.round((Date.now() - started) / 1000),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/load.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(table(rows));
if (spam) {
  const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');
  console.log(
    `\npost with every spam defence on vs off (PGlite): p50 ${spam.on.p50Ms} vs ${spam.off.p50Ms} ms (${ratio(spam.on.p50Ms, spam.off.p50Ms)}×), p99 ${spam.on.p99Ms} vs ${spam.off.p99Ms} ms (${ratio(spam.on.p99Ms, spam.off.p99Ms)}×), ${spam.on.requestsPerSecond} vs ${spam.off.requestsPerSecond} req/s`,
  );
}
console.log(`\n${result.durationSeconds} s; written to bench/results/load.json`);
process.exit(0);
