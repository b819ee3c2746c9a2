/** Every string the widget shows. Add a locale by adding an object of the same shape. */
export interface Messages {
  comments(count: number): string;
  sortLabel: string;
  newest: string;
  oldest: string;
  top: string;
  reply: string;
  upvote: string;
  downvote: string;
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
  retry: string;
  emptyBody: string;
  nameRequired: string;
  tooLong(max: number): string;
  notConfigured: string;
  dismiss: string;
  markdownHint: string;
}

const en: Messages = {
  comments: (n) => (n === 1 ? '1 comment' : `${n.toLocaleString('en')} comments`),
  sortLabel: 'Sort comments',
  newest: 'Newest',
  oldest: 'Oldest',
  top: 'Most voted',
  reply: 'Reply',
  upvote: 'Upvote',
  downvote: 'Downvote',
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
  newComments: (n) => (n === 1 ? '1 new comment' : `${n.toLocaleString('en')} new comments`),
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
  retry: 'Try again',
  emptyBody: 'Write something before posting.',
  nameRequired: 'Add a display name so readers know who is talking.',
  tooLong: (max) => `Keep it under ${max.toLocaleString('en')} characters.`,
  notConfigured: 'This comment section is not set up correctly.',
  dismiss: 'Dismiss',
  markdownHint: 'Markdown: *italic*, **bold**, [link](https://…), `code`, > quote, - list',
};

const de: Messages = {
  comments: (n) => (n === 1 ? '1 Kommentar' : `${n.toLocaleString('de')} Kommentare`),
  sortLabel: 'Kommentare sortieren',
  newest: 'Neueste',
  oldest: 'Älteste',
  top: 'Beliebteste',
  reply: 'Antworten',
  upvote: 'Positiv bewerten',
  downvote: 'Negativ bewerten',
  score: (s) => `Wertung ${s}`,
  edit: 'Bearbeiten',
  delete: 'Löschen',
  cancel: 'Abbrechen',
  save: 'Speichern',
  confirmDelete: 'Diesen Kommentar löschen?',
  postComment: 'Kommentar senden',
  postReply: 'Antwort senden',
  posting: 'Wird gesendet…',
  yourName: 'Ihr Name',
  commentLabel: 'Ihr Kommentar',
  replyLabel: (name) => `Ihre Antwort an ${name}`,
  editLabel: 'Kommentar bearbeiten',
  placeholder: 'Diskutieren Sie mit…',
  commentingAs: (name) => `Sie kommentieren als ${name}`,
  changeName: 'Namen ändern',
  edited: 'bearbeitet',
  deleted: 'Dieser Kommentar wurde gelöscht.',
  deletedAuthor: '[gelöscht]',
  sending: 'Wird gesendet…',
  notSent: 'Noch nicht gesendet — neuer Versuch folgt',
  newComments: (n) => (n === 1 ? '1 neuer Kommentar' : `${n.toLocaleString('de')} neue Kommentare`),
  pinned: 'Angeheftet',
  replyingTo: (name) => `Antwort an ${name}`,
  moreReplies: (n) => (n === 1 ? '1 weitere Antwort anzeigen' : `${n} weitere Antworten anzeigen`),
  loadMore: 'Weitere Kommentare laden',
  viewAll: 'Alle Kommentare anzeigen',
  loading: 'Kommentare werden geladen…',
  empty: 'Noch keine Kommentare. Schreiben Sie den ersten.',
  closed: 'Die Kommentare zu diesem Artikel sind geschlossen.',
  readonly: 'Kommentare können hier nur gelesen werden.',
  loadFailed: 'Die Kommentare konnten nicht geladen werden.',
  retry: 'Erneut versuchen',
  emptyBody: 'Schreiben Sie etwas, bevor Sie senden.',
  nameRequired: 'Geben Sie einen Anzeigenamen an.',
  tooLong: (max) => `Bitte höchstens ${max.toLocaleString('de')} Zeichen.`,
  notConfigured: 'Dieser Kommentarbereich ist nicht richtig eingerichtet.',
  dismiss: 'Schließen',
  markdownHint: 'Markdown: *kursiv*, **fett**, [Link](https://…), `Code`, > Zitat, - Liste',
};

const catalog: Record<string, Messages> = { en, de };

/** Messages for a BCP 47 locale: exact language match, else English. */
export function messagesFor(locale: string): Messages {
  const language = locale.toLowerCase().split('-')[0] ?? 'en';
  return catalog[language] ?? en;
}
