/**
 * The input rules both sides apply: the in-browser backends (adapters/validate.ts, which throws the
 * widget's ValidationError) and the reference server (its zod schemas). Each `…Problem` function says what
 * is wrong with a value as a stable reason and a rule phrased to follow the field's name, so every rule
 * and its wording exist once.
 */
import { THREAD_KEY_PATTERN } from './thread-key';
import { DELETED_AUTHOR_NAME, LIMITS } from './wire';

export { THREAD_KEY_PATTERN };
export const THREAD_KEY_RULE = `must be 1–${LIMITS.threadMaxLength} letters, digits or . _ ~ : / @ + - (starting with a letter or digit)`;

/**
 * Idempotency keys: 16–128 of `A–Z a–z 0–9 _ -`. The length asks for a random key (a UUID, or 16+
 * random base64url characters), so a key cannot be guessed; the charset keeps it plain in headers.
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
export const IDEMPOTENCY_KEY_RULE = 'must be 16–128 letters, digits, _ or - (a random UUID works)';

/** What is wrong with a value: a stable reason and the rule it breaks, phrased to follow the field name. */
export interface Problem {
  reason: string;
  rule: string;
}

/** Control characters (C0, DEL, C1): never in a name or a thread key. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** In a body only tab, line feed and carriage return may appear among the C0 controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const BODY_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Bidi embeddings, overrides, isolates and marks: in a name they reorder what readers see. */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/**
 * Characters that show nothing on their own: white space, default-ignorable code points (zero-width
 * spaces and joiners, Hangul fillers, variation selectors…), controls, format characters, combining
 * marks, and the blank Braille pattern.
 */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{M}\u2800]/gu;

/** True when `value` has at least one character a reader can see. */
export function hasVisibleText(value: string): boolean {
  return value.replace(INVISIBLE, '') !== '';
}

/** True when `value` is not well-formed UTF-16 (PostgreSQL and JSON cannot hold a lone surrogate). */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/**
 * The form two names are compared in: compatibility-normalised, lower case, without white space or
 * invisible characters. `Ana  Lima`, `ana lima` and `Ana\u200BLima` are one name.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(INVISIBLE, '');
}

/** The rule for other stored text (a thread title or url, a quoted passage): no NUL, well-formed. */
export function textProblem(value: string): Problem | undefined {
  if (value.includes('\u0000')) return { reason: 'text_invalid', rule: 'must not contain NUL characters' };
  if (hasLoneSurrogate(value))
    return { reason: 'text_invalid', rule: 'must not contain a lone UTF-16 surrogate' };
  return undefined;
}

/** The rule for a comment body, after trimming. */
export function bodyProblem(body: string): Problem | undefined {
  if (body === '') return { reason: 'body_empty', rule: 'must not be empty' };
  if (body.length > LIMITS.bodyMaxLength)
    return { reason: 'body_too_long', rule: `must be at most ${LIMITS.bodyMaxLength} characters` };
  if (BODY_CONTROL.test(body))
    return {
      reason: 'body_invalid',
      rule: 'must not contain control characters (line breaks and tabs are fine)',
    };
  if (hasLoneSurrogate(body))
    return { reason: 'body_invalid', rule: 'must not contain a lone UTF-16 surrogate' };
  if (!hasVisibleText(body)) return { reason: 'body_empty', rule: 'must contain visible text' };
  return undefined;
}

/** The rule for a display name, after trimming. */
export function nameProblem(name: string): Problem | undefined {
  if (name === '') return { reason: 'name_required', rule: 'must not be empty' };
  if (name.length > LIMITS.nameMaxLength)
    return { reason: 'name_too_long', rule: `must be at most ${LIMITS.nameMaxLength} characters` };
  if (CONTROL.test(name)) return { reason: 'name_invalid', rule: 'must not contain control characters' };
  if (hasLoneSurrogate(name))
    return { reason: 'name_invalid', rule: 'must not contain a lone UTF-16 surrogate' };
  if (BIDI_CONTROL.test(name))
    return { reason: 'name_invalid', rule: 'must not contain bidirectional control characters' };
  if (!hasVisibleText(name)) return { reason: 'name_invalid', rule: 'must contain a visible character' };
  return undefined;
}

/**
 * A guest may not write under the name of a signed-in user or moderator (compared by `nameKey`), nor
 * under the name tombstones show.
 */
export const NAME_TAKEN: Problem = {
  reason: 'name_taken',
  rule: 'belongs to, or looks like the name of, a signed-in user; choose another',
};
export const RESERVED_NAMES: readonly string[] = [DELETED_AUTHOR_NAME];

/** The rule for a thread key. */
export function threadProblem(thread: string): Problem | undefined {
  return thread.length <= LIMITS.threadMaxLength && THREAD_KEY_PATTERN.test(thread)
    ? undefined
    : { reason: 'bad_thread', rule: THREAD_KEY_RULE };
}

/** Longest comment id and idempotency-free key (a seed key, a passage id) either side accepts. */
export const MAX_ID_LENGTH = 200;
export const MAX_KEY_LENGTH = 200;
