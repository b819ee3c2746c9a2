/** A reader deleted their own comment (it may stay as a placeholder when it has replies). */
export class CommentDeletedEvent extends CustomEvent<{ readonly id: string; readonly thread: string }> {
  static readonly type = 'threadline-comment-deleted';
  constructor(thread: string, id: string) {
    super(CommentDeletedEvent.type, { detail: { id, thread }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'threadline-comment-deleted': CommentDeletedEvent;
  }
}
