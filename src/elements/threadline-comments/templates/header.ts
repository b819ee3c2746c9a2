import { html } from 'lit';
import { SORTS, type Sort } from '../../../adapters/adapter';
import type { Messages } from '../../../i18n/messages';

function sortLabel(sort: Sort, msg: Messages): string {
  return sort === 'newest' ? msg.newest : sort === 'oldest' ? msg.oldest : msg.top;
}

export function renderHeader(total: number, sort: Sort, msg: Messages, busy: boolean) {
  return html`<header class="bar" part="header">
    <h2 class="count" id="count">${msg.comments(total)}</h2>
    <div class="sort" role="group" aria-label=${msg.sortLabel} part="sort">
      ${SORTS.map(
        (option) => html`<button
          type="button"
          data-action="sort"
          data-sort=${option}
          aria-pressed=${option === sort ? 'true' : 'false'}
          aria-busy=${busy && option === sort ? 'true' : 'false'}
        >${sortLabel(option, msg)}</button>`,
      )}
    </div>
  </header>`;
}
