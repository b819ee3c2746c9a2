import { css } from 'lit';
import { tokens } from '../../styles/tokens';

const layout = css`
  .widget {
    display: flex;
    flex-direction: column;
    gap: var(--_space);
  }

  header.bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(var(--_space) / 2);
    border-bottom: 1px solid var(--_border);
    padding-bottom: calc(var(--_space) / 2);
  }

  .count {
    margin: 0;
    font-size: 1.125em;
    font-weight: 700;
  }

  /* Hidden but still holding its place: the header keeps its height when the toggle comes or goes. */
  .sort[hidden] {
    visibility: hidden;
  }

  .sort {
    display: inline-flex;
    gap: 2px;
    padding: 2px;
    border-radius: var(--_radius);
    background: var(--_surface);
  }

  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    /* WCAG 2.5.8: every target at least 24 by 24 CSS pixels. */
    min-inline-size: 24px;
    min-block-size: 24px;
    border: 1px solid transparent;
    border-radius: calc(var(--_radius) - 2px);
    background: none;
    padding: 0.25em 0.6em;
    line-height: 1.4;
  }

  button:hover {
    background: color-mix(in srgb, var(--_accent) 10%, transparent);
  }

  button:disabled {
    cursor: default;
    opacity: 0.6;
  }

  .sort button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-contrast);
  }

  .primary {
    background: var(--_accent);
    color: var(--_accent-contrast);
    font-weight: 600;
    padding: 0.4em 1em;
  }

  .primary:hover {
    background: color-mix(in srgb, var(--_accent) 85%, var(--_text));
  }

  .secondary {
    border-color: var(--_border);
  }

  .link {
    color: var(--_accent);
    padding: 0.25em 0.4em;
    font-weight: 600;
  }

  .notice {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
    padding: 0.5em 0.75em;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
  }

  .notice.error {
    border-color: var(--_danger);
    color: var(--_danger);
  }

  .status {
    color: var(--_muted);
    margin: 0;
  }

  /* While the first page loads: quiet grey outlines of comments, no text. */
  .skeleton {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--_space);
  }

  .skeleton li {
    display: grid;
    grid-template-columns: var(--_avatar) 1fr;
    gap: 0.65em;
  }

  .skeleton li::before,
  .skeleton li::after {
    content: '';
    background: var(--_surface);
    border-radius: var(--_radius);
  }

  .skeleton li::before {
    height: var(--_avatar);
    border-radius: 50%;
  }

  .skeleton li::after {
    height: 3.5em;
  }

  /* Empty, it stays in the tree (a live region must exist before it speaks) but takes no room. */
  .new-bar:empty {
    margin-block-start: calc(-1 * var(--_space));
  }

  /* Sticky within the widget: a reader halfway down the thread still sees the pill at the top of the
     viewport. The bar itself lets clicks through; only the small pill covers what is under it. */
  .new-bar {
    display: flex;
    justify-content: center;
    position: sticky;
    inset-block-start: 0.5rem;
    z-index: 1;
    pointer-events: none;
  }

  .new-bar > button {
    pointer-events: auto;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-contrast);
    font-weight: 600;
    box-shadow: 0 2px 8px rgb(0 0 0 / 25%);
  }

  .new-bar > button:hover {
    background: color-mix(in srgb, var(--_accent) 85%, var(--_text));
  }

  .more-bar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    justify-content: center;
  }
`;

const composer = css`
  form.composer {
    display: grid;
    gap: 0.5em;
  }

  label {
    font-weight: 600;
    font-size: 0.875em;
  }

  input,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5em 0.65em;
    width: 100%;
  }

  textarea {
    min-height: 5.5em;
    resize: vertical;
  }

  input:focus-visible,
  textarea:focus-visible {
    border-color: var(--_accent);
  }

  .composer-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
  }

  .hint,
  .as {
    color: var(--_muted);
    font-size: 0.8125em;
  }

  .field-error {
    color: var(--_danger);
    font-size: 0.875em;
    margin: 0;
  }

  .actions-end {
    display: flex;
    gap: 0.5em;
    margin-inline-start: auto;
  }
`;

