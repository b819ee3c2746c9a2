import type { LitElement } from 'lit';

/**
 * The height the widget holds, with a skeleton in it, until its first page is known, so the page below
 * does not shift while comments load. The estimate is a lower bound for a full first page (every real
 * comment is taller than a one-line comment), capped at one viewport: a reader who arrives by a jump
 * link sees the skeleton fill the screen, never a screen and more of blank page. As soon as the first
 * page is on screen the space is given back: a full page only grew the widget, and a short thread
 * shrinks it to what it shows (below the viewport nobody sees that; above it, scroll anchoring keeps
 * the reader's place).
 */
export class ReservedSpace {
  /** The min-height held now ('' for none). */
  private height = '';
  /** Once given back, never taken again: a new sort or thread must not open a gap. */
  private done = false;

  constructor(private readonly host: LitElement) {}

  /**
   * Holds a lower bound for the first page: header bar, the top composer (almost nothing when
   * readonly), and one single-line comment per top-level slot. In rem, so it follows the font size.
   */
  hold(pageSize: number, readonly: boolean): void {
    if (!this.done && !this.height) this.height = `min(${(readonly ? 4.5 : 14) + pageSize * 5.5}rem, 100vh)`;
  }

  /**
   * After each render: sets the held height on the wrapper through CSSOM (not a style attribute, which a
   * strict style-src would block), or gives it back once the first page is shown.
   */
  apply(firstPageShown: boolean): void {
    if (firstPageShown) this.release();
    const root = this.host.renderRoot.querySelector<HTMLElement>('.widget');
    if (root && root.style.minHeight !== this.height) root.style.minHeight = this.height;
  }

  /** Gives the held space back (the first page is shown, or the reader acted in the widget). */
  release(): void {
    this.done = true;
    this.height = '';
  }
}
