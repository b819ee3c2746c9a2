/**
 * HTTP load with autocannon: list, post and vote, spread over every server process of a deployment
 * (one autocannon instance per process, connections split between them).
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { Deployment } from './setup';

export const THREAD = 'bench-thread';

export interface HttpResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

export interface Fixtures {
  commentIds: string[];
  tokens: string[];
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A thread with comments to list and vote on, and guest identities to vote with. */
export async function prepare(base: string, comments = 100, voters = 200): Promise<Fixtures> {
  const identities = await Promise.all(
    Array.from({ length: voters }, () =>
      fetch(`${base}/api/identities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Bench' }),
      }).then((r) => json<{ token: string }>(r)),
    ),
  );
  const tokens = identities.map((i) => i.token);
  // The seed comments have an author of their own: authors cannot vote on their own comments.
  const author = (
    await json<{ token: string }>(
      await fetch(`${base}/api/identities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Seeder' }),
      }),
    )
  ).token;
  const commentIds: string[] = [];
  for (let i = 0; i < comments; i++) {
    const { comment } = await json<{ comment: { id: string } }>(
      await fetch(`${base}/api/threads/${THREAD}/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${author}` },
        body: JSON.stringify({ body: `Seed comment ${i} with a little **markdown** and a few words more.` }),
      }),
    );
    commentIds.push(comment.id);
  }
  return { commentIds, tokens };
}

type Scenario = 'list' | 'post' | 'vote';

function options(scenario: Scenario, url: string, fx: Fixtures): Partial<autocannon.Options> {
  switch (scenario) {
    case 'list':
      return { url: `${url}/api/threads/${THREAD}/comments?sort=newest&limit=20&replies=3` };
    case 'post': {
      let n = 0;
      return {
        url: `${url}/api/threads/${THREAD}/comments`,
        method: 'POST',
        requests: [
          {
            setupRequest: (req) => ({
              ...req,
              headers: {
                'Content-Type': 'application/json',
                'Idempotency-Key': randomUUID(),
                Authorization: `Bearer ${fx.tokens[n++ % fx.tokens.length]}`,
              },
              body: JSON.stringify({ body: `Load comment ${n}: a sentence or two of text.` }),
            }),
          },
        ],
      };
    }
    case 'vote': {
      // Identity i votes on comment i % C, flipping between +1 and -1, so every request moves a score.
      let n = 0;
      return {
        url,
        method: 'PUT',
        requests: [
          {
            setupRequest: (req) => {
              const i = n++;
              const voter = i % fx.tokens.length;
              const round = Math.floor(i / fx.tokens.length);
              return {
                ...req,
                path: `/api/threads/${THREAD}/comments/${fx.commentIds[voter % fx.commentIds.length]}/vote`,
                headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${fx.tokens[voter]}` },
                body: JSON.stringify({ value: round % 2 === 0 ? 1 : -1 }),
              };
            },
          },
        ],
      };
    }
  }
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function httpLoad(
  deployment: Deployment,
  scenario: Scenario,
  fx: Fixtures,
  { connections = 16, seconds = 6 } = {},
): Promise<HttpResult> {
  const per = Math.max(1, Math.round(connections / deployment.processes.length));
  const results = await Promise.all(
    deployment.processes.map((p) =>
      run({ ...options(scenario, p.url, fx), connections: per, duration: seconds } as autocannon.Options),
    ),
  );
  const requests = results.reduce((a, r) => a + r.requests.total, 0);
  return {
    requestsPerSecond: Math.round(results.reduce((a, r) => a + r.requests.average, 0)),
    // Several instances: the slowest one's percentiles (an upper bound of the merged distribution's).
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    requests,
    errors: results.reduce((a, r) => a + r.errors + r.timeouts, 0),
    non2xx: results.reduce((a, r) => a + r.non2xx, 0),
  };
}
