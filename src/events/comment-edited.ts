import type { Comment } from '../adapters/adapter';

/** A reader's edit of their own comment was stored. */
export class CommentEditedEvent extends CustomEvent<{ readonly comment: Comment }> {
  static readonly type = 'threadline-comment-edited';
  constructor(comment: Comment) {
    super(CommentEditedEvent.type, { detail: { comment }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'threadline-comment-edited': CommentEditedEvent;
  }
}
