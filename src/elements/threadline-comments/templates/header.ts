import { html, nothing } from 'lit';
import type { Sort } from '../../../adapters/adapter';
import type { Messages } from '../../../i18n/messages';

/** The count and the sort buttons, written out with their texts as properties: no marker nodes. */
export function renderHeader(
  count: string,
  level: number,
  sort: Sort,
  msg: Messages,
  busy: boolean,
  sortable: boolean,
) {
  const pressed = (option: Sort) => (option === sort ? 'true' : 'false');
  const working = (option: Sort) => (busy && option === sort ? 'true' : 'false');
  return html`<header class="bar" part="header"><h2 class="count" id="count" aria-level=${
    level === 2 ? nothing : level
  } .textContent=${count}></h2><div class="sort" role="group" aria-label=${msg.sortLabel} part="sort" ?hidden=${!sortable}><button type="button" data-action="sort" data-sort="newest" aria-pressed=${pressed(
    'newest',
  )} aria-busy=${working('newest')} .textContent=${msg.newest}></button><button type="button" data-action="sort" data-sort="oldest" aria-pressed=${pressed(
    'oldest',
  )} aria-busy=${working('oldest')} .textContent=${msg.oldest}></button><button type="button" data-action="sort" data-sort="top" aria-pressed=${pressed(
    'top',
  )} aria-busy=${working('top')} .textContent=${msg.top}></button></div></header>`;
}