const comments = css`
  ol.list,
  ol.replies {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  ol.replies {
    margin-top: 0.5em;
    padding-inline-start: var(--_indent);
    border-inline-start: 2px solid var(--_border);
  }

  ol.replies.flat {
    padding-inline-start: 0;
    border-inline-start: 0;
  }

  li.item {
    margin-top: var(--_space);
  }

  ol.replies > li.item {
    margin-top: 0.75em;
  }

  ol.long > li.item.root {
    content-visibility: auto;
    contain-intrinsic-size: auto 8rem;
  }

  article.comment {
    display: grid;
    grid-template-columns: var(--_avatar) 1fr;
    column-gap: 0.65em;
  }

  .avatar {
    grid-row: span 3;
    width: var(--_avatar);
    height: var(--_avatar);
    border-radius: 50%;
    --_tint: var(--_accent);
    background: color-mix(in srgb, var(--_tint) 22%, var(--_surface));
    color: var(--_text);
    display: grid;
    place-items: center;
    font-size: calc(var(--_avatar) * 0.4);
    font-weight: 700;
    overflow: hidden;
  }

  /* Initials stay under the image, so an image that fails to load leaves them showing. */
  .avatar::before,
  .avatar > img {
    grid-area: 1 / 1;
  }

  .avatar::before {
    content: attr(data-initials);
  }

  .avatar > img {
    width: 100%;
    height: 100%;
    object-fit: cover;
    background: var(--_surface);
  }

  /* One of eight tints per author (from the author's id), so neighbours' discs tell apart. Each is mixed
     22 % into the surface: names on them keep 4.5:1 and more in both schemes. */
  .avatar[data-tint='1'] { --_tint: light-dark(#b3261e, #ff8a80); }
  .avatar[data-tint='2'] { --_tint: light-dark(#1b7f3b, #7fd99a); }
  .avatar[data-tint='3'] { --_tint: light-dark(#8a4b00, #ffb870); }
  .avatar[data-tint='4'] { --_tint: light-dark(#6a3fb5, #c3a6ff); }
  .avatar[data-tint='5'] { --_tint: light-dark(#00727a, #6fd8df); }
  .avatar[data-tint='6'] { --_tint: light-dark(#a3236f, #ff9bd0); }
  .avatar[data-tint='7'] { --_tint: light-dark(#4d5b00, #d0e070); }
  .avatar[data-tint='none'] { --_tint: var(--_border); }

  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25em 0.6em;
    font-size: 0.875em;
    color: var(--_muted);
  }

  .author {
    color: var(--_text);
    font-weight: 700;
  }

  .badge {
    font-size: 0.75em;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--_accent);
  }

  .body {
    overflow-wrap: anywhere;
  }

  .body > :first-child {
    margin-top: 0.15em;
  }

  .body p,
  .body ul,
  .body ol,
  .body blockquote,
  .body pre {
    margin: 0.4em 0;
  }

  .body a {
    color: var(--_accent);
  }

  .body blockquote {
    border-inline-start: 3px solid var(--_border);
    padding-inline-start: 0.75em;
    color: var(--_muted);
  }

  .body code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 0.9em;
    background: var(--_surface);
    border-radius: 4px;
    padding: 0.05em 0.3em;
  }

  .body pre {
    background: var(--_surface);
    border-radius: var(--_radius);
    padding: 0.6em 0.8em;
    overflow-x: auto;
  }

  .body pre code {
    padding: 0;
    background: none;
  }

  .tombstone {
    color: var(--_muted);
    font-style: italic;
  }

  .sending {
    opacity: 0.65;
  }

  .not-sent {
    color: var(--_danger);
    font-weight: 600;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em;
    /* The first button's padding, pulled back so its icon lines up with the text above. */
    margin-inline-start: -0.4em;
    font-size: 0.875em;
    color: var(--_muted);
  }

  .vote[hidden] {
    display: none;
  }

  .vote {
    display: inline-flex;
    align-items: center;
  }

  .vote button {
    padding: 0.2em 0.4em;
    display: inline-grid;
    place-items: center;
  }

  /* Pressed is a framed, tinted box around the arrow, not only another colour. */
  .vote button[aria-pressed='true'] {
    color: var(--_accent);
    border-color: currentColor;
    background: color-mix(in srgb, var(--_accent) 14%, transparent);
  }

  /* The arrows: triangles drawn with borders in the text color, so no icon element per button. */
  .vote button::before {
    content: '';
    display: block;
    border-inline: 0.5em solid transparent;
  }

  .vote button.up::before {
    border-bottom: 0.55em solid currentColor;
    margin-block: 0.2em 0.25em;
  }

  .vote button.down::before {
    border-top: 0.55em solid currentColor;
    margin-block: 0.25em 0.2em;
  }

  .score {
    min-width: 1.5em;
    text-align: center;
    font-weight: 700;
    color: var(--_text);
    font-variant-numeric: tabular-nums;
  }

  .confirm {
    display: inline-flex;
    align-items: center;
    gap: 0.25em;
    color: var(--_danger);
  }

  .inline-composer,
  .report-form {
    margin-top: 0.5em;
    grid-column: 2;
  }

  .report-form fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25em;
  }

  .report-form legend {
    font-weight: 600;
    margin-bottom: 0.25em;
  }

  .report-form textarea {
    display: block;
    width: 100%;
    box-sizing: border-box;
    margin-top: 0.25em;
    font: inherit;
  }

  .report-form .form-actions {
    display: flex;
    gap: 0.5em;
    margin-top: 0.5em;
  }

  /* A comment only its author (or a moderator) is shown: marked, not hidden. */
  .held {
    color: var(--_danger);
    font-weight: 600;
  }

  .hp {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }

  .note {
    color: var(--_muted);
    font-size: 0.875em;
    margin: 0.25em 0 0;
  }

  .show-more {
    margin-top: 0.5em;
  }
`;

export const styles = [tokens, layout, composer, comments];
