import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tells its host once when the host comes within about one screen of the viewport, so a widget at the
 * foot of an article costs the page nothing (no data, no backend chunk) until the reader heads there.
 * The observer is dropped after the first hit; a browser without IntersectionObserver counts as near.
 */
export class NearViewportController implements ReactiveController {
  /** True once the host has been within a screen of the viewport (or `force()` was called). */
  near = false;
  private observer: IntersectionObserver | undefined;
  private soon: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
  }

  /** Skips the wait (loading="eager"). */
  force(): void {
    if (this.near) return;
    this.hostDisconnected();
    this.near = true;
    this.host.requestUpdate();
  }

  /**
   * Skips the wait, from the next task on (loading="eager"): the task that connected the host only
   * renders the placeholder, and the store and the first real render get a task of their own, so
   * neither the host page's task nor the widget's start grows into one long task.
   */
  forceSoon(): void {
    if (this.near || this.soon) return;
    this.soon = setTimeout(() => this.force());
  }

  hostConnected(): void {
    if (this.near || this.observer) return;
    if (!self.IntersectionObserver) {
      this.force();
      return;
    }
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) this.force();
      },
      {
        // The document as root (not the implicit top-level viewport) so the margin also applies when the
        // page sits in an iframe. 100%: one viewport height around it, so loading starts a screen early.
        root: this.host.ownerDocument,
        rootMargin: '100%',
      },
    );
    this.observer.observe(this.host);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
    clearTimeout(this.soon);
    this.soon = undefined;
  }
}
