import type { LitElement } from 'lit';

/**
 * The height the widget holds before its first page is on screen, so the host page does not shift when
 * comments arrive. The estimate is a lower bound for a full first page (every real comment is taller
 * than a one-line comment), so a full page only grows the widget below what it already holds. A thread
 * shorter than a page gives the space back only where nobody sees it happen: when the end of the
 * comments is below the viewport, or right after the reader's own click or key press (shifts that follow
 * input do not count as layout shift).
 */
export class ReservedSpace {
  /** The min-height held now ('' for none). */
  private height = '';
  /** Once given back, never taken again: a new sort or thread must not open a gap. */
  private done = false;
  /** A check of the content's end is waiting for the next frame. */
  private checking = false;

  constructor(private readonly host: LitElement) {}

  /**
   * Holds a lower bound for the first page: header bar, the top composer (almost nothing when
   * readonly), and one single-line comment per top-level slot. In rem, so it follows the font size.
   */
  hold(pageSize: number, readonly: boolean): void {
    if (!this.done && !this.height) this.height = `${(readonly ? 4.5 : 14) + pageSize * 5.5}rem`;
  }

  /**
   * After each render: sets the held height on the root through CSSOM (not a style attribute, which a
   * strict style-src would block). Once content is shown, gives the space back if the comments fill it
   * or if their end is below the viewport anyway.
   */
  apply(contentShown: boolean): void {
    const root = this.host.renderRoot.querySelector<HTMLElement>('.widget');
    if (!root) return;
    root.style.minHeight = this.height;
    if (!contentShown || !this.height || this.checking) return;
    // Layout is read in the next animation frame, where the browser lays out anyway: read right after a
    // render, it would force a layout of its own into the render's task.
    this.checking = true;
    requestAnimationFrame(() => {
      this.checking = false;
      if (!this.height || !root.isConnected) return;
      const end = root.lastElementChild?.getBoundingClientRect().bottom ?? 0;
      if (end >= root.getBoundingClientRect().bottom - 1 || end >= innerHeight) this.release();
    });
  }

  /** Gives the held space back now (the reader just clicked or typed in the widget). */
  release(): void {
    this.done = true;
    if (!this.height) return;
    this.height = '';
    this.apply(false);
  }
}
