import type { Sort } from '../adapters/adapter';

/** The reader picked another sort order. */
export class SortChangedEvent extends CustomEvent<{ readonly sort: Sort }> {
  static readonly type = 'threadline-sort-changed';
  constructor(sort: Sort) {
    super(SortChangedEvent.type, { detail: { sort }, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'threadline-sort-changed': SortChangedEvent;
  }
}
