/**
 * The in-browser backends' checks: each reads one field of an untrusted object and throws a
 * ValidationError naming it, by the contract's rules (contract/rules.ts), which the reference server's
 * schemas apply too.
 */

import { bodyProblem, MAX_ID_LENGTH, nameProblem, THREAD_KEY_RULE, threadProblem } from '../contract/rules';
import { type Anchor, LIMITS, SORTS, type Sort, type VoteValue } from './adapter';
import { ValidationError } from './errors';

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
