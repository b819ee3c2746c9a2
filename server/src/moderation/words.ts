/**
 * Finding listed words (the blocked and the watched lists) in folded text, at word boundaries: a blocked
 * `ass` hits `ass`, `a.s.s`, `аss` and `asssss`, never `class`, `assess` or `as`.
 */
import { fold } from './fold';

export interface WordList {
  /** The entries as configured. */
  readonly words: readonly string[];
  /** The first configured entry found in `folded` (text already passed through `fold`), or undefined. */
  find(folded: string): string | undefined;
}

/** Letters and digits: a listed word must not have one right before or after it. */
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';
/** Scripts written without spaces between words: a word there is found anywhere, not at boundaries. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/**
 * The pattern for one entry, built from its folded form: a run of equal characters (`rn`, the fold of
 * `m`, counts as one) matches the same run in the text, or a stretched run of three or more: `spam`
 * matches `spaaaam` and `spammm`; `ass` matches `asss` but not `as`; `god` does not match `good` (two
 * is a spelling, three is stretching).
 */
function entryPattern(entry: string): string | undefined {
  const folded = fold(entry);
  if (folded === '') return undefined;
  // `rn` is the skeleton of `m`: one unit, so `spammm` (folded `sparnrnrn`) stretches like any letter.
  const units = [...folded].reduce<string[]>((out, c) => {
    if (c === 'n' && out.at(-1) === 'r') out[out.length - 1] = 'rn';
    else out.push(c);
    return out;
  }, []);
  const unitPattern = (unit: string) => (unit.length > 1 ? `(?:${escapeRegExp(unit)})` : escapeRegExp(unit));
  let body = '';
  for (let i = 0; i < units.length; ) {
    const unit = units[i] as string;
    let n = 1;
    while (units[i + n] === unit) n++;
    const u = unitPattern(unit);
    if (unit === ' ') body += ' ';
    else if (n > 1) body += `${u}{${n},}`;
    // A lone `rn` also stretches as `rnnn` (a stretched `n` after a real `r`: `pornnn`).
    else if (unit === 'rn') body += 'rn(?:(?:rn){2,}|n{2,})?';
    else body += `${u}(?:${u}{2,})?`;
    i += n;
  }
  const first = units[0] ?? '';
  const last = units.at(-1) ?? '';
  // A match takes whole runs: it starts where a run of its first unit starts and ends where a run of
  // its last unit ends. Besides being right (`詐詐詐` is one stretched `詐`), this keeps the search linear:
  // inside a long run every start is refused at once instead of scanning the rest of the run again.
  const before = `(?<!${unitPattern(first)})${UNSPACED.test(first) ? '' : `(?<!${WORD_CHAR})`}`;
  const after = `(?!${unitPattern(last)})${UNSPACED.test(last) ? '' : `(?!${WORD_CHAR})`}`;
  return `${before}${body}${after}`;
}

const cache = new WeakMap<readonly string[], WordList>();

/**
 * Compiles a list once (cached per array, so passing the same settings object costs nothing after the
 * first call). Entries that fold to nothing are skipped; the settings parser refuses them.
 */
export function wordList(words: readonly string[]): WordList {
  const cached = cache.get(words);
  if (cached) return cached;
  const kept: string[] = [];
  const patterns: string[] = [];
  for (const word of words) {
    const pattern = entryPattern(word);
    if (pattern === undefined) continue;
    kept.push(word);
    patterns.push(`(${pattern})`);
  }
  const re = patterns.length > 0 ? new RegExp(patterns.join('|'), 'u') : undefined;
  const list: WordList = {
    words,
    find(folded) {
      const m = re?.exec(folded);
      if (!m) return undefined;
      const index = m.findIndex((group, i) => i > 0 && group !== undefined);
      return kept[index - 1];
    },
  };
  cache.set(words, list);
  return list;
}
