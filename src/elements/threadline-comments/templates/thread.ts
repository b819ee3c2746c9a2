import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { describeError } from '../../../store/notices';
import type { CommentNode, Notice, ThreadView } from '../../../store/types';
import { renderCommentList } from './comment';
import { renderComposer } from './composer';
import { formKey, type RenderContext } from './context';
import { renderHeader } from './header';

function renderTopComposer(view: ThreadView, ctx: RenderContext, readonly: boolean) {
  if (view.info?.closed) return html`<p class="status">${ctx.msg.closed}</p>`;
  if (readonly) return html`<p class="status">${ctx.msg.readonly}</p>`;
  const policy = view.info?.policy;
  const signedIn = ctx.viewer?.role === 'user' || ctx.viewer?.role === 'moderator';
  if (policy === 'signed-in' && !signedIn) return html`<p class="status">${ctx.msg.signInToComment}</p>`;
  const composer = renderComposer(ctx, {
    key: formKey.root,
    parentId: null,
    label: ctx.msg.commentLabel,
    submitLabel: ctx.msg.postComment,
    askName: true,
    cancellable: false,
  });
  // Said before anyone writes, so a held comment surprises nobody. One template either way: a form made
  // afresh when the thread's policy arrives would drop the name a reader was already typing.
  const reviewed = (policy === 'premoderate' || policy === 'first-post') && ctx.viewer?.role !== 'moderator';
  return html`${composer}${reviewed ? html`<p class="note">${ctx.msg.reviewedFirst}</p>` : nothing}`;
}

/** A quiet shape of what is coming: grey comment outlines, with the words for screen readers only. */
export function renderSkeleton(msg: RenderContext['msg']) {
  return html`<p class="status visually-hidden">${msg.loading}</p><ol class="skeleton" aria-hidden="true"><li></li><li></li><li></li></ol>`;
}

function renderStatus(view: ThreadView, ctx: RenderContext) {
  if (view.status === 'pending' && view.roots.length === 0) return renderSkeleton(ctx.msg);
  if (view.status === 'error') {
    // Plain words by kind of failure; the element puts the detail in the console.
    const why = view.error ? describeError(view.error, ctx.msg.notices) : ctx.msg.notices.server;
    return html`<p class="status" role="alert">
      ${ctx.msg.loadFailed} ${why}
      <button type="button" class="secondary" data-action="retry">${ctx.msg.retry}</button>
    </p>`;
  }
  // A closed thread has already said so; "start the conversation" would invite what it refuses.
  if (view.status === 'ready' && view.roots.length === 0 && !view.info?.closed)
    return html`<p class="status">${ctx.msg.empty}</p>`;
  return nothing;
}

function renderMoreBar(view: ThreadView, ctx: RenderContext) {
  if (!view.hasMore) return nothing;
  return html`<div class="more-bar">
    <button type="button" class="secondary" data-action="load-more" ?disabled=${view.loadingMore}>
      ${ctx.msg.loadMore}
    </button>
    <button type="button" class="secondary" data-action="view-all" ?disabled=${view.loadingMore}>
      ${ctx.msg.viewAll}
    </button>
  </div>`;
}

/**
 * New comments from other readers wait here instead of shifting the list. The polite live region is
 * always present, so "3 new comments" is announced when it appears.
 */
function renderNewBar(view: ThreadView, ctx: RenderContext) {
  const button =
    view.incoming > 0
      ? html`<button type="button" class="secondary" data-action="show-new">${ctx.msg.newComments(view.incoming)}</button>`
      : nothing;
  return html`<div class="new-bar" aria-live="polite">${button}</div>`;
}

function renderNotices(notice: Notice | null, ctx: RenderContext) {
  // The live region exists before any notice so screen readers announce the text when it appears.
  // Keyed by the notice's number: the same words twice ("Your comment was posted.") are a new node, which
  // screen readers announce again; a changed text node alone they would not.
  return html`<div class="visually-hidden" role="status" aria-live="polite">${
    notice?.kind === 'info' ? keyed(notice.seq, html`<span>${notice.text}</span>`) : nothing
  }</div>
    ${
      notice?.kind === 'error'
        ? html`<div class="notice error" part="notice" role="alert">
          <span>${notice.text}</span>
          <button type="button" class="link" data-action="dismiss">${ctx.msg.dismiss}</button>
        </div>`
        : nothing
    }`;
}

/**
 * The whole thread below the root wrapper: header, notices, composer, comments, paging. `roots` is
 * the part of `view.roots` rendered so far (long lists render in slices).
 */
export function renderThread(
  view: ThreadView,
  roots: readonly CommentNode[],
  notice: Notice | null,
  ctx: RenderContext,
  readonly: boolean,
) {
  // No whitespace between the parts: it would only add text nodes.
  // Sorting needs two top-level comments to order.
  const sortable = view.roots.length > 1 || view.hasMore;
  // No count until one is known: "0 comments" while loading would be wrong.
  const count =
    view.status === 'ready' || view.roots.length > 0 ? ctx.msg.comments(view.total) : ctx.msg.heading;
  return html`${renderHeader(count, ctx.headingLevel, view.sort, ctx.msg, view.status === 'pending', sortable)}${renderNotices(
    notice,
    ctx,
  )}${renderTopComposer(view, ctx, readonly)}${renderStatus(view, ctx)}${renderNewBar(view, ctx)}${
    roots.length > 0 ? renderCommentList(roots, ctx) : nothing
  }${renderMoreBar(view, ctx)}`;
}
