import { LIMITS } from '../adapters/adapter';
import { type AdapterError, ValidationError } from '../adapters/errors';
import { ENGLISH_NOTICES, type NoticeTexts } from '../i18n/notices';

/** Plain words for the reader, from a typed adapter error. */
export function describeError(error: AdapterError, t: NoticeTexts = ENGLISH_NOTICES): string {
  switch (error.code) {
    case 'rate_limited':
      return t.rateLimited(error.retryAfter);
    case 'network':
      return error.reason === 'origin_not_allowed' ? t.originRefused : t.network;
    case 'forbidden':
      if (error.reason === 'edit_window_closed') return t.editWindowClosed;
      if (error.reason === 'thread_closed') return t.threadClosed;
      if (error.reason === 'banned') return t.banned;
      return t.notYours;
    case 'unauthorized':
      return t.signIn;
    case 'validation': {
      if (error.reason === 'name_taken') return t.nameTaken;
      const first = Object.values(error.fields)[0];
      return first ?? (error.message || t.checkInput);
    }
    case 'not_found':
      return t.gone;
    case 'conflict':
      return t.conflict;
    case 'too_large':
      return error.reason === 'storage_full' ? t.storageFull : t.tooLong;
    default:
      return t.server;
  }
}

const EMPTY_TEXT = 'Please write a comment first.';

/** The checks every adapter makes, done first so an obviously bad post or edit never flickers in. */
export function precheck(body: string): ValidationError | null {
  const text =
    typeof body !== 'string' || body.trim() === ''
      ? EMPTY_TEXT
      : body.length > LIMITS.bodyMaxLength
        ? `A comment can be at most ${LIMITS.bodyMaxLength.toLocaleString('en-US')} characters.`
        : null;
  return text === null ? null : new ValidationError(text, { fields: { body: text } });
}
