/** German texts, loaded only by pages that ask for German (see `loadMessages`). */
import { groupDigits, type TimeUnit } from './format';
import type { Messages } from './messages';

const num = (n: number) => groupDigits(n, '.');

/** One, and many (dative, after "vor"). */
const UNITS: Record<TimeUnit, [string, string]> = {
  year: ['letztes Jahr', 'Jahren'],
  month: ['letzten Monat', 'Monaten'],
  week: ['letzte Woche', 'Wochen'],
  day: ['gestern', 'Tagen'],
  hour: ['vor 1 Stunde', 'Stunden'],
  minute: ['vor 1 Minute', 'Minuten'],
};

const de: Messages = {
  comments: (n) => (n === 1 ? '1 Kommentar' : `${num(n)} Kommentare`),
  heading: 'Kommentare',
  sortLabel: 'Kommentare sortieren',
  newest: 'Neueste',
  oldest: 'Älteste',
  top: 'Beliebteste',
  reply: 'Antworten',
  replyTo: (name) => `Antworten an ${name}`,
  upvote: (name) => `Positiv bewerten: Kommentar von ${name}`,
  downvote: (name) => `Negativ bewerten: Kommentar von ${name}`,
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
  newComments: (n) => (n === 1 ? '1 neuer Kommentar' : `${num(n)} neue Kommentare`),
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
  loadedMore: (n) => (n === 1 ? '1 weiterer Kommentar geladen.' : `${num(n)} weitere Kommentare geladen.`),
  retry: 'Erneut versuchen',
  emptyBody: 'Schreiben Sie etwas, bevor Sie senden.',
  nameRequired: 'Geben Sie einen Anzeigenamen an.',
  tooLong: (max) => `Bitte höchstens ${num(max)} Zeichen.`,
  notConfigured: 'Dieser Kommentarbereich ist nicht richtig eingerichtet.',
  dismiss: 'Schließen',
  markdownHint: 'Markdown: *kursiv*, **fett**, [Link](https://…), `Code`, > Zitat, - Liste',
  awaitingModeration: 'Wartet auf Freigabe',
  notPublished: (reason) => (reason ? `Nicht veröffentlicht: ${reason}` : 'Nicht veröffentlicht'),
  editedByModerator: 'von der Moderation bearbeitet',
  report: 'Melden',
  reportComment: (name) => `Kommentar von ${name} melden`,
  reportQuestion: 'Warum sollte sich die Moderation diesen Kommentar ansehen?',
  reportReasons: {
    spam: 'Spam oder Werbung',
    abuse: 'Beleidigend oder belästigend',
    'off-topic': 'Gehört nicht zum Thema',
    illegal: 'Rechtswidriger Inhalt',
  },
  reportDetail:
    'Was sollte die Moderation wissen? (Bei rechtswidrigen Inhalten nötig: was daran rechtswidrig ist.)',
  reportDetailRequired: 'Bitte beschreiben Sie, was an diesem Kommentar rechtswidrig ist.',
  sendReport: 'Meldung senden',
  moderation: { approve: 'Freigeben', reject: 'Ablehnen', spam: 'Spam', pin: 'Anheften', unpin: 'Lösen' },
  reviewedFirst: 'Kommentare werden vor der Veröffentlichung von der Moderation geprüft.',
  signInToComment: 'Melden Sie sich an, um mitzudiskutieren.',
  notices: {
    rateLimited: (seconds) =>
      seconds !== undefined && seconds > 0
        ? `Sie schreiben zu schnell – bitte in ${Math.ceil(seconds)} s erneut versuchen.`
        : 'Sie schreiben zu schnell – bitte gleich erneut versuchen.',
    network:
      'Der Kommentar-Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
    originRefused: 'Auf dieser Seite sind keine Kommentare verfügbar.',
    editWindowClosed: 'Dieser Kommentar kann nicht mehr geändert werden.',
    threadClosed: 'Diese Diskussion ist geschlossen.',
    notYours: 'Sie können nur Ihre eigenen Kommentare ändern.',
    signIn: 'Bitte melden Sie sich erneut an.',
    checkInput: 'Bitte prüfen Sie Ihren Text und versuchen Sie es erneut.',
    gone: 'Diesen Kommentar gibt es nicht mehr.',
    conflict: 'Inzwischen hat sich etwas geändert. Bitte laden Sie die Kommentare neu.',
    storageFull: 'In diesem Browser ist kein Platz mehr, um Kommentare zu speichern.',
    tooLong: 'Das ist zu lang zum Speichern.',
    server: 'Beim Kommentar-Server ist etwas schiefgegangen. Bitte versuchen Sie es erneut.',
    posted: 'Ihr Kommentar wurde veröffentlicht.',
    edited: 'Ihre Änderung wurde gespeichert.',
    removed: 'Ihr Kommentar wurde gelöscht.',
    waitForParent: 'Bitte warten Sie, bis dieser Kommentar gesendet ist, bevor Sie darauf antworten.',
    notSent:
      'Der Kommentar-Server ist nicht erreichbar. Ihr Kommentar ist auf diesem Gerät gespeichert und wird gesendet, sobald die Verbindung wieder da ist.',
    restored: 'Ihr Kommentar wurde nicht veröffentlicht; der Text steht wieder im Eingabefeld.',
    reported: 'Danke für die Meldung. Ein Moderator sieht sich den Kommentar an.',
    moderated: 'Erledigt.',
    held: 'Danke! Ihr Kommentar erscheint, sobald ein Moderator ihn freigegeben hat.',
    nameTaken:
      'Dieser Name gehört einer angemeldeten Person oder sieht ihrem Namen zum Verwechseln ähnlich. Bitte wählen Sie einen anderen.',
  },
  time: {
    justNow: 'gerade eben',
    ago: (unit, n) => (n === 1 ? UNITS[unit][0] : `vor ${num(n)} ${UNITS[unit][1]}`),
  },
};

export default de;
