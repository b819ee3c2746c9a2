import type { VoteValue } from '../adapters/adapter';

/** A reader's vote was accepted: `value` is their vote now (0 when taken back). */
export class VoteChangedEvent extends CustomEvent<{ readonly id: string; readonly value: VoteValue }> {
  static readonly type = 'threadline-vote-changed';
  constructor(id: string, value: VoteValue) {
    super(VoteChangedEvent.type, { detail: { id, value }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'threadline-vote-changed': VoteChangedEvent;
  }
}
