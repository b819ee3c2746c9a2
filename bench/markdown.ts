/**
 * Issue #15: today's comment parser (simple-markdown, src/contract/markdown/parse.ts) against parsers built
 * for untrusted input with CommonMark behaviour: markdown-it (the prototype in
 * src/contract/markdown/parse-markdown-it.ts, same comment AST) and micromark (raw parse to mdast only).
 * Median microseconds per parse on typical comments and on hostile 10,000-character inputs.
 *
 *   npm i --no-save markdown-it micromark mdast-util-from-markdown   # not dependencies of the project
 *   npx tsx bench/markdown.ts [--quick]
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { parseMarkdown as parseToday } from '../src/contract/markdown/parse';
import { md, parseMarkdown as parseMarkdownIt } from './markdown/markdown-it-parser';

const quick = process.argv.includes('--quick');
/** Time spent on one parser and one input, after warm-up; at least MIN_REPS parses. */
const BUDGET_MS = quick ? 60 : 400;
const MIN_REPS = 5;
const MAX_REPS = 20_000;

// micromark with the constructs comments do not support turned off, as the prototype does for markdown-it.
const micromarkOff = {
  disable: {
    null: [
      'headingAtx',
      'setextUnderline',
      'thematicBreak',
      'htmlFlow',
      'htmlText',
      'definition',
      'labelStartImage',
      'characterReference',
    ],
  },
};

const parsers: [string, (s: string) => unknown][] = [
  ['today: simple-markdown, AST', parseToday],
  ['markdown-it prototype, AST', parseMarkdownIt],
  ['markdown-it raw tokens', (s) => md.parse(s, {})],
  ['micromark raw mdast', (s) => fromMarkdown(s, { extensions: [micromarkOff] })],
];

const fill = (unit: string, n = 10_000) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const mixedTokens = [
  '*',
  '**',
  '_',
  '`',
  '[',
  ']',
  '(',
  ')',
  '](',
  '<',
  '>',
  '> ',
  '- ',
  '1. ',
  '\\',
  '\n',
  'a',
  ' ',
  'http://x.y',
  '~~~',
  '!',
];
let mixed = '';
while (mixed.length < 10_000) mixed += mixedTokens[Math.floor(rnd() * mixedTokens.length)];
mixed = mixed.slice(0, 10_000);

const deepList: string[] = [];
for (let i = 0, len = 0; len < 10_000; i++) {
  const line = `${'  '.repeat(i)}- x`;
  deepList.push(line);
  len += line.length + 1;
}

const typical: [string, string][] = [
  ['sentence', 'I think the author missed the point about the budget, but a good read overall.'],
  [
    'paragraph: emphasis + link',
    'This is *exactly* what I meant. The **original report** is [here](https://example.com/report?id=42 "Report"), ' +
      'and it says the opposite of the headline. See https://example.org/more for context.',
  ],
  ['list', 'Three things:\n\n- the cost\n- the timing, which is **odd**\n- who pays\n\n1. first\n2. second'],
  ['quote', '> The council said it would not comment.\n> Again.\n\nWell, that says it all.'],
  ['code', 'Try this:\n\n```js\nconst x = a * b;\nconsole.log(x);\n```\n\nor inline `a*b` in a sentence.'],
];

const hostile: [string, string][] = [
  ['*a x5000', fill('*a')],
  ['[ x5000 ] x5000', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['[a]( x2500', fill('[a](')],
  ['[]( x3333 (unit test)', fill('[](')],
  ['> x10000', fill('>')],
  ['"> " x5000', fill('> ')],
  ['` x10000', fill('`')],
  ['` runs 1..n', fill(Array.from({ length: 150 }, (_, i) => `${'`'.repeat(i + 1)}a`).join(''))],
  ['_ x10000', fill('_')],
  ['** x5000', fill('**')],
  ['**a x3333', fill('**a')],
  ['< x10000', fill('<')],
  ['<a x5000', fill('<a')],
  ['deep list indentation', deepList.join('\n').slice(0, 10_000)],
  ['"- " x5000 (one line)', fill('- ')],
  ['\\ x10000', fill('\\')],
  ['~ x10000', fill('~')],
  ['mixed tokens', mixed],
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Median microseconds per parse. */
function time(parse: (s: string) => unknown, source: string): number {
  for (let i = 0; i < 3; i++) parse(source); // warm-up
  const samples: number[] = [];
  const until = performance.now() + BUDGET_MS;
  while (samples.length < MIN_REPS || (performance.now() < until && samples.length < MAX_REPS)) {
    const t = performance.now();
    parse(source);
    samples.push((performance.now() - t) * 1000);
  }
  return median(samples);
}

const fmt = (us: number) =>
  us >= 10_000 ? `${(us / 1000).toFixed(1)} ms` : `${us.toFixed(us < 100 ? 1 : 0)} µs`;
const cells = (xs: string[]) => `| ${xs.join(' | ')} |`;

/** Prints one markdown table (rows as they are measured) and returns the figures. */
function table(title: string, inputs: [string, string][]): number[][] {
  console.log(`\n${cells([title, 'chars', ...parsers.map(([n]) => n)])}`);
  console.log(cells(['---', '---:', ...parsers.map(() => '---:')]));
  const rows: number[][] = [];
  for (const [name, source] of inputs) {
    const row = parsers.map(([, parse]) => time(parse, source));
    rows.push(row);
    console.log(cells([name, String(source.length), ...row.map(fmt)]));
  }
  return rows;
}

console.log(
  `node ${process.version}; median of the parses that fit in ${BUDGET_MS} ms (at least ${MIN_REPS}) per cell`,
);
const typ = table('typical comment', typical);
const hos = table('hostile input', hostile);

const summary = parsers.map((_, p) => {
  const typicalMean = typ.reduce((a, row) => a + (row[p] as number), 0) / typ.length;
  let worst = 0;
  let worstName = '';
  hos.forEach((row, i) => {
    if ((row[p] as number) > worst) {
      worst = row[p] as number;
      worstName = hostile[i]?.[0] ?? '';
    }
  });
  return { typicalMean, hostileMedian: median(hos.map((row) => row[p] as number)), worst, worstName };
});
console.log(`\n${cells(['summary', ...parsers.map(([n]) => n)])}`);
console.log(cells(['---', ...parsers.map(() => '---:')]));
console.log(cells(['typical: mean of medians', ...summary.map((x) => fmt(x.typicalMean))]));
console.log(cells(['hostile: median of medians', ...summary.map((x) => fmt(x.hostileMedian))]));
console.log(cells(['hostile: worst', ...summary.map((x) => `${fmt(x.worst)} (${x.worstName})`)]));
