/**
 * Input checks shared by the in-browser adapters and the reference server: the same rules, limits and
 * messages on both sides. Every check reads one field of an untrusted object and throws a
 * ValidationError naming it; the `…Problem` functions say what is wrong with a value (the server's zod
 * schemas use them), so each rule is written once.
 */
import { type Anchor, LIMITS, SORTS, type Sort, type VoteValue } from './adapter';
import { ValidationError } from './errors';

import { THREAD_KEY_PATTERN } from './thread-key';

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
  rule: 'belongs to a signed-in user; choose another',
};
export const RESERVED_NAMES: readonly string[] = ['[deleted]'];

/** The rule for a thread key. */
export function threadProblem(thread: string): Problem | undefined {
  return thread.length <= LIMITS.threadMaxLength && THREAD_KEY_PATTERN.test(thread)
    ? undefined
    : { reason: 'bad_thread', rule: THREAD_KEY_RULE };
}

export const MAX_ID_LENGTH = 200;
export const MAX_KEY_LENGTH = 200;
export const MAX_COUNT_THREADS = 100;

export function invalid(field: string, message: string, reason?: string): ValidationError {
  return new ValidationError(message, { fields: { [field]: message }, ...(reason ? { reason } : {}) });
}

export function requireObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('The request is malformed.', { reason: 'malformed' });
  }
  return value as Record<string, unknown>;
}

export function checkThread(value: unknown): string {
  if (typeof value !== 'string' || threadProblem(value)) {
    throw invalid('thread', `A thread id ${THREAD_KEY_RULE}.`, 'bad_thread');
  }
  return value;
}

export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_ID_LENGTH) {
    throw invalid(field, 'The comment id is missing or malformed.', 'bad_id');
  }
  return value;
}

/** Returns the body trimmed (as every backend stores it), or throws. */
export function checkBody(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid('body', 'Please write a comment first.', 'body_empty');
  }
  const body = value.trim();
  const problem = bodyProblem(body);
  if (problem?.reason === 'body_too_long') {
    throw invalid(
      'body',
      `A comment can be at most ${LIMITS.bodyMaxLength.toLocaleString('en-US')} characters.`,
      problem.reason,
    );
  }
  if (problem) throw invalid('body', `The comment ${problem.rule}.`, problem.reason);
  return body;
}

/** Returns the name trimmed, undefined for none, or throws. */
export function checkName(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid('authorName', 'Please enter a name.', 'name_invalid');
  const name = value.trim();
  if (name === '') return undefined;
  const problem = nameProblem(name);
  if (problem?.reason === 'name_too_long') {
    throw invalid('authorName', `A name can be at most ${LIMITS.nameMaxLength} characters.`, problem.reason);
  }
  if (problem) throw invalid('authorName', `The name ${problem.rule}.`, problem.reason);
  return name;
}

export function checkAnchor(value: unknown): Anchor | undefined {
  if (value === undefined || value === null) return undefined;
  const a = typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (!a || typeof a.id !== 'string' || a.id === '' || a.id.length > MAX_ID_LENGTH) {
    throw invalid('anchor', 'The passage reference is malformed.', 'anchor_invalid');
  }
  if (typeof a.quote !== 'string' || a.quote.length > LIMITS.quoteMaxLength) {
    throw invalid(
      'anchor',
      `A quoted passage can be at most ${LIMITS.quoteMaxLength.toLocaleString('en-US')} characters.`,
      'quote_too_long',
    );
  }
  return { id: a.id, quote: a.quote };
}

export function checkInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `${field} must be a whole number from ${min} to ${max}.`, 'bad_limit');
  }
  return value;
}

export function checkSort(value: unknown): Sort {
  if (!SORTS.includes(value as Sort)) throw invalid('sort', 'Unknown sort order.', 'bad_sort');
  return value as Sort;
}

export function checkVote(value: unknown): VoteValue {
  if (value !== -1 && value !== 0 && value !== 1) {
    throw invalid('value', 'A vote is -1, 0 or 1.', 'bad_vote');
  }
  return value;
}

export function checkSignal(signal: unknown): AbortSignal | undefined {
  return signal instanceof AbortSignal ? signal : undefined;
}
