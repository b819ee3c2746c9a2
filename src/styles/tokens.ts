import { css } from 'lit';

/**
 * Themes only set color-scheme; every default color is a light-dark() pair, so light, dark and auto
 * (the page's own scheme, resolved by the element) need no second set of rules.
 *
 * Public `--threadline-*` tokens are read once here into private `--_*` variables with defaults; the
 * rest of the stylesheet uses only the private ones. `all: initial` on the host, and the text resets on
 * `.widget` (which a page's `*` rules cannot reach), keep the page's inherited text styles (line-height,
 * letter-spacing, text-transform, …) out; custom properties still come in, as tokens should.
 */
export const tokens = css`
  :host {
    all: initial;
    display: block;
    contain: content;
    --_font: var(--threadline-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_size: var(--threadline-font-size, 1rem);
    --_text: var(--threadline-color-text, light-dark(#1d2127, #e6e8eb));
    --_muted: var(--threadline-color-muted, light-dark(#555c65, #a9b0b9));
    --_bg: var(--threadline-color-bg, transparent);
    --_surface: var(--threadline-color-surface, light-dark(#f4f5f7, #23272e));
    --_border: var(--threadline-color-border, light-dark(#d5d9de, #3a404a));
    --_accent: var(--threadline-accent, light-dark(#1f5fbf, #8ab4ff));
    --_accent-contrast: var(--threadline-accent-contrast, light-dark(#ffffff, #0d1117));
    --_danger: var(--threadline-color-danger, light-dark(#b3261e, #ffb4ab));
    --_radius: var(--threadline-radius, 8px);
    --_space: var(--threadline-space, 1rem);
    --_avatar: var(--threadline-avatar-size, 2rem);
    --_indent: var(--threadline-indent, 1.25rem);
    --_ring: var(--threadline-focus-ring, 0 0 0 3px color-mix(in srgb, var(--_accent) 45%, transparent));
  }

  :host([hidden]) {
    display: none;
  }

  /* Themes set color-scheme on the wrapper, where the resolved theme (auto: the page's) is known;
     colors that use the light-dark() defaults are resolved there. The wrapper's class is its own:
     a class that comment items also carry would reset their colors to the light scheme. */
  .widget {
    color-scheme: light;
    color: var(--_text);
    background: var(--_bg);
    font-family: var(--_font);
    font-size: var(--_size);
    font-weight: 400;
    font-style: normal;
    line-height: 1.5;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    text-align: start;
    text-indent: 0;
    white-space: normal;
  }

  .widget[data-theme='dark'] {
    color-scheme: dark;
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  :focus-visible {
    outline: none;
    box-shadow: var(--_ring);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
