import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Scheme = 'light' | 'dark';

/** Relative luminance above which text is light, i.e. reads better on black than on white (WCAG). */
const LIGHT_TEXT = 0.179;

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Luminance of a computed `rgb()`/`rgba()` colour; null for a transparent or non-sRGB one. */
export function luminance(color: string): number | null {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(color);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : Number.parseFloat(m[4]) / (m[4].endsWith('%') ? 100 : 1);
  if (alpha < 0.5) return null;
  return 0.2126 * channel(Number(m[1])) + 0.7152 * channel(Number(m[2])) + 0.0722 * channel(Number(m[3]));
}

/**
 * The colour scheme the page shows around `host`. The host's own styles are reset (`all: initial`),
 * so this reads its parent: a `color-scheme` that names one scheme wins; otherwise the text colour
 * the page gives there tells how the page looks (light text: a dark page), which covers a dark mode
 * switched by a class, `<meta name="color-scheme">` and a page that follows the OS; with no usable
 * colour, prefers-color-scheme.
 */
export function pageScheme(host: Element, darkSelector: string | null): Scheme {
  if (darkSelector && host.parentElement?.closest(darkSelector)) return 'dark';
  const root = host.getRootNode();
  const parent = host.parentElement ?? (root instanceof ShadowRoot ? root.host : document.documentElement);
  const style = getComputedStyle(parent);
  const words = style.colorScheme.split(/\s+/);
  if (words.includes('dark') !== words.includes('light')) return words.includes('dark') ? 'dark' : 'light';
  const text = luminance(style.color);
  if (text !== null) return text > LIGHT_TEXT ? 'dark' : 'light';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * For `theme="auto"`: keeps `scheme` equal to the page's, live. It watches what a site changes to switch
 * its own dark mode (attributes of `<html>` and `<body>`, the `<head>`'s meta tags and stylesheets, the
 * OS setting) and looks again after a colour transition ends. Nothing is watched while inactive.
 */
export class PageSchemeController implements ReactiveController {
  scheme: Scheme = 'light';
  private active = false;
  private darkSelector: string | null = null;
  private observer: MutationObserver | undefined;
  private media: MediaQueryList | undefined;
  private frame = 0;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** Follow the page (auto) or not; `darkSelector` matches an ancestor while the page is dark. */
  follow(active: boolean, darkSelector: string | null): void {
    this.darkSelector = darkSelector;
    if (active !== this.active) {
      this.active = active;
      if (active && this.host.isConnected) this.hostConnected();
      else if (!active) this.hostDisconnected();
    }
    if (active) this.scheme = this.read();
  }

  hostConnected(): void {
    if (!this.active || this.observer) return;
    this.scheme = this.read();
    this.observer = new MutationObserver(this.check);
    const doc = document.documentElement;
    this.observer.observe(doc, { attributes: true });
    if (document.body) this.observer.observe(document.body, { attributes: true });
    if (document.head)
      this.observer.observe(document.head, { childList: true, subtree: true, attributes: true });
    this.media = matchMedia('(prefers-color-scheme: dark)');
    this.media.addEventListener('change', this.check);
    document.addEventListener('transitionend', this.check, true);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    this.media?.removeEventListener('change', this.check);
    this.media = undefined;
    document.removeEventListener('transitionend', this.check, true);
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private read(): Scheme {
    try {
      return pageScheme(this.host, this.darkSelector);
    } catch {
      return 'light';
    }
  }

  /** Batched to one style read per frame, however many changes a page's switch makes. */
  private readonly check = (): void => {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const scheme = this.read();
      if (scheme === this.scheme) return;
      this.scheme = scheme;
      this.host.requestUpdate();
    });
  };
}
