import { svg } from 'lit';

/** Decorative arrows for the vote buttons; the buttons carry the accessible names. */
export const upIcon = svg`<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M8 3 14 11H2z"/></svg>`;
export const downIcon = svg`<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M8 13 2 5h12z"/></svg>`;
