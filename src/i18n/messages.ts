import type { ModerationAction, ReportReason } from '../contract/wire';
import { groupDigits, type TimeTexts, type TimeUnit } from './format';
import { ENGLISH_NOTICES, type NoticeTexts } from './notices';
/**
 * Every string the widget shows. English is built in; add a locale with a module of the same shape
 * (like ./de.ts) and an entry in `loaders`.
 */
export interface Messages {
  comments(count: number): string;
  /** The heading while the count is not known yet. */
  heading: string;
  sortLabel: string;
  newest: string;
  oldest: string;
  top: string;
  reply: string;
  /** The Reply button's accessible name: its visible text with whom it answers. */
  replyTo(name: string): string;
  upvote(name: string): string;
  downvote(name: string): string;
  score(score: number): string;
  edit: string;
  delete: string;
  cancel: string;
  save: string;
  confirmDelete: string;
  postComment: string;
  postReply: string;
  posting: string;
  yourName: string;
  commentLabel: string;
  replyLabel(name: string): string;
  editLabel: string;
  placeholder: string;
  commentingAs(name: string): string;
  changeName: string;
  edited: string;
  deleted: string;
  deletedAuthor: string;
  sending: string;
  /** On a post kept in the outbox after a failed attempt. */
  notSent: string;
  /** The button that shows comments that arrived live. */
  newComments(count: number): string;
  pinned: string;
  replyingTo(name: string): string;
  moreReplies(count: number): string;
  loadMore: string;
  viewAll: string;
  loading: string;
  empty: string;
  closed: string;
  readonly: string;
  loadFailed: string;
  /** After "Load more" or "View all": how many comments were added. */
  loadedMore(count: number): string;
  retry: string;
  emptyBody: string;
  nameRequired: string;
  tooLong(max: number): string;
  notConfigured: string;
  dismiss: string;
  markdownHint: string;
  /** On a held comment its author sees. */
  awaitingModeration: string;
  /** On a rejected comment its author sees, with the moderator's reason when there is one. */
  notPublished(reason: string | undefined): string;
  editedByModerator: string;
  report: string;
  /** The Report button's accessible name. */
  reportComment(name: string): string;
  reportQuestion: string;
  reportReasons: Record<ReportReason, string>;
  reportDetail: string;
  reportDetailRequired: string;
  sendReport: string;
  /** Moderators' buttons, by action. */
  moderation: Record<ModerationAction, string>;
  /** The reason field of a rejection: its author reads it. */
  rejectReason: string;
  ban: string;
  /** The Ban button's accessible name. */
  banAuthor(name: string): string;
  banWhom: string;
  banScopes: { identity: string; address: string; both: string };
  banFor: string;
  /** Ban durations by hours (0: until lifted). */
  banDurations: Record<'24' | '168' | '720' | '0', string>;
  banReason: string;
  /** Under the comment box of a thread whose comments wait for a moderator. */
  reviewedFirst: string;
  /** In place of the comment box of a thread only signed-in readers may write in. */
  signInToComment: string;
  /** What the store says after an action (errors, "posted", "not sent yet"). */
  notices: NoticeTexts;
  /** "3 hours ago": catalog words, not Intl (see ./format.ts). */
  time: TimeTexts;
}

const num = (n: number) => groupDigits(n, ',');

const LAST: Record<TimeUnit, string> = {
  year: 'last year',
  month: 'last month',
  week: 'last week',
  day: 'yesterday',
  hour: '1 hour ago',
  minute: '1 minute ago',
};

