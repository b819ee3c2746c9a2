import type { WritableAtom } from 'nanostores';
import type { Adapter, VoteValue } from '../adapters/adapter';
import type { NoticeTexts } from '../i18n/notices';
import type { StoreState } from './state';
import type { Notice } from './types';

/** What the parts of one thread store (paging, live events, actions, sending) share. */
export interface StoreContext {
  readonly adapter: Adapter;
  readonly thread: string;
  readonly $state: WritableAtom<StoreState>;
  /** Aborted when the store is disposed: passed to requests, and the sign that the store is gone. */
  readonly signal: AbortSignal;
  /** Last vote state the backend confirmed, per comment with a vote in flight, to roll back to. */
  readonly confirmedVotes: Map<string, { score: number; myVote: VoteValue }>;
  /** Comments this reader deleted: a backend that echoes the deletion must not count it twice. */
  readonly ownDeletes: Set<string>;
  /**
   * Changes a copy of the state and publishes it; nothing once the store is disposed. `draft` makes
   * the copy: `rootsDraftOf` for a change to `roots` alone.
   */
  update(change: (d: StoreState) => void, draft?: (s: StoreState) => StoreState): void;
  /** A message for the reader (shown and announced). */
  notify(kind: Notice['kind'], text: string): void;
  /** The notice texts in the reader's language. */
  texts(): NoticeTexts;
  /** Tells the reader in plain words why something failed. */
  fail(error: unknown): void;
}
