/**
 * What the store says to the reader. English here; the element passes its locale's catalog
 * (`ThreadStoreOptions.texts`), read when a notice is made, so a catalog that arrives later still counts.
 */
export interface NoticeTexts {
  rateLimited(seconds: number | undefined): string;
  network: string;
  /** The comment server answered but does not serve this site (its origin is not in THREADLINE_ORIGINS). */
  originRefused: string;
  editWindowClosed: string;
  threadClosed: string;
  notYours: string;
  signIn: string;
  checkInput: string;
  gone: string;
  conflict: string;
  storageFull: string;
  tooLong: string;
  server: string;
  posted: string;
  edited: string;
  removed: string;
  waitForParent: string;
  notSent: string;
  restored: string;
  /** After a report. */
  reported: string;
  /** After a moderator's action. */
  moderated: string;
  /** After a post that waits for a moderator. */
  held: string;
  /** A guest's name that a signed-in reader uses, or one that looks like it. */
  nameTaken: string;
  /** A write by a banned reader. */
  banned: string;
  /** After a moderator banned an author. */
  authorBanned: string;
}

export const ENGLISH_NOTICES: NoticeTexts = {
  rateLimited: (seconds) =>
    seconds !== undefined && seconds > 0
      ? `You are posting too fast — try again in ${Math.ceil(seconds)} s`
      : 'You are posting too fast — try again in a moment.',
  network: "Can't reach the comment server. Check your connection and try again.",
  originRefused: 'Comments are not available on this page.',
  editWindowClosed: 'The edit window for this comment has closed.',
  threadClosed: 'This discussion is closed.',
  notYours: 'You can only change your own comments.',
  signIn: 'Please sign in again to continue.',
  checkInput: 'Please check what you wrote and try again.',
  gone: 'That comment no longer exists.',
  conflict: 'This changed in the meantime. Please reload the comments and try again.',
  storageFull: 'This browser has no room left to save comments.',
  tooLong: 'That is too long to save.',
  server: 'Something went wrong on the comment server. Please try again.',
  posted: 'Your comment was posted.',
  edited: 'Your edit was saved.',
  removed: 'Your comment was deleted.',
  waitForParent: 'Please wait until that comment is posted before replying to it.',
  notSent:
    "Can't reach the comment server. Your comment is saved on this device and will be sent when the connection is back.",
  restored: 'Your comment was not posted; its text is back in the comment box.',
  reported: 'Thanks for the report. A moderator will take a look.',
  moderated: 'Done.',
  held: 'Thanks! Your comment will appear once a moderator has approved it.',
  nameTaken: 'That name is taken by, or looks like, a signed-in reader’s name. Please choose another.',
  banned: 'A moderator has stopped you from commenting here for now.',
  authorBanned: 'The author is banned.',
};
