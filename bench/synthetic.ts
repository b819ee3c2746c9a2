/**
 * Deterministic synthetic threads for the benchmark and the performance behaviour tests: the same `n`
 * always gives the same comments. About a third are top-level; the rest reply to an earlier comment,
 * mostly a recent one, so chains nest several levels deep. Bodies run from one short sentence to a few
 * paragraphs, with some emphasis, links and quotes, like real reader comments.
 */
import type { SeedComment } from '../src/contract/seed';

/** mulberry32: tiny, fast, good enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eve', 'Finn', 'Gita', 'Hugo', 'Ines', 'Jon', 'Kai', 'Lena'];
const LAST = ['Ribeiro', 'Okafor', 'Park', 'Shah', 'Walsh', 'Moreau', 'Novak', 'Lind', 'Costa', 'Berg'];
const WORDS = (
  'the ferry council night crossing bridge budget nurses shift estuary tide harbour timetable ' +
  'vote decision years late winter service boat passengers cost fares route town people work ' +
  'morning evening weather crew engine subsidy plan report meeting residents travel home early'
).split(' ');

function sentence(rnd: () => number): string {
  const length = 6 + Math.floor(rnd() * 14);
  const words = Array.from({ length }, () => WORDS[Math.floor(rnd() * WORDS.length)] ?? 'ferry');
  if (rnd() < 0.12) words[2] = `*${words[2]}*`;
  if (rnd() < 0.05) words[4] = `[${words[4]}](https://example.com/${words[4]})`;
  const text = words.join(' ');
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}.`;
}

function body(rnd: () => number): string {
  const paragraphs = rnd() < 0.7 ? 1 : rnd() < 0.8 ? 2 : 3;
  const parts: string[] = [];
  for (let p = 0; p < paragraphs; p += 1) {
    const sentences = 1 + Math.floor(rnd() * 3);
    parts.push(Array.from({ length: sentences }, () => sentence(rnd)).join(' '));
  }
  if (rnd() < 0.05) parts.unshift(`> ${sentence(rnd)}`);
  return parts.join('\n\n');
}

export function syntheticThread(n: number, seed = 42): SeedComment[] {
  const rnd = random(seed + n);
  const comments: SeedComment[] = [];
  for (let i = 0; i < n; i += 1) {
    const isRoot = i === 0 || rnd() < 0.35;
    // Replies go mostly to one of the last 30 comments: conversations, not a flat spray.
    const parent = isRoot ? null : comments[Math.max(0, i - 1 - Math.floor(rnd() * Math.min(i, 30)))];
    comments.push({
      key: `c${i}`,
      parentKey: parent ? parent.key : null,
      authorName: `${FIRST[Math.floor(rnd() * FIRST.length)]} ${LAST[Math.floor(rnd() * LAST.length)]}`,
      body: body(rnd),
      // Oldest first, about one comment a minute, all in the past.
      minutesAgo: n - i + 1,
      score: Math.floor(rnd() * rnd() * 40) - 3,
    });
  }
  return comments;
}
