/**
 * The comparison form of text: what the word lists, the duplicate check and the name guard compare, so
 * that look-alike and spelled-around variants of a word meet the word itself. It is never shown or
 * stored as the comment: `m` becomes `rn`, `0` becomes `o`, marks are gone.
 *
 * Confusables come from `unhomoglyph` (nodeca, the markdown-it maintainers): the UTS #39 confusables.txt
 * table as one code point → prototype map, with its own TypeScript types and no dependencies. Its data
 * is Unicode 13 (2020); later releases added few confusables, and the table is data, not code that
 * rots. Chosen over `confusables` (a hand-made table, not UTS #39, misses `0`/`1`/`m`),
 * `unicode-confusables` (Unicode 10 data, its types file is misnamed so TypeScript never sees it) and
 * `decancer` (a native addon with a prebuilt binary per platform, and its own table rather than UTS #39).
 *
 * What `fold` does, in order:
 * 1. drops lone surrogates (they show as �);
 * 2. reverses text under a right-to-left override (U+202E … U+202C), so `\u202Emaps` folds as the
 *    `spam` a reader sees;
 * 3. NFKC: fullwidth, mathematical, circled, superscript letters and ligatures become plain letters;
 * 4. full case folding (upper then lower: `ß` → `ss`, `ſ` → `s`, final `ς` → `σ`), then the "fancy
 *    text" letters UTS #39 leaves alone: small capitals (`ꜱᴘᴀᴍ`), negative circled and squared letters
 *    (`🅢`, `🆂`), and the Cyrillic letters that read as small capitals (`в к м н т`);
 * 5. removes invisible characters (default-ignorable code points such as zero-width spaces and joiners,
 *    bidi controls, variation selectors, Hangul fillers; format and control characters) and the generic
 *    combining diacritics (U+0300–036F and the other "combining diacritical marks" blocks: accents and
 *    Zalgo stacks), but not the vowel signs of Indic and other scripts, which spell words there;
 * 6. turns every run of white space into one space and trims;
 * 7. joins letters spelled apart: three or more single letters or digits separated by one repeated
 *    separator (`s.p.a.m`, `s p a m`, `s-p-a-m`, `s . p . a . m`) become one word. The separator must be
 *    the same all along, so `x. s.p.a.m` still yields `spam`; a list of initials (`U.S.A.`) joins too,
 *    which only matters if the joined letters are a listed word;
 * 8. the UTS #39 skeleton, then lower case again (prototypes such as `O` for `0`), repeated until stable.
 *
 * Stretched letters (`spaaaam`) are not collapsed here: collapsing them everywhere makes `ass` fold like
 * `as`. The word matcher (./words.ts) accepts a stretched run (three or more) for a single or double
 * letter instead. Leetspeak (`$p4m`) is not folded: digits and symbols are ordinary text in comments.
 */
import unhomoglyph from 'unhomoglyph';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A right-to-left override and what it governs: up to its PDF, another bidi control, or the line's end. */
const RTL_OVERRIDE = /\u202E([^\u202A-\u202E\u2066-\u2069\n\r\u2029]*)\u202C?/g;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]|(?!\p{White_Space})\p{Cc}/gu;
const DIACRITIC = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
/** White space, and the blank Braille pattern that shows as one. */
const SPACE = /[\p{White_Space}\u2800]+/gu;
/**
 * Three or more lone letters or digits with the same separator (one to three spaces, punctuation or
 * symbols) between each.
 */
const SPELLED_APART =
  /(?<![\p{L}\p{N}])[\p{L}\p{N}]([ \p{P}\p{S}]{1,3})[\p{L}\p{N}](?![\p{L}\p{N}])(?:\1[\p{L}\p{N}](?![\p{L}\p{N}]))+/gu;
const NOT_LETTER = /[^\p{L}\p{N}]/gu;

/** Small capitals, and Cyrillic letters shaped like them, that confusables.txt does not map. */
const SMALL_CAPS = new Map(
  [...'ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢвкмнт'].map((c, i) => [c, 'abcdefghijklmnopqrstuvwyzbkmht'.charAt(i)]),
);
/** Negative circled (U+1F150–1F169) and negative squared (U+1F170–1F189) Latin capitals. */
const FANCY = /[ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢвкмнт]|[\u{1F150}-\u{1F169}\u{1F170}-\u{1F189}]/gu;
const unfancy = (c: string): string => {
  const cp = c.codePointAt(0) ?? 0;
  if (cp >= 0x1f150) return String.fromCharCode(97 + ((cp - 0x1f150) % 0x20));
  return SMALL_CAPS.get(c) ?? c;
};

const reverse = (s: string) => [...s].reverse().join('');
const caseFold = (s: string) => s.toUpperCase().toLowerCase();

/** Steps 1–3 and 5–7 (see above); `withCase` adds step 4. */
function prepare(text: string, withCase: boolean): string {
  let s = text.replace(LONE_SURROGATE, '').replace(RTL_OVERRIDE, (_, inner: string) => reverse(inner));
  s = s.normalize('NFKC');
  if (withCase) s = caseFold(s);
  return s
    .replace(FANCY, unfancy)
    .normalize('NFD')
    .replace(INVISIBLE, '')
    .replace(DIACRITIC, '')
    .replace(SPACE, ' ')
    .trim()
    .replace(SPELLED_APART, (run) => run.replace(NOT_LETTER, ''));
}

/** Step 8: the skeleton, in lower case, to a fixed point (two rounds at most for the current table). */
function skeleton(prepared: string): string {
  let s = prepared;
  for (let round = 0; round < 4; round++) {
    const next = caseFold(unhomoglyph(s).normalize('NFD').replace(DIACRITIC, ''));
    if (next === s) break;
    s = next;
  }
  return s;
}

/** The comparison form of `text` (see the module comment). Linear in the length of `text`. */
export function fold(text: string): string {
  return skeleton(prepare(text, true));
}

/** Letters only: names that differ by spaces or punctuation (`Ana Lima`, `Ana_Lima`) are one name. */
const nameForm = (folded: string) => folded.replace(/[\p{White_Space}\p{P}]/gu, '');

/**
 * The two forms a display name is compared in. `fold` lowers case before the skeleton, which catches
 * `IAN` for `ian` but loses a capital `I` written for an `l` (`PauI`); the second form takes the
 * skeleton first (where `I` → `l`; `skeleton` lowers case after each round). A name is confusable when
 * either form meets.
 */
export function nameKeys(name: string): readonly [string, string] {
  return [nameForm(fold(name)), nameForm(skeleton(prepare(name, false)))];
}

/** True when two display names would read alike: equal in either comparison form of `nameKeys`. */
export function confusableNames(a: string, b: string): boolean {
  const [a1, a2] = nameKeys(a);
  const [b1, b2] = nameKeys(b);
  return a1 === b1 || a2 === b2;
}

/**
 * The first of `protectedNames` (moderators' names, reserved names such as the contract's
 * RESERVED_NAMES) that `name` is confusable with, or undefined. A guest's name is refused when there is
 * one.
 */
export function confusableWith(name: string, protectedNames: Iterable<string>): string | undefined {
  const [k1, k2] = nameKeys(name);
  for (const other of protectedNames) {
    const [o1, o2] = nameKeys(other);
    if (k1 === o1 || k2 === o2) return other;
  }
  return undefined;
}
