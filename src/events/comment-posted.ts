import type { Comment } from '../adapters/adapter';

/** A reader's comment or reply was stored by the backend. */
export class CommentPostedEvent extends CustomEvent<{ readonly comment: Comment }> {
  static readonly type = 'threadline-comment-posted';
  constructor(comment: Comment) {
    super(CommentPostedEvent.type, { detail: { comment }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'threadline-comment-posted': CommentPostedEvent;
  }
}
