import { LIMITS } from '../adapters/adapter';
import { type AdapterError, ValidationError } from '../adapters/errors';

/** Plain words for the reader, from a typed adapter error. */
export function describeError(error: AdapterError): string {
  switch (error.code) {
    case 'rate_limited':
      return error.retryAfter !== undefined && error.retryAfter > 0
        ? `You are posting too fast — try again in ${Math.ceil(error.retryAfter)} s`
        : 'You are posting too fast — try again in a moment.';
    case 'network':
      return "Can't reach the comment server. Check your connection and try again.";
    case 'forbidden':
      if (error.reason === 'edit_window_closed') return 'The edit window for this comment has closed.';
      if (error.reason === 'thread_closed') return 'This discussion is closed.';
      return 'You can only change your own comments.';
    case 'unauthorized':
      return 'Please sign in again to continue.';
    case 'validation': {
      const first = Object.values(error.fields)[0];
      return first ?? (error.message || 'Please check what you wrote and try again.');
    }
    case 'not_found':
      return 'That comment no longer exists.';
    case 'conflict':
      return 'This changed in the meantime. Please reload the comments and try again.';
    case 'too_large':
      return error.reason === 'storage_full'
        ? 'This browser has no room left to save comments.'
        : 'That is too long to save.';
    default:
      return 'Something went wrong on the comment server. Please try again.';
  }
}

export const POSTED_TEXT = 'Your comment was posted.';
export const WAIT_FOR_PARENT_TEXT = 'Please wait until that comment is posted before replying to it.';
export const NOT_SENT_TEXT =
  "Can't reach the comment server. Your comment is saved on this device and will be sent when the connection is back.";
export const RESTORED_TEXT = 'Your comment was not posted; its text is back in the comment box.';

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