const en: Messages = {
  comments: (n) => (n === 1 ? '1 comment' : `${num(n)} comments`),
  heading: 'Comments',
  sortLabel: 'Sort comments',
  newest: 'Newest',
  oldest: 'Oldest',
  top: 'Most voted',
  reply: 'Reply',
  replyTo: (name) => `Reply to ${name}`,
  upvote: (name) => `Upvote ${name}'s comment`,
  downvote: (name) => `Downvote ${name}'s comment`,
  score: (s) => `Score ${s}`,
  edit: 'Edit',
  delete: 'Delete',
  cancel: 'Cancel',
  save: 'Save',
  confirmDelete: 'Delete this comment?',
  postComment: 'Post comment',
  postReply: 'Post reply',
  posting: 'Posting…',
  yourName: 'Your name',
  commentLabel: 'Your comment',
  replyLabel: (name) => `Your reply to ${name}`,
  editLabel: 'Edit your comment',
  placeholder: 'Join the discussion…',
  commentingAs: (name) => `Commenting as ${name}`,
  changeName: 'Change name',
  edited: 'edited',
  deleted: 'This comment was deleted.',
  deletedAuthor: '[deleted]',
  sending: 'Sending…',
  notSent: 'Not sent yet — will retry',
  newComments: (n) => (n === 1 ? '1 new comment' : `${num(n)} new comments`),
  pinned: 'Pinned',
  replyingTo: (name) => `replying to ${name}`,
  moreReplies: (n) => (n === 1 ? 'Show 1 more reply' : `Show ${n} more replies`),
  loadMore: 'Load more comments',
  viewAll: 'View all comments',
  loading: 'Loading comments…',
  empty: 'No comments yet. Start the conversation.',
  closed: 'Comments are closed for this article.',
  readonly: 'Comments are read-only here.',
  loadFailed: 'Comments could not be loaded.',
  loadedMore: (n) => (n === 1 ? '1 more comment loaded.' : `${num(n)} more comments loaded.`),
  retry: 'Try again',
  emptyBody: 'Write something before posting.',
  nameRequired: 'Add a display name so readers know who is talking.',
  tooLong: (max) => `Keep it under ${num(max)} characters.`,
  notConfigured: 'This comment section is not set up correctly.',
  dismiss: 'Dismiss',
  markdownHint: 'Markdown: *italic*, **bold**, [link](https://…), `code`, > quote, - list',
  awaitingModeration: 'Awaiting moderation',
  notPublished: (reason) => (reason ? `Not published: ${reason}` : 'Not published'),
  editedByModerator: 'edited by a moderator',
  report: 'Report',
  reportComment: (name) => `Report ${name}’s comment`,
  reportQuestion: 'Why should a moderator look at this comment?',
  reportReasons: {
    spam: 'Spam or advertising',
    abuse: 'Abusive or harassing',
    'off-topic': 'Off-topic',
    illegal: 'Illegal content',
  },
  reportDetail:
    'Anything the moderators should know? (Required for illegal content: what is illegal about it.)',
  reportDetailRequired: 'Please say what is illegal about this comment.',
  sendReport: 'Send report',
  moderation: { approve: 'Approve', reject: 'Reject', spam: 'Spam', pin: 'Pin', unpin: 'Unpin' },
  rejectReason: 'Why? (the author sees this)',
  ban: 'Ban',
  banAuthor: (name) => `Ban ${name}`,
  banWhom: 'Whom to ban',
  banScopes: { identity: 'This reader', address: 'Their network address', both: 'Both' },
  banFor: 'For how long',
  banDurations: { '24': '1 day', '168': '7 days', '720': '30 days', '0': 'Until lifted' },
  banReason: 'Reason (for the moderators’ log)',
  reviewedFirst: 'Comments are reviewed by a moderator before they appear.',
  signInToComment: 'Sign in to join the discussion.',
  notices: ENGLISH_NOTICES,
  time: {
    justNow: 'just now',
    ago: (unit, n) => (n === 1 ? LAST[unit] : `${num(n)} ${unit}s ago`),
  },
};

/** Catalogs other than English are chunks of their own, loaded when a widget asks for their language. */
const loaders: Record<string, () => Promise<{ default: Messages }>> = { de: () => import('./de') };
const catalog: Record<string, Messages> = { en };

const languageOf = (locale: string) => locale.toLowerCase().split('-')[0] ?? 'en';

/** Messages for a BCP 47 locale: its language's catalog once loaded, else English. */
export function messagesFor(locale: string): Messages {
  return catalog[languageOf(locale)] ?? en;
}

/**
 * Loads the catalog of a locale's language (once per page). Resolves true when new texts arrived, so a
 * widget re-renders; false when there is nothing to load (English, an unknown language) or the chunk
 * could not be fetched (the widget stays in English).
 */
export async function loadMessages(locale: string): Promise<boolean> {
  const language = languageOf(locale);
  const load = loaders[language];
  if (!load || catalog[language]) return false;
  try {
    catalog[language] = (await load()).default;
    return true;
  } catch {
    return false;
  }
}
