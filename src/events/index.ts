export { CommentDeletedEvent } from './comment-deleted';
export { CommentEditedEvent } from './comment-edited';
export { CommentPostedEvent } from './comment-posted';
export { SortChangedEvent } from './sort-changed';
export { VoteChangedEvent } from './vote-changed';
